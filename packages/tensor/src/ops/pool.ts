import { DTypeError, ShapeError, formatShape } from '../errors.js';
import { type OpDef, defineOp, runOp } from '../op.js';
import type { Tensor } from '../tensor.js';
import {
  type Pool2dOptions,
  type PoolAttrs,
  assertFloat,
  assertShape4,
  describePool,
  poolAttrsOf,
  windowAxis,
} from './conv-util.js';

export type { Pool2dOptions } from './conv-util.js';

interface PoolGradAttrs extends PoolAttrs {
  readonly inputShape: readonly number[];
}

/** The shape rule of every pooling op: [N,H,W,C] → [N,OH,OW,C]. */
function poolOutputShape(
  op: string,
  x: readonly number[],
  attrs: PoolAttrs,
  xName: string,
): number[] {
  if (x.length !== 4) {
    throw new ShapeError(
      op,
      `${xName} must have rank 4 [batch, height, width, channels], got shape ${formatShape(x)}`,
    );
  }
  const [ph, pw] = attrs.poolSize;
  if (attrs.padding === 'valid' && (ph > x[1] || pw > x[2])) {
    throw new ShapeError(
      op,
      `the pooling window ${ph}x${pw} is larger than the ${x[1]}x${x[2]} input (${xName} shape ${formatShape(x)}) with padding 'valid'; use padding 'same' or a smaller poolSize`,
    );
  }
  const h = windowAxis(x[1], ph, attrs.strides[0], attrs.padding);
  const w = windowAxis(x[2], pw, attrs.strides[1], attrs.padding);
  return [x[0], h.out, w.out, x[3]];
}

function assertDy(
  op: string,
  dy: Tensor,
  x: readonly number[],
  attrs: PoolAttrs,
  xName: string,
): void {
  const expected = poolOutputShape(op, x, attrs, xName);
  if (dy.shape.length !== 4 || dy.shape.some((d, i) => d !== expected[i])) {
    throw new ShapeError(
      op,
      `dy has shape ${formatShape(dy.shape)} but pooling an input ${formatShape(x)} (${describePool(attrs)}) gives ${formatShape(expected)}`,
    );
  }
  assertFloat(op, 'dy', dy.dtype);
}

const MAX_POOL: OpDef<PoolAttrs> = defineOp<PoolAttrs>({
  id: 'maxPool2d',
  infer: ([x], attrs) => {
    assertFloat('maxPool2d', 'x', x.dtype);
    return { shape: poolOutputShape('maxPool2d', x.shape, attrs, 'x'), dtype: x.dtype };
  },
  backward: (dy, { inputs: [x], attrs }) => [runOp(MAX_POOL_GRAD, [x, dy], attrs)],
});

// Linear in dy (its gradient with respect to x is zero almost everywhere: the argmax is piecewise
// constant). ⟨maxPool2dGrad(x, dy), g⟩ = ⟨dy, g at each window's argmax⟩, which is the
// maxPool2dGradGrad kernel (TensorFlow's MaxPoolGradGrad); the pair are each other's transpose.
const MAX_POOL_GRAD: OpDef<PoolAttrs> = defineOp<PoolAttrs>({
  id: 'maxPool2dGrad',
  infer: ([x, dy], attrs) => {
    assertFloat('maxPool2dGrad', 'x', x.dtype);
    assertDy('maxPool2dGrad', dy, x.shape, attrs, 'x');
    if (dy.dtype !== x.dtype)
      throw new DTypeError('maxPool2dGrad', `x is ${x.dtype} but dy is ${dy.dtype}`);
    return { shape: x.shape, dtype: x.dtype };
  },
  backward: (g, { inputs: [x], attrs }) => [null, runOp(MAX_POOL_GRAD_GRAD, [x, g], attrs)],
});

/** Internal: picks g ([N,H,W,C]) at each pooling window's first maximum of x → [N,OH,OW,C]. */
const MAX_POOL_GRAD_GRAD: OpDef<PoolAttrs> = defineOp<PoolAttrs>({
  id: 'maxPool2dGradGrad',
  infer: ([x, g], attrs) => ({
    shape: poolOutputShape('maxPool2dGradGrad', x.shape, attrs, 'x'),
    dtype: g.dtype,
  }),
  backward: (h, { inputs: [x], attrs }) => [null, runOp(MAX_POOL_GRAD, [x, h], attrs)],
});

const AVG_POOL: OpDef<PoolAttrs> = defineOp<PoolAttrs>({
  id: 'avgPool2d',
  infer: ([x], attrs) => {
    assertFloat('avgPool2d', 'x', x.dtype);
    return { shape: poolOutputShape('avgPool2d', x.shape, attrs, 'x'), dtype: x.dtype };
  },
  backward: (dy, { inputs: [x], attrs }) => [
    runOp(AVG_POOL_GRAD, [dy], { ...attrs, inputShape: x.shape }),
  ],
});

const AVG_POOL_GRAD: OpDef<PoolGradAttrs> = defineOp<PoolGradAttrs>({
  id: 'avgPool2dGrad',
  infer: ([dy], attrs) => {
    assertDy('avgPool2dGrad', dy, attrs.inputShape, attrs, 'inputShape');
    return { shape: attrs.inputShape, dtype: dy.dtype };
  },
  // Linear, and the transpose of avgPool2d: ⟨avgPool2dGrad(dy), g⟩ = ⟨dy, avgPool2d(g)⟩.
  backward: (g, { attrs }) => [
    runOp(AVG_POOL, [g], {
      poolSize: attrs.poolSize,
      strides: attrs.strides,
      padding: attrs.padding,
    }),
  ],
});

/**
 * Max pooling over spatial windows of a channels-last batch: [batch, height, width, channels]
 * → [batch, outHeight, outWidth, channels], with outHeight = floor((height − poolHeight) /
 * stride) + 1 for padding `'valid'` and ceil(height / stride) for `'same'` (TensorFlow's
 * padding; padded cells never win). A NaN in a window makes its output NaN.
 *
 * Gradient: each window's upstream gradient goes to its maximum; on ties, to the FIRST maximum
 * in row-major window order (top row first, then left to right).
 *
 * @throws {ShapeError} for an input that is not rank 4, or (padding `'valid'`) a window larger
 *   than the input.
 * @throws {ValueError} for a poolSize or strides that are not positive integers, or an unknown padding.
 * @throws {DTypeError} for a non-float input.
 * @example maxPool2d(zeros([1, 26, 26, 32]), { poolSize: 2 }).shape; // [1, 13, 13, 32]
 */
export function maxPool2d(x: Tensor, options: Pool2dOptions): Tensor {
  return runOp(MAX_POOL, [x], poolAttrsOf('maxPool2d', options));
}

/**
 * The gradient of `maxPool2d`: given its input `x` and `dy` (the gradient of its output),
 * returns dx shaped like `x`, with each window's `dy` added at the first maximum of the window.
 * Differentiable in `dy` (so second derivatives through `maxPool2d` work); its gradient with
 * respect to `x` is zero, as the choice of maximum is piecewise constant.
 *
 * @throws {ShapeError} when `dy` does not have `maxPool2d`'s output shape for `x`.
 * @example maxPool2dGrad(tensor([1, 3, 3, 2], [1, 2, 2, 1]), ones([1, 1, 1, 1]), { poolSize: 2 }); // [0, 1, 0, 0]
 */
export function maxPool2dGrad(x: Tensor, dy: Tensor, options: Pool2dOptions): Tensor {
  return runOp(MAX_POOL_GRAD, [x, dy], poolAttrsOf('maxPool2dGrad', options));
}

/**
 * Average pooling over spatial windows of a channels-last batch, with the same shapes and
 * options as `maxPool2d`. With padding `'same'` each average counts only the real (unpadded)
 * cells of its window, as TensorFlow does.
 *
 * @throws {ShapeError} for an input that is not rank 4, or (padding `'valid'`) a window larger
 *   than the input.
 * @throws {ValueError} for a poolSize or strides that are not positive integers, or an unknown padding.
 * @throws {DTypeError} for a non-float input.
 * @example avgPool2d(tensor([1, 2, 3, 4], [1, 2, 2, 1]), { poolSize: 2 }).item(); // 2.5
 */
export function avgPool2d(x: Tensor, options: Pool2dOptions): Tensor {
  return runOp(AVG_POOL, [x], poolAttrsOf('avgPool2d', options));
}

/**
 * The gradient of `avgPool2d`: spreads each window's `dy` evenly over the window's real cells,
 * giving dx of shape `inputShape`. Linear and differentiable (its gradient is `avgPool2d`).
 *
 * @throws {ShapeError} when `dy` does not have `avgPool2d`'s output shape for `inputShape`.
 * @example avgPool2dGrad(ones([1, 1, 1, 1]), [1, 2, 2, 1], { poolSize: 2 }); // four cells of 0.25
 */
export function avgPool2dGrad(
  dy: Tensor,
  inputShape: readonly number[],
  options: Pool2dOptions,
): Tensor {
  const attrs = poolAttrsOf('avgPool2dGrad', options);
  return runOp(AVG_POOL_GRAD, [dy], {
    ...attrs,
    inputShape: assertShape4('avgPool2dGrad', 'inputShape', inputShape),
  });
}
