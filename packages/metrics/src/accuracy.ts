import { type LabelOptions, pairLabels, resolveClasses } from './classes.js';
import { MetricsError } from './errors.js';
import {
  type MetricInput,
  assertNoNaN,
  assertNonEmpty,
  assertSameRows,
  formatShape,
  toDense,
  toLabels,
} from './input.js';

/** Options of {@link accuracy}. */
export interface AccuracyOptions extends LabelOptions {}

/** Correct predictions and total samples, the two numbers accuracy is made of. */
export function countCorrect(
  op: string,
  yTrue: MetricInput,
  yPred: MetricInput,
  options: AccuracyOptions,
): { correct: number; total: number } {
  const p = pairLabels(op, yTrue, yPred, options);
  let correct = 0;
  for (let i = 0; i < p.yTrue.length; i++) if (p.yTrue[i] === p.yPred[i]) correct++;
  return { correct, total: p.yTrue.length };
}

/**
 * Fraction of samples whose predicted label equals the true label.
 *
 * `yPred` may be labels `[N]`, probabilities or logits `[N, C]` (reduced by argmax; `yTrue`
 * labels must then lie in `[0, C)`), or 1-D scores `[N]` (or `[N, 1]`, e.g. sigmoid outputs)
 * with `threshold`, predicting `score >= threshold ? 1 : 0`. `yTrue` may also be one-hot `[N, C]`.
 *
 * @returns A number in `[0, 1]`.
 * @throws {MetricsError} On length mismatch (`'accuracy: yTrue has 10 elements but yPred has
 *   12'`), empty input (`'accuracy: empty input'`), non-integer labels (float `yPred` without
 *   `threshold`), labels outside `[0, C)`, or NaN scores.
 *
 * @example
 * import { accuracy } from '@tsgrad/metrics';
 * accuracy([0, 1, 2, 3], [0, 2, 1, 3]); // 0.5
 * accuracy([1, 0], [[0.2, 0.8], [0.6, 0.4]]); // 1 (argmax of each row)
 * accuracy([1, 0, 1], [0.9, 0.4, 0.3], { threshold: 0.5 }); // 0.666…
 */
export function accuracy(
  yTrue: MetricInput,
  yPred: MetricInput,
  options: AccuracyOptions = {},
): number {
  const { correct, total } = countCorrect('accuracy', yTrue, yPred, options);
  return correct / total;
}

/**
 * Fraction of samples whose true class is among the `k` highest-scored classes.
 *
 * Ties count in the sample's favour (as Keras' `in_top_k`): a sample is correct when fewer than
 * `k` classes score strictly higher than its true class. `k >= C` makes every sample correct.
 *
 * @param yTrue Labels `[N]` in `[0, C)`, or one-hot rows `[N, C]`.
 * @param yScore Scores `[N, C]` (probabilities or logits).
 * @param k A positive integer.
 * @returns A number in `[0, 1]`.
 * @throws {MetricsError} On length mismatch, empty input, 1-D `yScore`, a non-integer or
 *   out-of-range label, NaN scores, or `k` not a positive integer.
 *
 * @example
 * import { topKAccuracy } from '@tsgrad/metrics';
 * const scores = [[0.5, 0.2, 0.2], [0.3, 0.4, 0.2], [0.2, 0.4, 0.3], [0.7, 0.2, 0.1]];
 * topKAccuracy([0, 1, 2, 2], scores, 2); // 0.75
 */
export function topKAccuracy(yTrue: MetricInput, yScore: MetricInput, k: number): number {
  const { correct, total } = countTopK('topKAccuracy', yTrue, yScore, k);
  return correct / total;
}

/** Hits and samples of top-k accuracy, plus C (the number of score columns). */
export function countTopK(
  op: string,
  yTrue: MetricInput,
  yScore: MetricInput,
  k: number,
): { correct: number; total: number; columns: number } {
  checkK(op, k);
  const t = toDense(op, 'yTrue', yTrue);
  const s = toDense(op, 'yScore', yScore);
  assertSameRows(op, 'yTrue', t, 'yScore', s);
  assertNonEmpty(op, t);
  if (s.cols < 2) {
    throw new MetricsError(
      op,
      `yScore must be 2-D [N, C] scores, got shape ${formatShape(s.shape)}`,
    );
  }
  assertNoNaN(op, 'yScore', s);
  const tl = toLabels(op, 'yTrue', t);
  if (tl.columns > 0 && tl.columns !== s.cols) {
    throw new MetricsError(
      op,
      `yTrue has shape ${formatShape(t.shape)} but yScore has shape ${formatShape(s.shape)}; their class counts differ`,
    );
  }
  resolveClasses(op, [['yTrue', tl.labels]], {}, s.cols);
  const c = s.cols;
  let correct = 0;
  for (let i = 0; i < s.rows; i++) {
    const target = s.data[i * c + tl.labels[i]];
    let higher = 0;
    for (let j = 0; j < c; j++) if (s.data[i * c + j] > target) higher++;
    if (higher < k) correct++;
  }
  return { correct, total: s.rows, columns: c };
}

/** Throws unless `k` is a positive integer. */
export function checkK(op: string, k: number): void {
  if (!Number.isInteger(k) || k < 1)
    throw new MetricsError(op, `k must be a positive integer, got ${k}`);
}
