import {
  type ClassificationReport,
  classificationReport,
  confusionMatrix,
  formatClassificationReport,
} from '@tsgrad/metrics';
import type { ReportRow } from '../report/html-report.js';

/** What the commands print and report about a classifier on a labelled set. */
export interface ClassificationSummary {
  accuracy: number;
  confusionMatrix: number[][];
  report: ClassificationReport;
  /** Rows for the HTML report. */
  rows: ReportRow[];
  /** The classification report and the confusion matrix as aligned text. */
  text: string;
}

/**
 * Accuracy, per-class precision / recall / F1 / support and the confusion matrix of predicted
 * classes against true classes, with class names.
 */
export function summarizeClassification(
  truth: readonly number[],
  predicted: readonly number[],
  names: readonly string[],
): ClassificationSummary {
  const numClasses = names.length;
  const cm = confusionMatrix(truth, predicted, { numClasses }) as number[][];
  const report = classificationReport(truth, predicted, { numClasses, targetNames: names });
  const rows = report.classes.map((c) => ({
    label: c.name,
    precision: c.precision,
    recall: c.recall,
    f1: c.f1,
    support: c.support,
  }));
  const text = `${formatClassificationReport(report, { digits: 4 })}\nConfusion matrix (rows: true class, columns: predicted class)\n${formatConfusionMatrix(cm, names)}`;
  return { accuracy: report.accuracy, confusionMatrix: cm, report, rows, text };
}

/** A confusion matrix as an aligned text table with class names on both axes. */
export function formatConfusionMatrix(
  matrix: readonly (readonly number[])[],
  names: readonly string[],
): string {
  const cells = matrix.flat().map(String);
  const width = Math.max(...cells.map((c) => c.length), ...names.map((n) => n.length), 3);
  const head = Math.max(...names.map((n) => n.length), 4);
  const lines = [
    `${'true'.padEnd(head)} | ${names.map((n) => n.padStart(width)).join(' ')}`,
    `${'-'.repeat(head)}-+-${'-'.repeat((width + 1) * names.length - 1)}`,
  ];
  matrix.forEach((row, i) => {
    lines.push(`${names[i].padEnd(head)} | ${row.map((v) => String(v).padStart(width)).join(' ')}`);
  });
  return lines.join('\n');
}
