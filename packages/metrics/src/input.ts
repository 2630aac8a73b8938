import { MetricsError } from './errors.js';

/**
 * Anything with a shape and synchronous data: a `@tsgrad/tensor` `Tensor`, a tf.js tensor, or a
 * plain object. Structural, so this package needs no tensor library.
 *
 * @example
 * const t: TensorLike = { shape: [2, 3], dataSync: () => new Float32Array([0.1, 0.7, 0.2, 0.8, 0.1, 0.1]) };
 * accuracy([1, 0], t); // 1
 */
export interface TensorLike {
  readonly shape: readonly number[];
  dataSync(): ArrayLike<number>;
}

/**
 * What every metric accepts for `yTrue`, `yPred` and `yScore`: a `number[]`, a typed array, a
 * nested `number[][]` (one row per sample), or a {@link TensorLike}. Only 1-D `[N]` and 2-D
 * `[N, C]` shapes are accepted.
 *
 * @example
 * const labels: MetricInput = [0, 2, 1];
 * const probs: MetricInput = [[0.9, 0.1], [0.2, 0.8]];
 * const typed: MetricInput = new Int32Array([1, 0, 1]);
 */
export type MetricInput = ArrayLike<number> | ArrayLike<ArrayLike<number>> | TensorLike;

/** A validated 1-D (`cols === 0`) or 2-D view of an input, row-major. */
export interface Dense {
  readonly data: ArrayLike<number>;
  readonly rows: number;
  /** 0 for a 1-D input. */
  readonly cols: number;
  readonly shape: readonly number[];
}

/** Labels after coercion: one integer per sample. */
export interface LabelView {
  readonly labels: ArrayLike<number>;
  /** C when the labels came from an argmax over `[N, C]` scores, else 0. */
  readonly columns: number;
}

export function formatShape(shape: readonly number[]): string {
  return `[${shape.join(',')}]`;
}

function describe(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  if (typeof v === 'object') return 'an object';
  if (typeof v === 'string') return JSON.stringify(v);
  return String(v);
}

function isTensorLike(x: unknown): x is TensorLike {
  return (
    typeof x === 'object' &&
    x !== null &&
    typeof (x as TensorLike).dataSync === 'function' &&
    Array.isArray((x as TensorLike).shape)
  );
}

function isArrayLike(x: unknown): x is ArrayLike<unknown> {
  return (
    typeof x === 'object' && x !== null && typeof (x as ArrayLike<unknown>).length === 'number'
  );
}

/** Coerces any {@link MetricInput} to a 1-D or 2-D row-major view, or throws naming `op`. */
export function toDense(op: string, name: string, x: MetricInput): Dense {
  if (isTensorLike(x)) {
    const shape = [...x.shape];
    if (shape.length !== 1 && shape.length !== 2) {
      throw new MetricsError(
        op,
        `${name} must be 1-D [N] or 2-D [N, C], got shape ${formatShape(shape)}`,
      );
    }
    const data = x.dataSync();
    const size = shape.reduce((a, b) => a * b, 1);
    if (data.length !== size) {
      throw new MetricsError(
        op,
        `${name} has shape ${formatShape(shape)} (${size} elements) but dataSync() returned ${data.length}`,
      );
    }
    return { data, rows: shape[0], cols: shape.length === 2 ? shape[1] : 0, shape };
  }
  if (!isArrayLike(x)) {
    throw new MetricsError(
      op,
      `${name} must be an array, typed array, number[][] or tensor-like {shape, dataSync}, got ${describe(x)}`,
    );
  }
  const n = x.length;
  if (n === 0 || typeof x[0] === 'number') {
    if (!ArrayBuffer.isView(x)) {
      for (let i = 0; i < n; i++) {
        if (typeof x[i] !== 'number') {
          throw new MetricsError(op, `${name}[${i}] is ${describe(x[i])}, expected a number`);
        }
      }
    }
    return { data: x as ArrayLike<number>, rows: n, cols: 0, shape: [n] };
  }
  if (!isArrayLike(x[0])) {
    throw new MetricsError(
      op,
      `${name}[0] is ${describe(x[0])}, expected a number or a row of numbers`,
    );
  }
  const cols = x[0].length;
  if (cols === 0) throw new MetricsError(op, `${name} has rows of length 0`);
  const data = new Float64Array(n * cols);
  for (let i = 0; i < n; i++) {
    const row = x[i];
    if (!isArrayLike(row)) {
      throw new MetricsError(
        op,
        `${name}[${i}] is ${describe(row)}, expected a row of ${cols} numbers`,
      );
    }
    if (row.length !== cols) {
      throw new MetricsError(
        op,
        `${name}[${i}] has ${row.length} columns but ${name}[0] has ${cols}`,
      );
    }
    for (let j = 0; j < cols; j++) {
      const v = row[j];
      if (typeof v !== 'number') {
        throw new MetricsError(
          op,
          `${name}[${i}][${j}] is ${describe(v)}, expected a number; inputs must be 1-D [N] or 2-D [N, C]`,
        );
      }
      data[i * cols + j] = v;
    }
  }
  return { data, rows: n, cols, shape: [n, cols] };
}

/** Throws `'<op>: empty input'` when there are no samples. */
export function assertNonEmpty(op: string, d: Dense): void {
  if (d.rows === 0) throw new MetricsError(op, 'empty input');
}

/** Throws unless both inputs have the same number of samples (rows). */
export function assertSameRows(op: string, aName: string, a: Dense, bName: string, b: Dense): void {
  if (a.rows === b.rows) return;
  if (a.cols === 0 && b.cols === 0) {
    throw new MetricsError(op, `${aName} has ${a.rows} elements but ${bName} has ${b.rows}`);
  }
  throw new MetricsError(
    op,
    `${aName} has ${a.rows} samples (shape ${formatShape(a.shape)}) but ${bName} has ${b.rows} (shape ${formatShape(b.shape)})`,
  );
}

function at(name: string, d: Dense, flat: number): string {
  return d.cols === 0
    ? `${name}[${flat}]`
    : `${name}[${Math.floor(flat / d.cols)}][${flat % d.cols}]`;
}

/** Throws on the first NaN, naming its position. Infinities are allowed (they order fine). */
export function assertNoNaN(op: string, name: string, d: Dense): void {
  const { data } = d;
  for (let i = 0; i < data.length; i++) {
    if (Number.isNaN(data[i])) throw new MetricsError(op, `${at(name, d, i)} is NaN`);
  }
}

/** Throws unless `threshold` is a non-NaN number (or undefined). */
export function checkThreshold(op: string, threshold: number | undefined): void {
  if (threshold !== undefined && (typeof threshold !== 'number' || Number.isNaN(threshold))) {
    throw new MetricsError(op, `threshold must be a number, got ${describe(threshold)}`);
  }
}

/**
 * One integer label per sample:
 * - 1-D `[N]` or `[N, 1]`: the values themselves, which must be integers; with `threshold`,
 *   `score >= threshold ? 1 : 0` instead.
 * - 2-D `[N, C]` with `C >= 2`: the argmax of each row (first index on ties), so probabilities,
 *   logits and one-hot rows all work; `columns` is then C.
 */
export function toLabels(op: string, name: string, d: Dense, threshold?: number): LabelView {
  const { data, rows, cols } = d;
  if (cols <= 1) {
    const labels = new Float64Array(rows);
    if (threshold !== undefined) {
      for (let i = 0; i < rows; i++) {
        const v = data[i];
        if (Number.isNaN(v)) throw new MetricsError(op, `${at(name, d, i)} is NaN`);
        labels[i] = v >= threshold ? 1 : 0;
      }
      return { labels, columns: 0 };
    }
    for (let i = 0; i < rows; i++) {
      const v = data[i];
      if (!Number.isInteger(v)) {
        const hint = name === 'yTrue' ? '' : '; pass threshold to turn scores into labels';
        throw new MetricsError(op, `${at(name, d, i)} is ${v}, not an integer label${hint}`);
      }
      labels[i] = v;
    }
    return { labels, columns: 0 };
  }
  if (threshold !== undefined) {
    throw new MetricsError(
      op,
      `threshold applies to 1-D scores, but ${name} has shape ${formatShape(d.shape)}; rows of ${cols} scores are reduced by argmax`,
    );
  }
  const labels = new Float64Array(rows);
  for (let i = 0; i < rows; i++) {
    let best = 0;
    let bestValue = Number.NEGATIVE_INFINITY;
    for (let j = 0; j < cols; j++) {
      const v = data[i * cols + j];
      if (Number.isNaN(v)) throw new MetricsError(op, `${name}[${i}][${j}] is NaN`);
      if (v > bestValue || j === 0) {
        best = j;
        bestValue = v;
      }
    }
    labels[i] = best;
  }
  return { labels, columns: cols };
}
