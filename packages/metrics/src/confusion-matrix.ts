import { type LabelOptions, pairLabels } from './classes.js';
import { MetricsError } from './errors.js';
import type { MetricInput } from './input.js';

/** Options of {@link confusionMatrix}. */
export interface ConfusionMatrixOptions extends LabelOptions {
  /**
   * Divide counts by row sums (`'true'`: each row is recall-like), column sums (`'pred'`) or the
   * total (`'all'`). A row or column with no samples stays 0, as in scikit-learn.
   */
  normalize?: 'true' | 'pred' | 'all';
}

/** Counts `[K, K]` (rows: true class, columns: predicted class) for labels already validated. */
export function countConfusion(
  yTrue: ArrayLike<number>,
  yPred: ArrayLike<number>,
  index: Map<number, number>,
  k: number,
): number[][] {
  const m = Array.from({ length: k }, () => new Array<number>(k).fill(0));
  for (let i = 0; i < yTrue.length; i++) m[index.get(yTrue[i])!][index.get(yPred[i])!] += 1;
  return m;
}

/** Applies a {@link ConfusionMatrixOptions.normalize} mode to a count matrix (returns a copy). */
export function normalizeConfusion(
  op: string,
  m: readonly (readonly number[])[],
  normalize: ConfusionMatrixOptions['normalize'],
): number[][] {
  if (normalize === undefined) return m.map((r) => [...r]);
  const k = m.length;
  const div = (v: number, d: number) => (d === 0 ? 0 : v / d);
  if (normalize === 'true') {
    return m.map((r) => {
      const s = r.reduce((a, b) => a + b, 0);
      return r.map((v) => div(v, s));
    });
  }
  if (normalize === 'pred') {
    const cs = Array.from({ length: k }, (_, j) => m.reduce((a, r) => a + r[j], 0));
    return m.map((r) => r.map((v, j) => div(v, cs[j])));
  }
  if (normalize === 'all') {
    const s = m.reduce((a, r) => a + r.reduce((x, y) => x + y, 0), 0);
    return m.map((r) => r.map((v) => div(v, s)));
  }
  throw new MetricsError(op, `normalize must be 'true', 'pred' or 'all', got ${String(normalize)}`);
}

/**
 * Confusion matrix `[K, K]`: entry `[i][j]` counts samples of true class `classes[i]` predicted
 * as `classes[j]`. Classes are `labels` (in that order), else `0 .. numClasses-1`, else
 * `0 .. C-1` when `yPred` is `[N, C]` scores, else the sorted labels that occur.
 *
 * @param yTrue Labels `[N]` (integers), or one-hot / probability rows `[N, C]`.
 * @param yPred Labels `[N]`, scores `[N, C]` (argmax), or 1-D scores `[N]` with `threshold`.
 * @returns `number[][]` of counts, or fractions when `normalize` is set.
 * @throws {MetricsError} On length mismatch, empty input, non-integer labels, a label outside
 *   `[0, numClasses)` or missing from `labels`, NaN scores, or an unknown `normalize`.
 *
 * @example
 * import { confusionMatrix } from '@tsgrad/metrics';
 * confusionMatrix([2, 0, 2, 2, 0, 1], [0, 0, 2, 2, 0, 2]);
 * // [[2, 0, 0],
 * //  [0, 0, 1],
 * //  [1, 0, 2]]
 * confusionMatrix([0, 1, 1], [0, 1, 0], { normalize: 'true' }); // [[1, 0], [0.5, 0.5]]
 */
export function confusionMatrix(
  yTrue: MetricInput,
  yPred: MetricInput,
  options: ConfusionMatrixOptions = {},
): number[][] {
  const op = 'confusionMatrix';
  const p = pairLabels(op, yTrue, yPred, options);
  const counts = countConfusion(p.yTrue, p.yPred, p.index, p.classes.length);
  return normalizeConfusion(op, counts, options.normalize);
}
