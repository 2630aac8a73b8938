import { MetricsError } from './errors.js';
import {
  type MetricInput,
  assertNonEmpty,
  assertSameRows,
  checkThreshold,
  formatShape,
  toDense,
  toLabels,
} from './input.js';

/** How the set of classes is decided; shared by every label-based metric. */
export interface ClassOptions {
  /**
   * The classes, in the order rows/columns and per-class results use. Every label in `yTrue`
   * and `yPred` must be listed (unlike scikit-learn, which silently drops other samples).
   */
  labels?: readonly number[];
  /** Classes are `0 .. numClasses-1`; a label outside that range is an error. */
  numClasses?: number;
}

/** Options of label-based metrics that also take scores for `yPred`. */
export interface LabelOptions extends ClassOptions {
  /** Binarize 1-D float `yPred` as `yPred >= threshold ? 1 : 0`. */
  threshold?: number;
}

/** The classes in order and a label → row/column lookup. */
export interface ClassSet {
  readonly classes: number[];
  readonly index: Map<number, number>;
}

/** Paired integer labels plus the resolved classes. */
export interface PairedLabels extends ClassSet {
  readonly yTrue: ArrayLike<number>;
  readonly yPred: ArrayLike<number>;
}

/**
 * Decides the classes:
 * - `labels` given: those, in that order;
 * - `numClasses` given, or implied by `[N, C]` scores: `0 .. C-1`;
 * - otherwise the sorted union of the labels that occur (scikit-learn's rule).
 * Throws when a label in the data does not fit.
 */
export function resolveClasses(
  op: string,
  inputs: ReadonlyArray<readonly [string, ArrayLike<number>]>,
  options: ClassOptions,
  implied = 0,
): ClassSet {
  const { labels, numClasses } = options;
  if (labels !== undefined && numClasses !== undefined) {
    throw new MetricsError(op, 'pass labels or numClasses, not both');
  }
  if (labels !== undefined) {
    if (labels.length === 0) throw new MetricsError(op, 'labels is empty');
    const index = new Map<number, number>();
    labels.forEach((l, i) => {
      if (!Number.isInteger(l)) throw new MetricsError(op, `labels[${i}] is ${l}, not an integer`);
      if (index.has(l)) throw new MetricsError(op, `labels lists ${l} twice`);
      index.set(l, i);
    });
    for (const [name, values] of inputs) {
      for (let i = 0; i < values.length; i++) {
        if (!index.has(values[i])) {
          throw new MetricsError(
            op,
            `label ${values[i]} in ${name}[${i}] is not in labels ${formatShape(labels)}`,
          );
        }
      }
    }
    return { classes: [...labels], index };
  }
  if (numClasses !== undefined) {
    if (!Number.isInteger(numClasses) || numClasses < 1) {
      throw new MetricsError(op, `numClasses must be a positive integer, got ${numClasses}`);
    }
    if (implied > 0 && implied !== numClasses) {
      throw new MetricsError(
        op,
        `numClasses is ${numClasses} but the scores have ${implied} columns`,
      );
    }
  }
  const k = numClasses ?? implied;
  if (k > 0) {
    for (const [name, values] of inputs) {
      for (let i = 0; i < values.length; i++) {
        const v = values[i];
        if (v < 0 || v >= k) {
          throw new MetricsError(op, `label ${v} is outside [0, ${k}) (${name}[${i}])`);
        }
      }
    }
    const classes = Array.from({ length: k }, (_, i) => i);
    return { classes, index: new Map(classes.map((c) => [c, c])) };
  }
  const seen = new Set<number>();
  for (const [, values] of inputs) for (let i = 0; i < values.length; i++) seen.add(values[i]);
  const classes = [...seen].sort((a, b) => a - b);
  return { classes, index: new Map(classes.map((c, i) => [c, i])) };
}

/**
 * Coerces `yTrue` and `yPred` to labels (argmax for `[N, C]`, `threshold` for 1-D scores),
 * checks they pair up, and resolves the classes.
 */
export function pairLabels(
  op: string,
  yTrue: MetricInput,
  yPred: MetricInput,
  options: LabelOptions = {},
): PairedLabels {
  checkThreshold(op, options.threshold);
  const t = toDense(op, 'yTrue', yTrue);
  const p = toDense(op, 'yPred', yPred);
  assertSameRows(op, 'yTrue', t, 'yPred', p);
  assertNonEmpty(op, t);
  const tl = toLabels(op, 'yTrue', t);
  const pl = toLabels(op, 'yPred', p, options.threshold);
  if (tl.columns > 0 && pl.columns > 0 && tl.columns !== pl.columns) {
    throw new MetricsError(
      op,
      `yTrue has shape ${formatShape(t.shape)} but yPred has shape ${formatShape(p.shape)}; their class counts differ`,
    );
  }
  const set = resolveClasses(
    op,
    [
      ['yTrue', tl.labels],
      ['yPred', pl.labels],
    ],
    options,
    Math.max(tl.columns, pl.columns),
  );
  return { ...set, yTrue: tl.labels, yPred: pl.labels };
}
