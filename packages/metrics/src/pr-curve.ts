import { binaryTarget, thresholdSweep } from './curve.js';
import { MetricsError } from './errors.js';
import type { MetricInput } from './input.js';

/** Options of {@link precisionRecallCurve} and {@link averagePrecision}. */
export interface PrecisionRecallCurveOptions {
  /** The label counted as positive. Default 1. */
  posLabel?: number;
}

/** A precision–recall curve, ordered by increasing threshold (so recall decreases). */
export interface PrecisionRecallCurve {
  /** `[M + 1]`; the last entry is 1 (no predictions), as in scikit-learn. */
  precision: number[];
  /** `[M + 1]`, decreasing; the last entry is 0. */
  recall: number[];
  /** `[M]` the distinct scores, increasing; `precision[i]`, `recall[i]` predict positive for `score >= thresholds[i]`. */
  thresholds: number[];
}

/**
 * Precision and recall at every distinct score, like scikit-learn's `precision_recall_curve`
 * (with `drop_intermediate=False`, its default): thresholds increase, the curve ends at
 * `(recall 0, precision 1)`. A threshold at which nothing is predicted positive cannot occur,
 * since thresholds are scores that occur.
 *
 * @param yTrue Binary labels `[N]` (at most two distinct integers).
 * @param yScore Scores `[N]` (or `[N, 1]`) for the positive class.
 * @returns `{ precision, recall, thresholds }`; `precision` and `recall` are one longer.
 * @throws {MetricsError} On length mismatch, empty input, NaN scores, more than two classes, a
 *   `posLabel` that is not a label, or no positive sample (recall would be 0/0).
 *
 * @example
 * import { precisionRecallCurve } from '@tsgrad/metrics';
 * precisionRecallCurve([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8]);
 * // precision [0.5, 0.667, 0.5, 1, 1], recall [1, 1, 0.5, 0.5, 0], thresholds [0.1, 0.35, 0.4, 0.8]
 */
export function precisionRecallCurve(
  yTrue: MetricInput,
  yScore: MetricInput,
  options: PrecisionRecallCurveOptions = {},
): PrecisionRecallCurve {
  return curve('precisionRecallCurve', yTrue, yScore, options);
}

function curve(
  op: string,
  yTrue: MetricInput,
  yScore: MetricInput,
  options: PrecisionRecallCurveOptions,
): PrecisionRecallCurve {
  const posLabel = options.posLabel ?? 1;
  const target = binaryTarget(op, yTrue, yScore, posLabel);
  if (target.numPositive === 0) {
    throw new MetricsError(
      op,
      `no positive samples (label ${posLabel}) in yTrue; recall is undefined`,
    );
  }
  const { fps, tps, thresholds } = thresholdSweep(target);
  const total = tps[tps.length - 1];
  const precision = tps.map((tp, i) => tp / (tp + fps[i])).reverse();
  const recall = tps.map((tp) => tp / total).reverse();
  return { precision: [...precision, 1], recall: [...recall, 0], thresholds: thresholds.reverse() };
}

/**
 * Average precision: the precision–recall curve summarised as `Σₙ (Rₙ − Rₙ₋₁)·Pₙ`, the mean
 * precision at each threshold weighted by the recall gained there (scikit-learn's
 * `average_precision_score`; no interpolation).
 *
 * @param yTrue Binary labels `[N]`.
 * @param yScore Scores `[N]` (or `[N, 1]`) for the positive class.
 * @returns A number in `[0, 1]`.
 * @throws {MetricsError} As {@link precisionRecallCurve}; scikit-learn returns 0 with a warning
 *   when there is no positive sample, this throws.
 *
 * @example
 * import { averagePrecision } from '@tsgrad/metrics';
 * averagePrecision([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8]); // 0.8333…
 */
export function averagePrecision(
  yTrue: MetricInput,
  yScore: MetricInput,
  options: PrecisionRecallCurveOptions = {},
): number {
  const { precision, recall } = curve('averagePrecision', yTrue, yScore, options);
  let ap = 0;
  for (let i = 0; i < recall.length - 1; i++) ap += (recall[i] - recall[i + 1]) * precision[i];
  return ap;
}
