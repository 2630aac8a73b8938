import { type DType, floatOf, isFloat } from '../dtype.js';
import { ValueError } from '../errors.js';
import { type OpDef, defineOp, runOp } from '../op.js';
import { normalizeAxes, normalizeAxis, reducedShape } from '../shape.js';
import type { Tensor } from '../tensor.js';
import { add, div, equal, logicalAnd, mul, sub, where } from './binary.js';
import { broadcastTo } from './broadcast-to.js';
import { cast } from './cast.js';
import { reshape } from './reshape.js';
import { abs, exp, isFinite, log, sqrt, square } from './unary.js';

interface ReduceAttrs {
  axes: number[];
  keepDims: boolean;
}

/** Broadcasts a reduced gradient (or value) back over the input's shape. */
function expandBack(g: Tensor, x: Tensor, attrs: ReduceAttrs): Tensor {
  return broadcastTo(reshape(g, reducedShape(x.shape, attrs.axes, true)), x.shape);
}

function reduceOp(
  id: string,
  dtype: (d: DType) => DType,
  backward?: OpDef<ReduceAttrs>['backward'],
): OpDef<ReduceAttrs> {
  return defineOp<ReduceAttrs>({
    id,
    infer: ([x], { axes, keepDims }) => ({
      shape: reducedShape(x.shape, axes, keepDims),
      dtype: dtype(x.dtype),
    }),
    backward,
  });
}

const intOrSame = (d: DType): DType => (d === 'bool' ? 'int32' : d);

const SUM = reduceOp('sum', intOrSame, (dy, { inputs: [x], attrs }) => [expandBack(dy, x, attrs)]);
const PROD = reduceOp('prod', intOrSame, (dy, { inputs: [x], output, attrs }) => {
  // ∂/∂xᵢ ∏x = ∏_{j≠i} x_j, computed without dividing by zero: with one zero in a slice only
  // that element gets a gradient (the product of the others); with two or more, none does.
  const isZero = equal(x, 0);
  const zeros = expandBack(sum(cast(isZero, x.dtype), attrs.axes, true), x, {
    ...attrs,
    keepDims: true,
  });
  const nonZeroProd = expandBack(prod(where(isZero, 1, x), attrs.axes, true), x, {
    ...attrs,
    keepDims: true,
  });
  const y = expandBack(output, x, attrs);
  const g = where(
    equal(zeros, 0),
    div(y, where(isZero, 1, x)),
    where(logicalAnd(equal(zeros, 1), isZero), nonZeroProd, 0),
  );
  return [mul(expandBack(dy, x, attrs), g)];
});
// Ties share the gradient equally (as in TensorFlow and PyTorch's amax).
const extremumGrad: OpDef<ReduceAttrs>['backward'] = (dy, { inputs: [x], output, attrs }) => {
  const mask = cast(equal(x, expandBack(output, x, attrs)), x.dtype);
  const count = expandBack(sum(mask, attrs.axes, true), x, { ...attrs, keepDims: true });
  return [mul(expandBack(dy, x, attrs), div(mask, count))];
};
const MAX = reduceOp('max', intOrSame, extremumGrad);
const MIN = reduceOp('min', intOrSame, extremumGrad);
const ARGMAX = reduceOp('argmax', () => 'int32');
const ARGMIN = reduceOp('argmin', () => 'int32');

function attrsFor(
  op: string,
  x: Tensor,
  axis: number | readonly number[] | undefined,
  keepDims: boolean,
): ReduceAttrs {
  return { axes: normalizeAxes(op, axis, x.rank), keepDims };
}

/** Axis argument of reductions: one axis, several, or all when omitted. */
export type Axis = number | readonly number[];

/**
 * Sum over `axis` (all axes when omitted). bool sums to int32.
 * @example sum(tensor([[1, 2], [3, 4]]), 0); // [4, 6]
 */
export function sum(x: Tensor, axis?: Axis, keepDims = false): Tensor {
  return runOp(SUM, [x], attrsFor('sum', x, axis, keepDims));
}

/**
 * Product over `axis`. The gradient is exact even when the slice holds zeros.
 * @example prod(tensor([1, 2, 3])); // 6
 */
export function prod(x: Tensor, axis?: Axis, keepDims = false): Tensor {
  return runOp(PROD, [x], attrsFor('prod', x, axis, keepDims));
}

/**
 * Maximum over `axis`; NaN propagates. Tied maxima share the gradient equally.
 * @throws {ValueError} on an empty axis.
 * @example max(tensor([[1, 5], [3, 2]]), 1); // [5, 3]
 */
export function max(x: Tensor, axis?: Axis, keepDims = false): Tensor {
  const attrs = attrsFor('max', x, axis, keepDims);
  assertNonEmpty('max', x, attrs.axes);
  return runOp(MAX, [x], attrs);
}

/** Minimum over `axis`; like `max`. @example min(tensor([4, 2, 8])); // 2 */
export function min(x: Tensor, axis?: Axis, keepDims = false): Tensor {
  const attrs = attrsFor('min', x, axis, keepDims);
  assertNonEmpty('min', x, attrs.axes);
  return runOp(MIN, [x], attrs);
}

function assertNonEmpty(op: string, x: Tensor, axes: readonly number[]): void {
  for (const a of axes)
    if (x.shape[a] === 0)
      throw new ValueError(op, `cannot reduce over empty axis ${a} of shape [${x.shape}]`);
}

function argReduce(
  def: OpDef<ReduceAttrs>,
  x: Tensor,
  axis: number | undefined,
  keepDims: boolean,
): Tensor {
  if (axis === undefined) return runOp(def, [reshape(x, [-1])], { axes: [0], keepDims: false });
  const a = normalizeAxis(def.id, axis, x.rank);
  assertNonEmpty(def.id, x, [a]);
  return runOp(def, [x], { axes: [a], keepDims });
}

/**
 * Index of the maximum along `axis` (over the flattened tensor when omitted), int32. The first
 * occurrence wins ties.
 * @example argmax(tensor([[1, 9, 9], [7, 0, 1]]), 1); // [1, 0]
 */
export function argmax(x: Tensor, axis?: number, keepDims = false): Tensor {
  return argReduce(ARGMAX, x, axis, keepDims);
}

/** Index of the minimum along `axis`; first occurrence wins. @example argmin(tensor([3, 1, 1])); // 1 */
export function argmin(x: Tensor, axis?: number, keepDims = false): Tensor {
  return argReduce(ARGMIN, x, axis, keepDims);
}

function requireFloat(x: Tensor): Tensor {
  if (isFloat(x.dtype)) return x;
  return cast(x, floatOf(x.dtype));
}

/**
 * Arithmetic mean over `axis`; integers give float32.
 * @example mean(tensor([[1, 2], [3, 4]]), 1); // [1.5, 3.5]
 */
export function mean(x: Tensor, axis?: Axis, keepDims = false): Tensor {
  const xf = requireFloat(x);
  const { axes } = attrsFor('mean', x, axis, keepDims);
  const n = axes.reduce((p, a) => p * x.shape[a], 1);
  return div(sum(xf, axes, keepDims), n);
}

/**
 * log Σ exp(x) over `axis`, computed stably by shifting by the maximum (which is held constant,
 * so the gradient is exactly softmax). Slices that are all −∞ give −∞.
 * @example logSumExp(tensor([1000, 1000])); // 1000.6931
 */
export function logSumExp(x: Tensor, axis?: Axis, keepDims = false): Tensor {
  const xf = requireFloat(x);
  const axes = normalizeAxes('logSumExp', axis, x.rank);
  const m = max(xf, axes, true).detach();
  const shift = where(isFinite(m), m, 0);
  const s = add(log(sum(exp(sub(xf, shift)), axes, true)), shift);
  return keepDims ? s : reshape(s, reducedShape(x.shape, axes, false));
}

/**
 * Variance over `axis`, Σ(x − mean)² / (n − correction). `correction` 0 (default) is the
 * population variance, as in NumPy; 1 is the unbiased sample variance.
 * @example variance(tensor([1, 2, 3, 4])); // 1.25
 */
export function variance(x: Tensor, axis?: Axis, keepDims = false, correction = 0): Tensor {
  const xf = requireFloat(x);
  const axes = normalizeAxes('variance', axis, x.rank);
  const n = axes.reduce((p, a) => p * x.shape[a], 1);
  if (n - correction <= 0)
    throw new ValueError('variance', `needs more than ${correction} elements per slice, got ${n}`);
  const d = sub(xf, mean(xf, axes, true));
  return div(sum(square(d), axes, keepDims), n - correction);
}

/** Standard deviation: √variance. @example std(tensor([1, 2, 3, 4])); // 1.1180 */
export function std(x: Tensor, axis?: Axis, keepDims = false, correction = 0): Tensor {
  return sqrt(variance(x, axis, keepDims, correction));
}

/**
 * Vector norm over `axis` (all elements by default): `ord` 2 (Euclidean, the default), 1, or
 * Infinity. The 2-norm's gradient at the zero vector is NaN (√ at 0), as in NumPy-based tools.
 * @throws {ValueError} for other orders.
 * @example norm(tensor([3, 4])); // 5
 */
export function norm(x: Tensor, ord: 1 | 2 | number = 2, axis?: Axis, keepDims = false): Tensor {
  const xf = requireFloat(x);
  if (ord === 2) return sqrt(sum(square(xf), axis, keepDims));
  if (ord === 1) return sum(abs(xf), axis, keepDims);
  if (ord === Infinity) return max(abs(xf), axis, keepDims);
  throw new ValueError('norm', `ord must be 1, 2 or Infinity, got ${ord}`);
}
