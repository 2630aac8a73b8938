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

/** A binary target with 1-D scores, ready for a threshold sweep. */
export interface BinaryTarget {
  /** 1 where `yTrue === posLabel`, else 0. */
  readonly positive: Uint8Array;
  readonly scores: ArrayLike<number>;
  readonly numPositive: number;
}

/**
 * Checks `yTrue` (at most two distinct integer labels) and 1-D `yScore` (`[N]` or `[N, 1]`, no
 * NaN) and marks the positives. Does not require both classes to be present.
 */
export function binaryTarget(
  op: string,
  yTrue: MetricInput,
  yScore: MetricInput,
  posLabel = 1,
): BinaryTarget {
  const t = toDense(op, 'yTrue', yTrue);
  const s = toDense(op, 'yScore', yScore);
  assertSameRows(op, 'yTrue', t, 'yScore', s);
  assertNonEmpty(op, t);
  if (s.cols > 1) {
    throw new MetricsError(
      op,
      `yScore must be 1-D [N] scores for the positive class, got shape ${formatShape(s.shape)}`,
    );
  }
  if (t.cols > 1) {
    throw new MetricsError(
      op,
      `yTrue must be 1-D [N] binary labels, got shape ${formatShape(t.shape)}`,
    );
  }
  assertNoNaN(op, 'yScore', s);
  return binaryFromLabels(op, toLabels(op, 'yTrue', t).labels, s.data, posLabel);
}

/** Marks `labels === posLabel`; throws when there are more than two classes or posLabel is not one. */
export function binaryFromLabels(
  op: string,
  labels: ArrayLike<number>,
  scores: ArrayLike<number>,
  posLabel: number,
): BinaryTarget {
  const seen = new Set<number>();
  for (let i = 0; i < labels.length; i++) seen.add(labels[i]);
  const classes = [...seen].sort((a, b) => a - b);
  if (classes.length > 2) {
    throw new MetricsError(
      op,
      `yTrue has ${classes.length} classes (${formatShape(classes)}) but this metric is binary; for rocAuc pass yScore of shape [N, ${classes.length}] for one-vs-rest`,
    );
  }
  if (classes.length === 2 && !seen.has(posLabel)) {
    throw new MetricsError(
      op,
      `posLabel ${posLabel} is not one of yTrue's labels ${formatShape(classes)}`,
    );
  }
  const positive = new Uint8Array(labels.length);
  let numPositive = 0;
  for (let i = 0; i < labels.length; i++) {
    if (labels[i] === posLabel) {
      positive[i] = 1;
      numPositive++;
    }
  }
  return { positive, scores, numPositive };
}

/** Cumulative counts at each distinct score, highest score first (scikit-learn's `_binary_clf_curve`). */
export interface ThresholdSweep {
  /** False positives among samples with score >= thresholds[i]. */
  readonly fps: number[];
  /** True positives among samples with score >= thresholds[i]. */
  readonly tps: number[];
  /** The distinct scores, decreasing. */
  readonly thresholds: number[];
}

export function thresholdSweep(target: BinaryTarget): ThresholdSweep {
  const { positive, scores } = target;
  const n = scores.length;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) =>
    scores[b] > scores[a] ? 1 : scores[b] < scores[a] ? -1 : 0,
  );
  const fps: number[] = [];
  const tps: number[] = [];
  const thresholds: number[] = [];
  let tp = 0;
  let fp = 0;
  for (let r = 0; r < n; r++) {
    const i = order[r];
    if (positive[i]) tp++;
    else fp++;
    if (r === n - 1 || scores[order[r + 1]] !== scores[i]) {
      fps.push(fp);
      tps.push(tp);
      thresholds.push(scores[i]);
    }
  }
  return { fps, tps, thresholds };
}
