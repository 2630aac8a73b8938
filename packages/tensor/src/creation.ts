import { type DType, type TypedArray, allocArray, assertDType, dtypeOfArray } from './dtype.js';
import { ENGINE } from './engine.js';
import { DTypeError, ShapeError, ValueError, formatShape } from './errors.js';
import { assertValidShape, sizeOf } from './shape.js';
import { Tensor } from './tensor.js';

/** Nested arrays of numbers or booleans, a typed array, or a single number. */
export type TensorInput =
  | number
  | boolean
  | TypedArray
  | readonly TensorInput[]
  | ArrayLike<number>;

/** A tensor, or a number that becomes a scalar of the other operand's dtype. */
export type TensorLike = Tensor | number;

/** @internal Wraps a freshly filled array (ownership passes to the backend). */
export function fromArray(values: TypedArray, shape: readonly number[], dtype: DType): Tensor {
  const backend = ENGINE.backend;
  return ENGINE.makeTensor(backend.write(values, dtype), shape, dtype, backend);
}

function inferShape(op: string, v: unknown): number[] {
  const shape: number[] = [];
  let cur: any = v;
  while (Array.isArray(cur) || ArrayBuffer.isView(cur)) {
    shape.push((cur as any).length);
    if ((cur as any).length === 0) break;
    cur = (cur as any)[0];
  }
  if (shape.length === 0 && typeof v !== 'number' && typeof v !== 'boolean') {
    throw new ValueError(
      op,
      `expected numbers, booleans, nested arrays or a typed array, got ${typeof v}`,
    );
  }
  return shape;
}

function flattenInto(
  op: string,
  v: any,
  shape: number[],
  axis: number,
  out: TypedArray,
  pos: { i: number },
): void {
  if (axis === shape.length) {
    if (typeof v === 'number') out[pos.i++] = v;
    else if (typeof v === 'boolean') out[pos.i++] = v ? 1 : 0;
    else
      throw new ValueError(
        op,
        `expected a number at depth ${axis}, got ${Array.isArray(v) ? 'an array' : typeof v}`,
      );
    return;
  }
  if (!(Array.isArray(v) || ArrayBuffer.isView(v)) || (v as any).length !== shape[axis]) {
    const got =
      Array.isArray(v) || ArrayBuffer.isView(v) ? `length ${(v as any).length}` : typeof v;
    throw new ShapeError(
      op,
      `ragged nested array: expected length ${shape[axis]} at depth ${axis} (shape ${formatShape(shape)}), got ${got}`,
    );
  }
  if (axis === shape.length - 1 && ArrayBuffer.isView(v)) {
    out.set(v as any, pos.i);
    pos.i += shape[axis];
    return;
  }
  for (let k = 0; k < shape[axis]; k++) flattenInto(op, (v as any)[k], shape, axis + 1, out, pos);
}

/**
 * Makes a tensor from nested arrays, a typed array or a number.
 *
 * The dtype defaults to the typed array's own (`Int32Array` → int32, `Uint8Array` → bool,
 * `Float64Array` → float64), `bool` for booleans, and `float32` otherwise. A flat input may be
 * given a `shape`.
 *
 * @throws {ShapeError} for ragged arrays or a `shape` whose size differs from the values.
 * @example
 * tensor([[1, 2], [3, 4]]);                    // float32 [2, 2]
 * tensor([1, 2, 3, 4], [2, 2], 'int32');
 * tensor(new Float64Array([0.1, 0.2]));        // float64 [2]
 */
export function tensor(values: TensorInput, shape?: readonly number[], dtype?: DType): Tensor {
  const op = 'tensor';
  if (dtype !== undefined) assertDType(op, dtype);
  const inferred = inferShape(op, values);
  const first = firstLeaf(values);
  const dt: DType =
    dtype ??
    (ArrayBuffer.isView(values)
      ? (dtypeOfArray(values as any) ?? 'float32')
      : typeof first === 'boolean'
        ? 'bool'
        : 'float32');
  const size = sizeOf(inferred);
  const out = allocArray(dt, size);
  if (ArrayBuffer.isView(values)) out.set(values as any);
  else flattenInto(op, values, inferred, 0, out, { i: 0 });
  if (dt === 'int32') checkIntegers(op, values, out);
  if (shape !== undefined) {
    const s = assertValidShape(op, shape);
    if (sizeOf(s) !== size) {
      throw new ShapeError(op, `shape ${formatShape(s)} needs ${sizeOf(s)} values, got ${size}`);
    }
    return fromArray(out, s, dt);
  }
  return fromArray(out, inferred, dt);
}

function firstLeaf(v: any): unknown {
  while (Array.isArray(v)) v = v[0];
  return v;
}

function checkIntegers(op: string, src: unknown, out: TypedArray): void {
  if (src instanceof Int32Array) return;
  // Int32Array truncates silently; values like 1.5 are a mistake worth naming.
  const flat: number[] = [];
  const walk = (v: any) => {
    if (typeof v === 'number') flat.push(v);
    else if (Array.isArray(v) || ArrayBuffer.isView(v)) for (const x of v as any) walk(x);
  };
  walk(src);
  for (let i = 0; i < flat.length; i++) {
    if (flat[i] !== out[i])
      throw new DTypeError(op, `value ${flat[i]} at index ${i} is not a 32-bit integer`);
  }
}

/** A rank-0 tensor. @example scalar(3).item(); // 3 */
export function scalar(value: number | boolean, dtype?: DType): Tensor {
  return tensor(value, undefined, dtype);
}

/** @internal Turns a number operand into a scalar tensor of `dtype`. */
export function toTensor(op: string, x: TensorLike, dtype: DType = 'float32'): Tensor {
  if (x instanceof Tensor) return x;
  if (typeof x !== 'number')
    throw new DTypeError(op, `expected a Tensor or a number, got ${typeof x}`);
  const a = allocArray(dtype, 1);
  a[0] = x;
  return fromArray(a, [], dtype);
}

/**
 * A tensor of `shape` filled with `value`.
 * @example full([2, 3], 7, 'int32');
 */
export function full(shape: readonly number[], value: number, dtype: DType = 'float32'): Tensor {
  const s = assertValidShape('full', shape);
  assertDType('full', dtype);
  const a = allocArray(dtype, sizeOf(s));
  if (value !== 0) a.fill(value);
  return fromArray(a, s, dtype);
}

/** @example zeros([2, 2]); */
export function zeros(shape: readonly number[], dtype: DType = 'float32'): Tensor {
  return full(shape, 0, dtype);
}

/** @example ones([3]); */
export function ones(shape: readonly number[], dtype: DType = 'float32'): Tensor {
  return full(shape, 1, dtype);
}

/**
 * Zeros with the shape and dtype of `t`.
 * @example
 * const z = zerosLike(tensor([[1, 2]], undefined, 'int32'));
 * z.toArray(); // [[0, 0]]
 * z.dtype; // 'int32'
 */
export function zerosLike(t: Tensor): Tensor {
  return full(t.shape, 0, t.dtype);
}

/**
 * Ones with the shape and dtype of `t`.
 * @example onesLike(tensor([[1, 2], [3, 4]])).toArray(); // [[1, 1], [1, 1]]
 */
export function onesLike(t: Tensor): Tensor {
  return full(t.shape, 1, t.dtype);
}

/**
 * `value` with the shape and dtype of `t`.
 * @example fullLike(tensor([1, 2, 3]), 0.5).toArray(); // [0.5, 0.5, 0.5]
 */
export function fullLike(t: Tensor, value: number): Tensor {
  return full(t.shape, value, t.dtype);
}

/**
 * Evenly spaced values in `[start, stop)`. With one argument, `[0, stop)`. int32 when all
 * arguments are integers, float32 otherwise.
 * @example arange(5);          // [0, 1, 2, 3, 4]
 * arange(1, 2, 0.25);          // [1, 1.25, 1.5, 1.75]
 */
export function arange(start: number, stop?: number, step = 1, dtype?: DType): Tensor {
  if (stop === undefined) {
    stop = start;
    start = 0;
  }
  if (step === 0 || !Number.isFinite(step))
    throw new ValueError('arange', `step must be a finite non-zero number, got ${step}`);
  const n = Math.max(0, Math.ceil((stop - start) / step));
  const dt =
    dtype ??
    (Number.isInteger(start) && Number.isInteger(stop) && Number.isInteger(step)
      ? 'int32'
      : 'float32');
  const a = allocArray(dt, n);
  for (let i = 0; i < n; i++) a[i] = start + i * step;
  return fromArray(a, [n], dt);
}

/**
 * `num` evenly spaced values from `start` to `stop`, both included.
 * @example linspace(0, 1, 5); // [0, 0.25, 0.5, 0.75, 1]
 */
export function linspace(
  start: number,
  stop: number,
  num: number,
  dtype: DType = 'float32',
): Tensor {
  if (!Number.isInteger(num) || num < 0)
    throw new ValueError('linspace', `num must be an integer >= 0, got ${num}`);
  const a = allocArray(dtype, num);
  const step = num > 1 ? (stop - start) / (num - 1) : 0;
  for (let i = 0; i < num; i++) a[i] = start + i * step;
  if (num > 1) a[num - 1] = stop;
  return fromArray(a, [num], dtype);
}

/**
 * The identity matrix `[n, m]` (m defaults to n).
 * @example eye(3);
 */
export function eye(n: number, m = n, dtype: DType = 'float32'): Tensor {
  assertValidShape('eye', [n, m]);
  const a = allocArray(dtype, n * m);
  for (let i = 0; i < Math.min(n, m); i++) a[i * m + i] = 1;
  return fromArray(a, [n, m], dtype);
}
