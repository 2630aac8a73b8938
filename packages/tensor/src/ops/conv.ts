import { DTypeError, ShapeError, formatShape } from '../errors.js';
import { type OpDef, defineOp, runOp } from '../op.js';
import type { Tensor } from '../tensor.js';
import {
  type Conv2dOptions,
  type ConvAttrs,
  assertFloat,
  assertShape4,
  convAttrsOf,
  describeConv,
  windowAxis,
} from './conv-util.js';

export type { Conv2dOptions, Padding } from './conv-util.js';

interface InputShapeAttrs extends ConvAttrs {
  readonly inputShape: readonly number[];
}

interface FilterShapeAttrs extends ConvAttrs {
  readonly filterShape: readonly number[];
}

/**
 * The shape rule shared by conv2d and its gradients: validates an input shape and a filter
 * shape against the options and returns the output shape [N, OH, OW, F]. `xName` / `fName`
 * are what the messages call them (`x`, `inputShape`, `filter`, `filterShape`).
 */
function convOutputShape(
  op: string,
  x: readonly number[],
  f: readonly number[],
  attrs: ConvAttrs,
  xName: string,
  fName: string,
): number[] {
  if (x.length !== 4) {
    throw new ShapeError(
      op,
      `${xName} must have rank 4 [batch, height, width, channels], got shape ${formatShape(x)}`,
    );
  }
  if (f.length !== 4) {
    throw new ShapeError(
      op,
      `${fName} must have rank 4 [filterHeight, filterWidth, inChannels, outChannels], got shape ${formatShape(f)}`,
    );
  }
  if (x[3] !== f[2]) {
    throw new ShapeError(
      op,
      `${xName} has ${x[3]} channels (shape ${formatShape(x)}) but ${fName} expects ${f[2]} input channels (shape ${formatShape(f)})`,
    );
  }
  if (f[0] < 1 || f[1] < 1)
    throw new ShapeError(op, `${fName} height and width must be >= 1, got shape ${formatShape(f)}`);
  const [dh, dw] = attrs.dilation;
  const kh = (f[0] - 1) * dh + 1;
  const kw = (f[1] - 1) * dw + 1;
  const h = windowAxis(x[1], kh, attrs.strides[0], attrs.padding);
  const w = windowAxis(x[2], kw, attrs.strides[1], attrs.padding);
  if (attrs.padding === 'valid' && (kh > x[1] || kw > x[2])) {
    const dilated =
      dh > 1 || dw > 1 ? ` (dilated from ${f[0]}x${f[1]} by ${formatShape(attrs.dilation)})` : '';
    throw new ShapeError(
      op,
      `the filter window ${kh}x${kw}${dilated} is larger than the ${x[1]}x${x[2]} input (${xName} shape ${formatShape(x)}, ${fName} shape ${formatShape(f)}) with padding 'valid'; use padding 'same' or a larger input`,
    );
  }
  return [x[0], h.out, w.out, f[3]];
}

function assertDTypes(op: string, a: Tensor, aName: string, b: Tensor, bName: string): void {
  assertFloat(op, aName, a.dtype);
  assertFloat(op, bName, b.dtype);
  if (a.dtype !== b.dtype)
    throw new DTypeError(op, `${aName} is ${a.dtype} but ${bName} is ${b.dtype}`);
}

function assertDy(op: string, dy: Tensor, expected: readonly number[], what: string): void {
  if (dy.shape.length !== expected.length || dy.shape.some((d, i) => d !== expected[i])) {
    throw new ShapeError(
      op,
      `dy has shape ${formatShape(dy.shape)} but ${what} gives ${formatShape(expected)}`,
    );
  }
}

const CONV2D: OpDef<ConvAttrs> = defineOp<ConvAttrs>({
  id: 'conv2d',
  infer: ([x, f], attrs) => {
    const shape = convOutputShape('conv2d', x.shape, f.shape, attrs, 'x', 'filter');
    assertDTypes('conv2d', x, 'x', f, 'filter');
    return { shape, dtype: x.dtype };
  },
  // y = x ⋆ W is bilinear; each gradient is the matching backprop op (skipped when not needed,
  // e.g. dx for the first layer's data batch).
  backward: (dy, { inputs: [x, f], attrs, needsGrad }) => [
    needsGrad[0] ? runOp(CONV2D_BACKPROP_INPUT, [dy, f], { ...attrs, inputShape: x.shape }) : null,
    needsGrad[1]
      ? runOp(CONV2D_BACKPROP_FILTER, [x, dy], { ...attrs, filterShape: f.shape })
      : null,
  ],
});

const CONV2D_BACKPROP_INPUT: OpDef<InputShapeAttrs> = defineOp<InputShapeAttrs>({
  id: 'conv2dBackpropInput',
  infer: ([dy, f], attrs) => {
    const op = 'conv2dBackpropInput';
    const expected = convOutputShape(op, attrs.inputShape, f.shape, attrs, 'inputShape', 'filter');
    assertDy(
      op,
      dy,
      expected,
      `conv2d of an input ${formatShape(attrs.inputShape)} with a filter ${formatShape(f.shape)} (${describeConv(attrs)})`,
    );
    assertDTypes(op, dy, 'dy', f, 'filter');
    return { shape: attrs.inputShape, dtype: dy.dtype };
  },
  // dx = Jᵀ·dy is linear in dy and in W: with g the upstream gradient (shaped like x),
  // ⟨dx, g⟩ = ⟨conv2d(g, W), dy⟩, so d/d(dy) = conv2d(g, W) and d/dW = backpropFilter(g, dy).
  backward: (g, { inputs: [dy, f], attrs, needsGrad }) => {
    const conv: ConvAttrs = {
      strides: attrs.strides,
      dilation: attrs.dilation,
      padding: attrs.padding,
    };
    return [
      needsGrad[0] ? runOp(CONV2D, [g, f], conv) : null,
      needsGrad[1]
        ? runOp(CONV2D_BACKPROP_FILTER, [g, dy], { ...conv, filterShape: f.shape })
        : null,
    ];
  },
});

const CONV2D_BACKPROP_FILTER: OpDef<FilterShapeAttrs> = defineOp<FilterShapeAttrs>({
  id: 'conv2dBackpropFilter',
  infer: ([x, dy], attrs) => {
    const op = 'conv2dBackpropFilter';
    const expected = convOutputShape(op, x.shape, attrs.filterShape, attrs, 'x', 'filterShape');
    assertDy(
      op,
      dy,
      expected,
      `conv2d of x ${formatShape(x.shape)} with a filter ${formatShape(attrs.filterShape)} (${describeConv(attrs)})`,
    );
    assertDTypes(op, x, 'x', dy, 'dy');
    return { shape: attrs.filterShape, dtype: x.dtype };
  },
  // dW is linear in x and in dy: with g shaped like W, ⟨dW, g⟩ = ⟨conv2d(x, g), dy⟩, so
  // d/dx = backpropInput(dy, g) and d/d(dy) = conv2d(x, g).
  backward: (g, { inputs: [x, dy], attrs, needsGrad }) => {
    const conv: ConvAttrs = {
      strides: attrs.strides,
      dilation: attrs.dilation,
      padding: attrs.padding,
    };
    return [
      needsGrad[0] ? runOp(CONV2D_BACKPROP_INPUT, [dy, g], { ...conv, inputShape: x.shape }) : null,
      needsGrad[1] ? runOp(CONV2D, [x, g], conv) : null,
    ];
  },
});

/**
 * 2-D convolution (strictly, cross-correlation, as in every deep-learning library) of a batch
 * of channels-last images with a filter bank.
 *
 * Shapes: `x` [batch, height, width, inChannels], `filter` [filterHeight, filterWidth,
 * inChannels, outChannels] → [batch, outHeight, outWidth, outChannels], where with padding
 * `'valid'` outHeight = floor((height − (filterHeight − 1)·dilation − 1) / stride) + 1 and with
 * `'same'` outHeight = ceil(height / stride), padded as TensorFlow does (the extra row, when the
 * total is odd, goes at the bottom / right). Output dtype = input dtype (float32 or float64).
 *
 * @throws {ShapeError} for inputs that are not rank 4, a channel mismatch, or (padding
 *   `'valid'`) a filter window larger than the input, e.g.
 *   `conv2d: x must have rank 4 [batch, height, width, channels], got shape [28,28,1]`.
 * @throws {ValueError} for strides or dilation that are not positive integers, or an unknown padding.
 * @throws {DTypeError} for non-float inputs or inputs of different dtypes.
 * @example
 * const x = zeros([1, 28, 28, 1]);
 * conv2d(x, zeros([3, 3, 1, 32])).shape; // [1, 26, 26, 32]
 * conv2d(x, zeros([3, 3, 1, 8]), { strides: 2, padding: 'same' }).shape; // [1, 14, 14, 8]
 */
export function conv2d(x: Tensor, filter: Tensor, options?: Conv2dOptions): Tensor {
  return runOp(CONV2D, [x, filter], convAttrsOf('conv2d', options));
}

/**
 * The gradient of `conv2d` with respect to its input: given `dy` (the gradient of the conv's
 * output), returns dx of shape `inputShape`. Also known as a transposed convolution
 * ("deconvolution"). Differentiable in both `dy` and `filter`.
 *
 * Shapes: `dy` [batch, outHeight, outWidth, outChannels], `filter` [filterHeight, filterWidth,
 * inChannels, outChannels], `inputShape` [batch, height, width, inChannels], where `dy` must
 * have the shape `conv2d` gives for `inputShape` with these options.
 *
 * @throws {ShapeError} when `dy` does not match `conv2d`'s output shape for `inputShape`, or
 *   for the shape errors of `conv2d`.
 * @throws {ValueError} for invalid options; {DTypeError} for non-float or mixed dtypes.
 * @example
 * const dy = ones([1, 2, 2, 1]);
 * conv2dBackpropInput(dy, ones([2, 2, 1, 1]), [1, 3, 3, 1]); // [[1,2,1],[2,4,2],[1,2,1]] per channel
 */
export function conv2dBackpropInput(
  dy: Tensor,
  filter: Tensor,
  inputShape: readonly number[],
  options?: Conv2dOptions,
): Tensor {
  const attrs = convAttrsOf('conv2dBackpropInput', options);
  return runOp(CONV2D_BACKPROP_INPUT, [dy, filter], {
    ...attrs,
    inputShape: assertShape4('conv2dBackpropInput', 'inputShape', inputShape),
  });
}

/**
 * The gradient of `conv2d` with respect to its filter: given the conv's input `x` and `dy` (the
 * gradient of its output), returns dW of shape `filterShape`. Differentiable in both inputs.
 *
 * Shapes: `x` [batch, height, width, inChannels], `dy` [batch, outHeight, outWidth,
 * outChannels], `filterShape` [filterHeight, filterWidth, inChannels, outChannels], where `dy`
 * must have the shape `conv2d` gives for `x` and `filterShape` with these options.
 *
 * @throws {ShapeError} when `dy` does not match `conv2d`'s output shape, or for the shape
 *   errors of `conv2d`.
 * @throws {ValueError} for invalid options; {DTypeError} for non-float or mixed dtypes.
 * @example
 * conv2dBackpropFilter(ones([1, 3, 3, 1]), ones([1, 2, 2, 1]), [2, 2, 1, 1]); // every tap: 4
 */
export function conv2dBackpropFilter(
  x: Tensor,
  dy: Tensor,
  filterShape: readonly number[],
  options?: Conv2dOptions,
): Tensor {
  const attrs = convAttrsOf('conv2dBackpropFilter', options);
  return runOp(CONV2D_BACKPROP_FILTER, [x, dy], {
    ...attrs,
    filterShape: assertShape4('conv2dBackpropFilter', 'filterShape', filterShape),
  });
}
