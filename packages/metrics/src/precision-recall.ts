import { type LabelOptions, pairLabels } from './classes.js';
import { countConfusion } from './confusion-matrix.js';
import { MetricsError } from './errors.js';
import { type MetricInput, formatShape } from './input.js';

/**
 * How per-class scores become one number:
 * - `'binary'` (default): the score of class `posLabel` only; needs at most two classes.
 * - `'micro'`: from the summed counts of all classes (equals accuracy for single-label data).
 * - `'macro'`: the unweighted mean of the per-class scores.
 * - `'weighted'`: the mean weighted by each class's support (its count in `yTrue`).
 * - `'none'`: one score per class, in class order (returns `number[]`).
 */
export type Average = 'binary' | 'micro' | 'macro' | 'weighted' | 'none';

/** Options of {@link precision}, {@link recall}, {@link f1} and {@link fbeta}. */
export interface PrecisionRecallOptions extends LabelOptions {
  /** Default `'binary'`, as in scikit-learn. */
  average?: Average;
  /** The positive class for `average: 'binary'`. Default 1. */
  posLabel?: number;
  /**
   * The value of a score whose denominator is 0 (precision with no predicted samples of a class,
   * recall with no true samples, F with neither). `0` (default), `1`, or `NaN`; with `NaN` such
   * classes are left out of macro and weighted averages (scikit-learn's rule).
   */
  zeroDivision?: number;
}

/** Per-class counts read off a confusion matrix. */
export interface ClassCounts {
  readonly classes: readonly number[];
  readonly tp: readonly number[];
  /** Column sums: how often each class was predicted. */
  readonly predSum: readonly number[];
  /** Row sums: each class's support. */
  readonly trueSum: readonly number[];
}

/** Which score: precision, recall, or F-beta. */
export type ScoreKind = 'precision' | 'recall' | 'fbeta';

/** The result type for an `average` literal: `number[]` for `'none'`, else `number`. */
export type ScoreResult<A extends Average> = A extends 'none' ? number[] : number;

export function countsFromMatrix(
  m: readonly (readonly number[])[],
  classes: readonly number[],
): ClassCounts {
  const k = classes.length;
  const tp = Array.from({ length: k }, (_, i) => m[i][i]);
  const trueSum = m.map((r) => r.reduce((a, b) => a + b, 0));
  const predSum = Array.from({ length: k }, (_, j) => m.reduce((a, r) => a + r[j], 0));
  return { classes, tp, predSum, trueSum };
}

export function checkZeroDivision(op: string, zd: number): void {
  if (!(zd === 0 || zd === 1 || Number.isNaN(zd))) {
    throw new MetricsError(op, `zeroDivision must be 0, 1 or NaN, got ${zd}`);
  }
}

function checkBeta(op: string, beta: number): void {
  if (typeof beta !== 'number' || !(beta >= 0)) {
    throw new MetricsError(op, `beta must be >= 0, got ${beta}`);
  }
}

/** One score from counts; `zd` when the denominator is 0. F uses scikit-learn's form
 * `(1+β²)·tp / (β²·trueSum + predSum)`, which is 0 (not 0/0) when tp = 0 but the class occurs. */
function score(
  kind: ScoreKind,
  beta: number,
  tp: number,
  pred: number,
  truth: number,
  zd: number,
): number {
  if (kind === 'precision' || (kind === 'fbeta' && beta === 0)) return pred === 0 ? zd : tp / pred;
  if (kind === 'recall' || beta === Number.POSITIVE_INFINITY) return truth === 0 ? zd : tp / truth;
  const b2 = beta * beta;
  const denom = b2 * truth + pred;
  return denom === 0 ? zd : ((1 + b2) * tp) / denom;
}

function nanAverage(values: readonly number[], weights?: readonly number[]): number {
  let sum = 0;
  let total = 0;
  values.forEach((v, i) => {
    if (Number.isNaN(v)) return;
    const w = weights ? weights[i] : 1;
    sum += w * v;
    total += w;
  });
  return total === 0 ? Number.NaN : sum / total;
}

/**
 * Precision, recall or F-beta from per-class counts; the shared core of the batch functions, the
 * classification report and the streaming metrics.
 */
export function scoreFromCounts(
  op: string,
  kind: ScoreKind,
  counts: ClassCounts,
  options: PrecisionRecallOptions,
  beta = 1,
): number | number[] {
  const { average = 'binary', posLabel = 1, zeroDivision = 0 } = options;
  checkZeroDivision(op, zeroDivision);
  checkBeta(op, beta);
  const { classes, tp, predSum, trueSum } = counts;
  const perClass = () =>
    classes.map((_, i) => score(kind, beta, tp[i], predSum[i], trueSum[i], zeroDivision));
  const sum = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0);
  switch (average) {
    case 'binary': {
      if (classes.length > 2) {
        throw new MetricsError(
          op,
          `average 'binary' needs at most two classes, found ${classes.length} (${formatShape(classes)}); pass average 'micro' | 'macro' | 'weighted' | 'none'`,
        );
      }
      const i = classes.indexOf(posLabel);
      if (i < 0) {
        if (classes.length === 2) {
          throw new MetricsError(
            op,
            `posLabel ${posLabel} is not one of the classes ${formatShape(classes)}`,
          );
        }
        return score(kind, beta, 0, 0, 0, zeroDivision);
      }
      return score(kind, beta, tp[i], predSum[i], trueSum[i], zeroDivision);
    }
    case 'micro':
      return score(kind, beta, sum(tp), sum(predSum), sum(trueSum), zeroDivision);
    case 'macro':
      return nanAverage(perClass());
    case 'weighted':
      return sum(trueSum) === 0 ? zeroDivision : nanAverage(perClass(), trueSum);
    case 'none':
      return perClass();
    default:
      throw new MetricsError(
        op,
        `average must be 'binary', 'micro', 'macro', 'weighted' or 'none', got ${String(average)}`,
      );
  }
}

function run(
  op: string,
  kind: ScoreKind,
  yTrue: MetricInput,
  yPred: MetricInput,
  options: PrecisionRecallOptions,
  beta = 1,
): number | number[] {
  const p = pairLabels(op, yTrue, yPred, options);
  const m = countConfusion(p.yTrue, p.yPred, p.index, p.classes.length);
  return scoreFromCounts(op, kind, countsFromMatrix(m, p.classes), options, beta);
}

/**
 * Precision `tp / (tp + fp)`: of the samples predicted as a class, the fraction that are.
 *
 * @param yTrue Labels `[N]`, or one-hot rows `[N, C]`.
 * @param yPred Labels `[N]`, scores `[N, C]` (argmax; classes are then `0 .. C-1`), or 1-D scores
 *   `[N]` with `threshold`.
 * @param options `average` (default `'binary'` with `posLabel` 1), `zeroDivision` (default 0),
 *   `labels` / `numClasses`, `threshold`.
 * @returns A number, or `number[]` (one per class) for `average: 'none'`.
 * @throws {MetricsError} On length mismatch, empty input, non-integer labels, labels outside the
 *   classes, NaN scores, `'binary'` with more than two classes, or a bad option.
 *
 * @example
 * import { precision } from '@tsgrad/metrics';
 * precision([0, 1, 1, 0], [0, 1, 0, 1]); // 0.5 (binary, positive class 1)
 * precision([0, 1, 2, 0, 1, 2], [0, 2, 1, 0, 0, 1], { average: 'macro' }); // 0.2222…
 * precision([0, 1, 2, 0, 1, 2], [0, 2, 1, 0, 0, 1], { average: 'none' }); // [0.667, 0, 0]
 */
export function precision<A extends Average = 'binary'>(
  yTrue: MetricInput,
  yPred: MetricInput,
  options?: PrecisionRecallOptions & { average?: A },
): ScoreResult<A>;
export function precision(
  yTrue: MetricInput,
  yPred: MetricInput,
  options: PrecisionRecallOptions = {},
): number | number[] {
  return run('precision', 'precision', yTrue, yPred, options);
}

/**
 * Recall `tp / (tp + fn)`: of the samples of a class, the fraction predicted as it.
 *
 * @param yTrue Labels `[N]`, or one-hot rows `[N, C]`.
 * @param yPred Labels `[N]`, scores `[N, C]` (argmax), or 1-D scores `[N]` with `threshold`.
 * @param options As for {@link precision}.
 * @returns A number, or `number[]` (one per class) for `average: 'none'`.
 * @throws {MetricsError} As {@link precision}.
 *
 * @example
 * import { recall } from '@tsgrad/metrics';
 * recall([0, 1, 1, 0], [0, 1, 0, 1]); // 0.5
 * recall([0, 1, 2, 0, 1, 2], [0, 2, 1, 0, 0, 1], { average: 'macro' }); // 0.3333…
 * recall([0, 1, 1], [0.2, 0.9, 0.4], { threshold: 0.5 }); // 0.5
 */
export function recall<A extends Average = 'binary'>(
  yTrue: MetricInput,
  yPred: MetricInput,
  options?: PrecisionRecallOptions & { average?: A },
): ScoreResult<A>;
export function recall(
  yTrue: MetricInput,
  yPred: MetricInput,
  options: PrecisionRecallOptions = {},
): number | number[] {
  return run('recall', 'recall', yTrue, yPred, options);
}

/**
 * F1 score, the harmonic mean of precision and recall: `2·tp / (2·tp + fp + fn)` per class.
 *
 * @param yTrue Labels `[N]`, or one-hot rows `[N, C]`.
 * @param yPred Labels `[N]`, scores `[N, C]` (argmax), or 1-D scores `[N]` with `threshold`.
 * @param options As for {@link precision}.
 * @returns A number, or `number[]` (one per class) for `average: 'none'`.
 * @throws {MetricsError} As {@link precision}.
 *
 * @example
 * import { f1 } from '@tsgrad/metrics';
 * f1([0, 1, 1, 0], [0, 1, 0, 1]); // 0.5
 * f1([0, 1, 2, 0, 1, 2], [0, 2, 1, 0, 0, 1], { average: 'macro' }); // 0.2666…
 */
export function f1<A extends Average = 'binary'>(
  yTrue: MetricInput,
  yPred: MetricInput,
  options?: PrecisionRecallOptions & { average?: A },
): ScoreResult<A>;
export function f1(
  yTrue: MetricInput,
  yPred: MetricInput,
  options: PrecisionRecallOptions = {},
): number | number[] {
  return run('f1', 'fbeta', yTrue, yPred, options, 1);
}

/**
 * F-beta score `(1+β²)·tp / ((1+β²)·tp + β²·fn + fp)`: recall counts β times as much as
 * precision. `beta = 0` gives precision, `beta = Infinity` recall, `beta = 1` F1.
 *
 * @param yTrue Labels `[N]`, or one-hot rows `[N, C]`.
 * @param yPred Labels `[N]`, scores `[N, C]` (argmax), or 1-D scores `[N]` with `threshold`.
 * @param beta Weight of recall, `>= 0`.
 * @param options As for {@link precision}.
 * @returns A number, or `number[]` (one per class) for `average: 'none'`.
 * @throws {MetricsError} As {@link precision}, and when `beta` is negative or NaN.
 *
 * @example
 * import { fbeta } from '@tsgrad/metrics';
 * fbeta([0, 1, 2, 0, 1, 2], [0, 2, 1, 0, 0, 1], 0.5, { average: 'macro' }); // 0.2380…
 */
export function fbeta<A extends Average = 'binary'>(
  yTrue: MetricInput,
  yPred: MetricInput,
  beta: number,
  options?: PrecisionRecallOptions & { average?: A },
): ScoreResult<A>;
export function fbeta(
  yTrue: MetricInput,
  yPred: MetricInput,
  beta: number,
  options: PrecisionRecallOptions = {},
): number | number[] {
  return run('fbeta', 'fbeta', yTrue, yPred, options, beta);
}
