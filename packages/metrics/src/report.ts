import { type LabelOptions, pairLabels } from './classes.js';
import { countConfusion } from './confusion-matrix.js';
import { MetricsError } from './errors.js';
import type { MetricInput } from './input.js';
import {
  type ClassCounts,
  checkZeroDivision,
  countsFromMatrix,
  scoreFromCounts,
} from './precision-recall.js';

/** Options of {@link classificationReport}. */
export interface ClassificationReportOptions extends LabelOptions {
  /** Display names, one per class in class order. Default: the labels as strings. */
  targetNames?: readonly string[];
  /** As in {@link PrecisionRecallOptions.zeroDivision}: 0 (default), 1 or NaN. */
  zeroDivision?: number;
}

/** Precision, recall, F1 and support of one class or one average. */
export interface ReportRow {
  precision: number;
  recall: number;
  f1: number;
  /** Number of samples (of this class in `yTrue`; all samples for the averages). */
  support: number;
}

/** One class's row of a {@link ClassificationReport}. */
export interface ClassReportRow extends ReportRow {
  label: number;
  name: string;
}

/** The data behind scikit-learn's `classification_report`. */
export interface ClassificationReport {
  /** One row per class, in class order. */
  classes: ClassReportRow[];
  /** Fraction of all samples predicted correctly. */
  accuracy: number;
  macroAvg: ReportRow;
  weightedAvg: ReportRow;
  /** Total number of samples. */
  support: number;
}

/** Builds the report from a `[K, K]` confusion matrix (shared with `StreamingConfusionMatrix`). */
export function reportFromMatrix(
  op: string,
  matrix: readonly (readonly number[])[],
  classes: readonly number[],
  options: Pick<ClassificationReportOptions, 'targetNames' | 'zeroDivision'> = {},
): ClassificationReport {
  const { targetNames, zeroDivision = 0 } = options;
  checkZeroDivision(op, zeroDivision);
  if (targetNames !== undefined && targetNames.length !== classes.length) {
    throw new MetricsError(
      op,
      `targetNames has ${targetNames.length} names but there are ${classes.length} classes`,
    );
  }
  const counts: ClassCounts = countsFromMatrix(matrix, classes);
  const row = (average: 'macro' | 'weighted' | 'none') => {
    const o = { average, zeroDivision };
    return [
      scoreFromCounts(op, 'precision', counts, o),
      scoreFromCounts(op, 'recall', counts, o),
      scoreFromCounts(op, 'fbeta', counts, o),
    ];
  };
  const [p, r, f] = row('none') as number[][];
  const support = counts.trueSum.reduce((a, b) => a + b, 0);
  const avg = (average: 'macro' | 'weighted'): ReportRow => {
    const [precision, recall, f1] = row(average) as number[];
    return { precision, recall, f1, support };
  };
  return {
    classes: classes.map((label, i) => ({
      label,
      name: targetNames ? targetNames[i] : String(label),
      precision: p[i],
      recall: r[i],
      f1: f[i],
      support: counts.trueSum[i],
    })),
    accuracy: support === 0 ? Number.NaN : counts.tp.reduce((a, b) => a + b, 0) / support,
    macroAvg: avg('macro'),
    weightedAvg: avg('weighted'),
    support,
  };
}

/**
 * Per-class precision, recall, F1 and support, plus accuracy and the macro and weighted averages,
 * as data. Pass the result to {@link formatClassificationReport} for scikit-learn's text table.
 *
 * @param yTrue Labels `[N]`, or one-hot rows `[N, C]`.
 * @param yPred Labels `[N]`, scores `[N, C]` (argmax), or 1-D scores `[N]` with `threshold`.
 * @returns A {@link ClassificationReport}.
 * @throws {MetricsError} As {@link precision}, and when `targetNames` does not have one name per class.
 *
 * @example
 * import { classificationReport, formatClassificationReport } from '@tsgrad/metrics';
 * const report = classificationReport([0, 1, 2, 2, 2], [0, 0, 2, 2, 1], {
 *   targetNames: ['class 0', 'class 1', 'class 2'],
 * });
 * report.classes[2].f1; // 0.8
 * report.accuracy; // 0.6
 * console.log(formatClassificationReport(report));
 */
export function classificationReport(
  yTrue: MetricInput,
  yPred: MetricInput,
  options: ClassificationReportOptions = {},
): ClassificationReport {
  const op = 'classificationReport';
  const p = pairLabels(op, yTrue, yPred, options);
  const m = countConfusion(p.yTrue, p.yPred, p.index, p.classes.length);
  return reportFromMatrix(op, m, p.classes, options);
}

/**
 * Formats a {@link ClassificationReport} as scikit-learn's `classification_report` prints it
 * (same column widths; NaN prints as `nan`).
 *
 * @param report From {@link classificationReport} or `StreamingConfusionMatrix.report()`.
 * @param options `digits`: decimals for the scores, default 2.
 * @returns A multi-line string ending in a newline.
 * @throws {MetricsError} When `digits` is not a non-negative integer.
 *
 * @example
 * import { classificationReport, formatClassificationReport } from '@tsgrad/metrics';
 * formatClassificationReport(classificationReport([0, 1, 2, 2, 2], [0, 0, 2, 2, 1]));
 * //               precision    recall  f1-score   support
 * //
 * //            0       0.50      1.00      0.67         1
 * //            1       0.00      0.00      0.00         1
 * //            2       1.00      0.67      0.80         3
 * //
 * //     accuracy                           0.60         5
 * //    macro avg       0.50      0.56      0.49         5
 * // weighted avg       0.70      0.60      0.61         5
 */
export function formatClassificationReport(
  report: ClassificationReport,
  options: { digits?: number } = {},
): string {
  const { digits = 2 } = options;
  if (!Number.isInteger(digits) || digits < 0) {
    throw new MetricsError(
      'formatClassificationReport',
      `digits must be a non-negative integer, got ${digits}`,
    );
  }
  const last = 'weighted avg';
  const width = Math.max(last.length, digits, ...report.classes.map((c) => c.name.length));
  const num = (v: number) => (Number.isNaN(v) ? 'nan' : v.toFixed(digits)).padStart(9);
  const cell = (s: string) => s.padStart(9);
  const line = (name: string, cells: string[]) =>
    `${name.padStart(width)} ${cells.map((c) => ` ${c}`).join('')}\n`;
  const row = (name: string, r: ReportRow) =>
    line(name, [num(r.precision), num(r.recall), num(r.f1), cell(String(r.support))]);
  let out = line('', ['precision', 'recall', 'f1-score', 'support'].map(cell));
  out += '\n';
  for (const c of report.classes) out += row(c.name, c);
  out += '\n';
  out += line('accuracy', [cell(''), cell(''), num(report.accuracy), cell(String(report.support))]);
  out += row('macro avg', report.macroAvg);
  out += row('weighted avg', report.weightedAvg);
  return out;
}
