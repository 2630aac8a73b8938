import { type DType, isFloat } from '../dtype.js';
import { DTypeError, ShapeError, ValueError, formatShape } from '../errors.js';

/** How the borders are handled: `'valid'` uses no padding, `'same'` pads as TensorFlow does. */
export type Padding = 'valid' | 'same';

/** Options of `conv2d` and its two gradients. */
export interface Conv2dOptions {
  /** Step between windows, one number for both axes or `[height, width]` (default 1). */
  strides?: number | readonly [number, number];
  /** `'valid'` (default) or `'same'` (output height = ceil(height / stride), TensorFlow's rule). */
  padding?: Padding;
  /** Spacing between filter taps, one number or `[height, width]` (default 1). */
  dilation?: number | readonly [number, number];
}

/** Options of `maxPool2d`, `avgPool2d` and their gradients. */
export interface Pool2dOptions {
  /** Window size, one number for both axes or `[height, width]`. */
  poolSize: number | readonly [number, number];
  /** Step between windows (default: the pool size). */
  strides?: number | readonly [number, number];
  /** `'valid'` (default) or `'same'` (TensorFlow's rule; padded cells are ignored). */
  padding?: Padding;
}

/** Normalized conv attributes, as the kernels receive them. */
export interface ConvAttrs {
  readonly strides: readonly [number, number];
  readonly dilation: readonly [number, number];
  readonly padding: Padding;
}

/** Normalized pooling attributes, as the kernels receive them. */
export interface PoolAttrs {
  readonly poolSize: readonly [number, number];
  readonly strides: readonly [number, number];
  readonly padding: Padding;
}

/** One spatial axis of a sliding window: output size and padding before the first cell. */
export interface WindowAxis {
  readonly out: number;
  readonly padBefore: number;
}

/**
 * The output size and leading padding of one axis, for an input of size `size`, a window of
 * `window` cells (already dilated), a stride and a padding mode. `'same'` follows TensorFlow:
 * out = ceil(size / stride), total padding = max((out − 1)·stride + window − size, 0), of which
 * floor(total / 2) goes before and the rest after. Returns out = 0 (`'valid'`) when the window
 * does not fit; callers turn that into an error.
 */
export function windowAxis(
  size: number,
  window: number,
  stride: number,
  padding: Padding,
): WindowAxis {
  if (padding === 'same') {
    const out = Math.ceil(size / stride);
    const total = Math.max((out - 1) * stride + window - size, 0);
    return { out, padBefore: Math.floor(total / 2) };
  }
  return { out: window > size ? 0 : Math.floor((size - window) / stride) + 1, padBefore: 0 };
}

/** Everything a conv kernel needs to walk the windows. */
export interface ConvGeometry {
  readonly batch: number;
  readonly inHeight: number;
  readonly inWidth: number;
  readonly inChannels: number;
  readonly filterHeight: number;
  readonly filterWidth: number;
  readonly outChannels: number;
  readonly outHeight: number;
  readonly outWidth: number;
  readonly strideHeight: number;
  readonly strideWidth: number;
  readonly dilationHeight: number;
  readonly dilationWidth: number;
  readonly padTop: number;
  readonly padLeft: number;
}

/** The geometry of a conv2d of an [N,H,W,C] input with a [KH,KW,C,F] filter (shapes valid). */
export function convGeometry(
  xShape: readonly number[],
  filterShape: readonly number[],
  attrs: ConvAttrs,
): ConvGeometry {
  const [batch, inHeight, inWidth, inChannels] = xShape;
  const [filterHeight, filterWidth, , outChannels] = filterShape;
  const [strideHeight, strideWidth] = attrs.strides;
  const [dilationHeight, dilationWidth] = attrs.dilation;
  const h = windowAxis(
    inHeight,
    (filterHeight - 1) * dilationHeight + 1,
    strideHeight,
    attrs.padding,
  );
  const w = windowAxis(inWidth, (filterWidth - 1) * dilationWidth + 1, strideWidth, attrs.padding);
  return {
    batch,
    inHeight,
    inWidth,
    inChannels,
    filterHeight,
    filterWidth,
    outChannels,
    outHeight: h.out,
    outWidth: w.out,
    strideHeight,
    strideWidth,
    dilationHeight,
    dilationWidth,
    padTop: h.padBefore,
    padLeft: w.padBefore,
  };
}

/** Everything a pooling kernel needs to walk the windows. */
export interface PoolGeometry {
  readonly batch: number;
  readonly inHeight: number;
  readonly inWidth: number;
  readonly channels: number;
  readonly poolHeight: number;
  readonly poolWidth: number;
  readonly outHeight: number;
  readonly outWidth: number;
  readonly strideHeight: number;
  readonly strideWidth: number;
  readonly padTop: number;
  readonly padLeft: number;
}

/** The geometry of a pooling of an [N,H,W,C] input (shape valid). */
export function poolGeometry(xShape: readonly number[], attrs: PoolAttrs): PoolGeometry {
  const [batch, inHeight, inWidth, channels] = xShape;
  const [poolHeight, poolWidth] = attrs.poolSize;
  const [strideHeight, strideWidth] = attrs.strides;
  const h = windowAxis(inHeight, poolHeight, strideHeight, attrs.padding);
  const w = windowAxis(inWidth, poolWidth, strideWidth, attrs.padding);
  return {
    batch,
    inHeight,
    inWidth,
    channels,
    poolHeight,
    poolWidth,
    outHeight: h.out,
    outWidth: w.out,
    strideHeight,
    strideWidth,
    padTop: h.padBefore,
    padLeft: w.padBefore,
  };
}

/** A number or a pair of positive integers, as `[height, width]`. */
export function pairOf(
  op: string,
  name: string,
  value: number | readonly [number, number] | undefined,
  fallback: readonly [number, number],
): [number, number] {
  if (value === undefined) return [fallback[0], fallback[1]];
  const pair: readonly unknown[] | null =
    typeof value === 'number' ? [value, value] : Array.isArray(value) ? value : null;
  if (
    pair === null ||
    pair.length !== 2 ||
    pair.some((v) => !Number.isInteger(v) || (v as number) < 1)
  ) {
    throw new ValueError(
      op,
      `${name} must be a positive integer or a pair of them, got ${JSON.stringify(value)}`,
    );
  }
  return [pair[0] as number, pair[1] as number];
}

export function paddingOf(op: string, value: unknown): Padding {
  if (value === undefined) return 'valid';
  if (value !== 'valid' && value !== 'same') {
    throw new ValueError(op, `padding must be 'valid' or 'same', got ${JSON.stringify(value)}`);
  }
  return value;
}

export function convAttrsOf(op: string, opts: Conv2dOptions | undefined): ConvAttrs {
  const o = opts ?? {};
  return {
    strides: pairOf(op, 'strides', o.strides, [1, 1]),
    dilation: pairOf(op, 'dilation', o.dilation, [1, 1]),
    padding: paddingOf(op, o.padding),
  };
}

export function poolAttrsOf(op: string, opts: Pool2dOptions | undefined): PoolAttrs {
  if (opts === undefined || opts.poolSize === undefined) {
    throw new ValueError(
      op,
      'options must include poolSize (a positive integer or [height, width])',
    );
  }
  const poolSize = pairOf(op, 'poolSize', opts.poolSize, [1, 1]);
  return {
    poolSize,
    strides: pairOf(op, 'strides', opts.strides, poolSize),
    padding: paddingOf(op, opts.padding),
  };
}

/** Validates an [N,H,W,C] shape given as an argument (the input shape of a gradient op). */
export function assertShape4(op: string, name: string, shape: readonly number[]): number[] {
  if (
    !Array.isArray(shape) ||
    shape.length !== 4 ||
    shape.some((d) => !Number.isInteger(d) || d < 0)
  ) {
    throw new ShapeError(
      op,
      `${name} must be 4 integers >= 0, got ${Array.isArray(shape) ? formatShape(shape) : String(shape)}`,
    );
  }
  return shape.slice();
}

/** Floating-point dtype check shared by the conv and pooling ops. */
export function assertFloat(op: string, name: string, dtype: DType): void {
  if (!isFloat(dtype)) throw new DTypeError(op, `${name} must be float32 or float64, got ${dtype}`);
}

/** Describes the options for error messages: `strides [2,2], padding 'same', dilation [1,1]`. */
export function describeConv(attrs: ConvAttrs): string {
  return `strides ${formatShape(attrs.strides)}, padding '${attrs.padding}', dilation ${formatShape(attrs.dilation)}`;
}

export function describePool(attrs: PoolAttrs): string {
  return `poolSize ${formatShape(attrs.poolSize)}, strides ${formatShape(attrs.strides)}, padding '${attrs.padding}'`;
}
