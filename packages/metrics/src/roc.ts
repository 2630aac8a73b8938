import { resolveClasses } from './classes.js';
import { binaryFromLabels, binaryTarget, thresholdSweep } from './curve.js';
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

/** Options of {@link rocCurve}. */
export interface RocCurveOptions {
  /** The label counted as positive. Default 1. */
  posLabel?: number;
  /**
   * Drop thresholds that do not change the curve's shape: points that lie on a straight segment
   * between their neighbours (scikit-learn's default, `true`). With `false` there is one point
   * per distinct score, plus the leading `(0, 0)` point.
   */
  dropIntermediate?: boolean;
}

/** An ROC curve: `fpr[i]`, `tpr[i]` are the rates when predicting positive for `score >= thresholds[i]`. */
export interface RocCurve {
  /** False positive rates, increasing from 0 to 1. */
  fpr: number[];
  /** True positive rates, increasing from 0 to 1. */
  tpr: number[];
  /** Decreasing; `thresholds[0]` is `Infinity` (nothing predicted positive), as in scikit-learn >= 1.3. */
  thresholds: number[];
}

/**
 * Receiver operating characteristic curve for a binary target, computed like scikit-learn's
 * `roc_curve`: one point per distinct score (highest first), preceded by `(0, 0)` at threshold
 * `Infinity`; with `dropIntermediate` (default `true`) collinear points are dropped.
 *
 * @param yTrue Binary labels `[N]` (at most two distinct integers).
 * @param yScore Scores `[N]` (or `[N, 1]`) for the positive class; higher means more positive.
 * @returns `{ fpr, tpr, thresholds }`, each of the same length.
 * @throws {MetricsError} On length mismatch, empty input, NaN scores, more than two classes,
 *   a `posLabel` that is not a label, or only one class present (a rate would be 0/0).
 *
 * @example
 * import { rocCurve } from '@tsgrad/metrics';
 * const { fpr, tpr, thresholds } = rocCurve([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8]);
 * // fpr [0, 0, 0.5, 0.5, 1], tpr [0, 0.5, 0.5, 1, 1], thresholds [Infinity, 0.8, 0.4, 0.35, 0.1]
 */
export function rocCurve(
  yTrue: MetricInput,
  yScore: MetricInput,
  options: RocCurveOptions = {},
): RocCurve {
  const op = 'rocCurve';
  const target = binaryTarget(op, yTrue, yScore, options.posLabel ?? 1);
  requireBothClasses(op, target.numPositive, target.positive.length, 'the ROC curve');
  return curveFrom(target, options.dropIntermediate ?? true);
}

function requireBothClasses(op: string, pos: number, n: number, what: string): void {
  if (pos === 0 || pos === n)
    throw new MetricsError(op, `only one class present in yTrue; ${what} is undefined`);
}

function curveFrom(target: ReturnType<typeof binaryTarget>, dropIntermediate: boolean): RocCurve {
  let { fps, tps, thresholds } = thresholdSweep(target);
  if (dropIntermediate && fps.length > 2) {
    const keep = fps.map(
      (_, i) =>
        i === 0 ||
        i === fps.length - 1 ||
        fps[i - 1] - 2 * fps[i] + fps[i + 1] !== 0 ||
        tps[i - 1] - 2 * tps[i] + tps[i + 1] !== 0,
    );
    fps = fps.filter((_, i) => keep[i]);
    tps = tps.filter((_, i) => keep[i]);
    thresholds = thresholds.filter((_, i) => keep[i]);
  }
  const negTotal = fps[fps.length - 1];
  const posTotal = tps[tps.length - 1];
  return {
    fpr: [0, ...fps.map((v) => v / negTotal)],
    tpr: [0, ...tps.map((v) => v / posTotal)],
    thresholds: [Number.POSITIVE_INFINITY, ...thresholds],
  };
}

/**
 * Area under a curve by the trapezoidal rule. `x` must be monotonic (increasing or decreasing).
 *
 * @param x `[M]` x coordinates, `M >= 2`.
 * @param y `[M]` y coordinates.
 * @throws {MetricsError} When lengths differ, fewer than two points, or `x` is not monotonic.
 *
 * @example
 * import { auc } from '@tsgrad/metrics';
 * auc([0, 0.5, 1], [0, 1, 1]); // 0.75
 */
export function auc(x: ArrayLike<number>, y: ArrayLike<number>): number {
  const op = 'auc';
  if (x.length !== y.length)
    throw new MetricsError(op, `x has ${x.length} elements but y has ${y.length}`);
  if (x.length < 2) throw new MetricsError(op, `needs at least 2 points, got ${x.length}`);
  let up = true;
  let down = true;
  for (let i = 1; i < x.length; i++) {
    if (x[i] < x[i - 1]) up = false;
    if (x[i] > x[i - 1]) down = false;
  }
  if (!up && !down) throw new MetricsError(op, 'x is neither increasing nor decreasing');
  let area = 0;
  for (let i = 1; i < x.length; i++) area += ((x[i] - x[i - 1]) * (y[i] + y[i - 1])) / 2;
  return up ? area : -area;
}

/** Options of {@link rocAuc}. */
export interface RocAucOptions {
  /** The positive label for 1-D scores. Default 1. */
  posLabel?: number;
  /** How one-vs-rest AUCs of `[N, C]` scores (C > 2) are averaged: `'macro'` (default) or `'weighted'` by prevalence. */
  average?: 'macro' | 'weighted';
}

function binaryAuc(target: ReturnType<typeof binaryTarget>): number {
  const { fpr, tpr } = curveFrom(target, false);
  return auc(fpr, tpr);
}

/**
 * Area under the ROC curve: the probability that a random positive scores higher than a random
 * negative (ties count half).
 *
 * - 1-D scores `[N]` (or `[N, 1]`): binary, positives are `yTrue === posLabel`.
 * - `[N, 2]` scores: binary with the score of class 1 (column 1), as scikit-learn.
 * - `[N, C]` scores, C > 2: one-vs-rest; labels must be in `[0, C)` and every class must occur in
 *   `yTrue`. Per-class AUCs are averaged `'macro'` (default) or `'weighted'` by class count. Unlike
 *   scikit-learn, rows need not sum to 1 (one-vs-rest does not need it); `'ovo'` is not offered.
 *
 * @returns A number in `[0, 1]`.
 * @throws {MetricsError} On length mismatch, empty input, NaN scores, non-integer labels, only one
 *   class present (`'rocAuc: only one class present in yTrue; AUC is undefined'`), a class that
 *   never occurs (one-vs-rest), or more than two classes with 1-D scores.
 *
 * @example
 * import { rocAuc } from '@tsgrad/metrics';
 * rocAuc([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8]); // 0.75
 * rocAuc([0, 1, 2], [[0.8, 0.1, 0.1], [0.3, 0.5, 0.2], [0.2, 0.3, 0.5]]); // 1
 */
export function rocAuc(
  yTrue: MetricInput,
  yScore: MetricInput,
  options: RocAucOptions = {},
): number {
  const op = 'rocAuc';
  const { posLabel = 1, average = 'macro' } = options;
  if (average !== 'macro' && average !== 'weighted') {
    throw new MetricsError(op, `average must be 'macro' or 'weighted', got ${String(average)}`);
  }
  const t = toDense(op, 'yTrue', yTrue);
  const s = toDense(op, 'yScore', yScore);
  assertSameRows(op, 'yTrue', t, 'yScore', s);
  assertNonEmpty(op, t);
  assertNoNaN(op, 'yScore', s);
  if (t.cols > 1) {
    throw new MetricsError(op, `yTrue must be 1-D [N] labels, got shape ${formatShape(t.shape)}`);
  }
  const labels = toLabels(op, 'yTrue', t).labels;
  const single = () => new MetricsError(op, 'only one class present in yTrue; AUC is undefined');
  if (s.cols <= 1 || s.cols === 2) {
    let scores = s.data;
    let pos = posLabel;
    if (s.cols === 2) {
      resolveClasses(op, [['yTrue', labels]], {}, 2);
      scores = Array.from({ length: s.rows }, (_, i) => s.data[i * 2 + 1]);
      pos = 1;
    }
    const target = binaryFromLabels(op, labels, scores, pos);
    if (target.numPositive === 0 || target.numPositive === s.rows) throw single();
    return binaryAuc(target);
  }
  const c = s.cols;
  resolveClasses(op, [['yTrue', labels]], {}, c);
  let total = 0;
  let weightSum = 0;
  for (let k = 0; k < c; k++) {
    const scores = Array.from({ length: s.rows }, (_, i) => s.data[i * c + k]);
    const target = binaryFromLabels(
      op,
      Array.from(labels, (l) => (l === k ? 1 : 0)),
      scores,
      1,
    );
    if (target.numPositive === s.rows) throw single();
    if (target.numPositive === 0) {
      throw new MetricsError(
        op,
        `class ${k} never occurs in yTrue, so its one-vs-rest AUC is undefined (yScore has ${c} columns)`,
      );
    }
    const w = average === 'weighted' ? target.numPositive : 1;
    total += w * binaryAuc(target);
    weightSum += w;
  }
  return total / weightSum;
}
