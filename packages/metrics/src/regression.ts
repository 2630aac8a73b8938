import { MetricsError } from './errors.js';
import {
  type Dense,
  type MetricInput,
  assertNoNaN,
  assertNonEmpty,
  formatShape,
  toDense,
} from './input.js';

/** `[N]` or `[N, 1]` → outputs = 1; `[N, D]` → D outputs. Shapes must agree (up to `[N]` vs `[N, 1]`). */
export function pair(
  op: string,
  yTrue: MetricInput,
  yPred: MetricInput,
): { t: Dense; p: Dense; outputs: number } {
  const t = toDense(op, 'yTrue', yTrue);
  const p = toDense(op, 'yPred', yPred);
  const outT = Math.max(t.cols, 1);
  const outP = Math.max(p.cols, 1);
  if (t.rows !== p.rows || outT !== outP) {
    const msg =
      t.cols === 0 && p.cols === 0
        ? `yTrue has ${t.rows} elements but yPred has ${p.rows}`
        : `yTrue has shape ${formatShape(t.shape)} but yPred has shape ${formatShape(p.shape)}`;
    throw new MetricsError(op, msg);
  }
  assertNonEmpty(op, t);
  assertNoNaN(op, 'yTrue', t);
  assertNoNaN(op, 'yPred', p);
  return { t, p, outputs: outT };
}

/** Mean over outputs of a per-output statistic (scikit-learn's `multioutput='uniform_average'`). */
function perOutput(
  t: Dense,
  p: Dense,
  outputs: number,
  f: (truth: Float64Array, pred: Float64Array) => number,
): number {
  let total = 0;
  for (let d = 0; d < outputs; d++) {
    const a = new Float64Array(t.rows);
    const b = new Float64Array(t.rows);
    for (let i = 0; i < t.rows; i++) {
      a[i] = t.data[i * outputs + d];
      b[i] = p.data[i * outputs + d];
    }
    total += f(a, b);
  }
  return total / outputs;
}

const mse = (a: Float64Array, b: Float64Array) =>
  a.reduce((s, v, i) => s + (v - b[i]) ** 2, 0) / a.length;

/**
 * Mean squared error `mean((yTrue - yPred)²)`.
 *
 * @param yTrue Targets `[N]`, or `[N, D]` for D outputs (averaged uniformly).
 * @param yPred Predictions of the same shape (`[N]` and `[N, 1]` are interchangeable).
 * @throws {MetricsError} On a shape mismatch, empty input, or NaN.
 *
 * @example
 * import { meanSquaredError } from '@tsgrad/metrics';
 * meanSquaredError([3, -0.5, 2, 7], [2.5, 0.0, 2, 8]); // 0.375
 */
export function meanSquaredError(yTrue: MetricInput, yPred: MetricInput): number {
  const { t, p, outputs } = pair('meanSquaredError', yTrue, yPred);
  return perOutput(t, p, outputs, mse);
}

/**
 * Root mean squared error `sqrt(mean((yTrue - yPred)²))`; with D outputs, the mean of the
 * per-output RMSEs (scikit-learn's `root_mean_squared_error`).
 *
 * @param yTrue Targets `[N]` or `[N, D]`.
 * @param yPred Predictions of the same shape.
 * @throws {MetricsError} On a shape mismatch, empty input, or NaN.
 *
 * @example
 * import { rootMeanSquaredError } from '@tsgrad/metrics';
 * rootMeanSquaredError([3, -0.5, 2, 7], [2.5, 0.0, 2, 8]); // 0.6123…
 */
export function rootMeanSquaredError(yTrue: MetricInput, yPred: MetricInput): number {
  const { t, p, outputs } = pair('rootMeanSquaredError', yTrue, yPred);
  return perOutput(t, p, outputs, (a, b) => Math.sqrt(mse(a, b)));
}

/**
 * Mean absolute error `mean(|yTrue - yPred|)`.
 *
 * @param yTrue Targets `[N]`, or `[N, D]` for D outputs (averaged uniformly).
 * @param yPred Predictions of the same shape.
 * @throws {MetricsError} On a shape mismatch, empty input, or NaN.
 *
 * @example
 * import { meanAbsoluteError } from '@tsgrad/metrics';
 * meanAbsoluteError([3, -0.5, 2, 7], [2.5, 0.0, 2, 8]); // 0.5
 */
export function meanAbsoluteError(yTrue: MetricInput, yPred: MetricInput): number {
  const { t, p, outputs } = pair('meanAbsoluteError', yTrue, yPred);
  return perOutput(
    t,
    p,
    outputs,
    (a, b) => a.reduce((s, v, i) => s + Math.abs(v - b[i]), 0) / a.length,
  );
}

/**
 * Coefficient of determination `1 - Σ(yTrue - yPred)² / Σ(yTrue - mean(yTrue))²`; 1 is a perfect
 * fit, 0 is as good as predicting the mean, and it can be negative. When `yTrue` is constant the
 * ratio is 0/0 or x/0; like scikit-learn (`force_finite=True`) the score is then 1 for a perfect
 * prediction and 0 otherwise. With D outputs, the mean of the per-output scores.
 *
 * @param yTrue Targets `[N]` or `[N, D]`, `N >= 2`.
 * @param yPred Predictions of the same shape.
 * @throws {MetricsError} On a shape mismatch, empty input, NaN, or fewer than two samples.
 *
 * @example
 * import { r2Score } from '@tsgrad/metrics';
 * r2Score([3, -0.5, 2, 7], [2.5, 0.0, 2, 8]); // 0.9486…
 */
export function r2Score(yTrue: MetricInput, yPred: MetricInput): number {
  const op = 'r2Score';
  const { t, p, outputs } = pair(op, yTrue, yPred);
  if (t.rows < 2) throw new MetricsError(op, `needs at least two samples, got ${t.rows}`);
  return perOutput(t, p, outputs, (a, b) => {
    const mean = a.reduce((s, v) => s + v, 0) / a.length;
    const ssRes = a.reduce((s, v, i) => s + (v - b[i]) ** 2, 0);
    const ssTot = a.reduce((s, v) => s + (v - mean) ** 2, 0);
    return finiteRatioScore(ssRes, ssTot);
  });
}

/**
 * Explained variance score `1 − Var(yTrue − yPred) / Var(yTrue)` (scikit-learn's
 * `explained_variance_score`). Like R² but blind to a constant offset: predictions off by the
 * same amount everywhere still explain all the variance. 1 is best; it can be negative. When
 * `yTrue` is constant, the score is 1 if the residuals are constant too and 0 otherwise
 * (scikit-learn's `force_finite=True`). With D outputs, the mean of the per-output scores.
 *
 * @param yTrue Targets `[N]` or `[N, D]`, `N >= 2`.
 * @param yPred Predictions of the same shape.
 * @throws {MetricsError} On a shape mismatch, empty input, NaN, or fewer than two samples.
 *
 * @example
 * import { explainedVariance } from '@tsgrad/metrics';
 * explainedVariance([3, -0.5, 2, 7], [2.5, 0.0, 2, 8]); // 0.9571…
 * explainedVariance([1, 2, 3], [2, 3, 4]); // 1 (a constant offset is not penalized)
 */
export function explainedVariance(yTrue: MetricInput, yPred: MetricInput): number {
  const op = 'explainedVariance';
  const { t, p, outputs } = pair(op, yTrue, yPred);
  if (t.rows < 2) throw new MetricsError(op, `needs at least two samples, got ${t.rows}`);
  return perOutput(t, p, outputs, (a, b) => {
    const n = a.length;
    const meanY = a.reduce((s, v) => s + v, 0) / n;
    const meanE = a.reduce((s, v, i) => s + (v - b[i]), 0) / n;
    const varE = a.reduce((s, v, i) => s + (v - b[i] - meanE) ** 2, 0) / n;
    const varY = a.reduce((s, v) => s + (v - meanY) ** 2, 0) / n;
    return finiteRatioScore(varE, varY);
  });
}

/**
 * `1 − num/den`, made finite as scikit-learn's `force_finite=True`: a zero denominator gives 1
 * when the numerator is 0 too (a perfect prediction) and 0 otherwise.
 */
export function finiteRatioScore(num: number, den: number): number {
  if (den === 0) return num === 0 ? 1 : 0;
  return 1 - num / den;
}
