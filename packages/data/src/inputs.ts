import {
  ShapeError,
  Tensor,
  ValueError,
  formatShape,
  gather as gatherOp,
  tensor,
} from '@tsgrad/tensor';

/** A 2-D feature matrix: a `[N, F]` tensor or rows of numbers. */
export type Matrix = Tensor | readonly (readonly number[])[];

/** Integer or string class labels: an array, a typed array or a `[N]` tensor. */
export type Labels = Tensor | ArrayLike<number> | readonly (string | number)[];

/** @internal A matrix read into float64, remembering how it came in. */
export interface Table {
  rows: number;
  cols: number;
  values: Float64Array;
  tensor: Tensor | null;
}

/** @internal Reads a `[N, F]` tensor or `number[][]` into a float64 table (row-major). */
export function readMatrix(
  op: string,
  x: Matrix,
  opts: { allowEmpty?: boolean; finite?: boolean } = {},
): Table {
  let rows: number;
  let cols: number;
  let values: Float64Array;
  if (x instanceof Tensor) {
    if (x.rank !== 2)
      throw new ShapeError(op, `expected x of rank 2 [N, F], got shape ${formatShape(x.shape)}`);
    [rows, cols] = x.shape;
    values = Float64Array.from(x.dataSync());
  } else {
    if (!Array.isArray(x))
      throw new ValueError(op, `expected a [N, F] tensor or an array of rows, got ${typeof x}`);
    rows = x.length;
    cols = rows > 0 ? (Array.isArray(x[0]) ? x[0].length : -1) : 0;
    if (cols < 0)
      throw new ShapeError(
        op,
        `expected x of rank 2 (an array of rows), got an array of ${typeof x[0]}`,
      );
    values = new Float64Array(rows * cols);
    for (let i = 0; i < rows; i++) {
      const row = x[i];
      if (!Array.isArray(row) || row.length !== cols) {
        throw new ShapeError(
          op,
          `row ${i} has ${Array.isArray(row) ? `${row.length} values` : `type ${typeof row}`}, row 0 has ${cols}`,
        );
      }
      for (let j = 0; j < cols; j++) values[i * cols + j] = row[j];
    }
  }
  if (!opts.allowEmpty && rows === 0)
    throw new ValueError(op, `x is empty (shape [${rows},${cols}]); needs at least one sample`);
  if (!opts.allowEmpty && cols === 0)
    throw new ValueError(op, `x has no features (shape [${rows},${cols}])`);
  if (opts.finite ?? true) {
    for (let k = 0; k < values.length; k++) {
      const v = values[k];
      if (!Number.isFinite(v)) {
        throw new ValueError(
          op,
          `x has ${Number.isNaN(v) ? 'NaN' : v} at row ${Math.floor(k / cols)}, feature ${k % cols}; remove or impute it first`,
        );
      }
    }
  }
  return { rows, cols, values, tensor: x instanceof Tensor ? x : null };
}

/** @internal Writes a float64 table back in the input's kind: a tensor (float32 unless float64) or rows. */
export function writeMatrix<X extends Matrix>(like: Table, values: Float64Array, cols: number): X {
  const rows = like.rows;
  if (like.tensor !== null) {
    const dtype = like.tensor.dtype === 'float64' ? 'float64' : 'float32';
    return tensor(
      dtype === 'float64' ? values : Float32Array.from(values),
      [rows, cols],
      dtype,
    ) as X;
  }
  const out: number[][] = [];
  for (let i = 0; i < rows; i++) out.push(Array.from(values.subarray(i * cols, (i + 1) * cols)));
  return out as unknown as X;
}

/** @internal Reads labels (numbers or strings) into a plain array, checking they are 1-D. */
export function readLabels(op: string, labels: Labels, name = 'labels'): (number | string)[] {
  if (labels instanceof Tensor) {
    if (labels.rank !== 1)
      throw new ShapeError(op, `${name} must be 1-D [N], got shape ${formatShape(labels.shape)}`);
    return Array.from(labels.dataSync());
  }
  if (!Array.isArray(labels) && !ArrayBuffer.isView(labels)) {
    throw new ValueError(
      op,
      `${name} must be an array, a typed array or a 1-D tensor, got ${typeof labels}`,
    );
  }
  const out = Array.from(labels as ArrayLike<number | string>);
  for (let i = 0; i < out.length; i++) {
    const v = out[i];
    if (typeof v === 'number' ? Number.isNaN(v) : typeof v !== 'string') {
      throw new ValueError(
        op,
        `${name}[${i}] is ${typeof v === 'number' ? 'NaN' : typeof v}; labels are numbers or strings`,
      );
    }
  }
  return out;
}

/** @internal Reads integer class labels in [0, numClasses) (numClasses defaults to max + 1). */
export function readClassIndices(
  op: string,
  labels: Labels,
  numClasses?: number,
  name = 'labels',
): { y: Int32Array; numClasses: number } {
  const raw = readLabels(op, labels, name);
  const y = new Int32Array(raw.length);
  let max = -1;
  for (let i = 0; i < raw.length; i++) {
    const v = raw[i];
    if (typeof v !== 'number' || !Number.isInteger(v) || v < 0) {
      throw new ValueError(
        op,
        `${name}[${i}] is ${JSON.stringify(v)}; expected an integer class index >= 0 (use labelEncoder() for other labels)`,
      );
    }
    y[i] = v;
    if (v > max) max = v;
  }
  const k = numClasses ?? max + 1;
  if (numClasses !== undefined) {
    if (!Number.isInteger(numClasses) || numClasses < 1)
      throw new ValueError(op, `numClasses must be an integer >= 1, got ${numClasses}`);
    const bad = y.findIndex((v) => v >= numClasses);
    if (bad >= 0)
      throw new ValueError(op, `${name}[${bad}] is ${y[bad]}, outside [0, ${numClasses})`);
  }
  return { y, numClasses: k };
}

/** @internal The number of samples of an x or y: a tensor's first dimension or an array's length. */
export function lengthOf(op: string, v: Tensor | ArrayLike<unknown>, name: string): number {
  if (v instanceof Tensor) {
    if (v.rank < 1) throw new ShapeError(op, `${name} must have a sample axis, got a scalar`);
    return v.shape[0];
  }
  if (Array.isArray(v) || ArrayBuffer.isView(v)) return (v as ArrayLike<unknown>).length;
  throw new ValueError(op, `${name} must be a tensor or an array, got ${typeof v}`);
}

/** @internal Picks samples by index from a tensor (gather) or an array, keeping its kind. */
export function take<V extends Tensor | ArrayLike<unknown>>(v: V, indices: Int32Array): V {
  if (v instanceof Tensor) return gatherRows(v, indices) as V;
  if (ArrayBuffer.isView(v)) {
    const src = v as unknown as Int32Array;
    const out = new (src.constructor as Int32ArrayConstructor)(indices.length);
    for (let i = 0; i < indices.length; i++) out[i] = src[indices[i]];
    return out as unknown as V;
  }
  const src = v as ArrayLike<unknown>;
  return Array.from(indices, (i) => src[i]) as unknown as V;
}

/** @internal Rows of a tensor by index (the `gather` op on axis 0). */
export function gatherRows(x: Tensor, indices: Int32Array): Tensor {
  return gatherOp(x, tensor(indices, [indices.length], 'int32'), 0);
}
