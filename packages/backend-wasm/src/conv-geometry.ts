/** Normalized conv attributes, as the tensor package's conv kernels receive them. */
export interface ConvAttrs {
  readonly strides: readonly [number, number];
  readonly dilation: readonly [number, number];
  readonly padding: 'valid' | 'same';
}

/**
 * The geometry of a conv2d of an [N,H,W,C] input with a [KH,KW,C,F] filter, as the i32 block
 * the WebAssembly im2col reads: [N, H, W, C, KH, KW, OH, OW, SH, SW, DH, DW, padTop, padLeft].
 * Same rules as @tsgrad/tensor's `convGeometry` ('same' pads as TensorFlow does).
 */
export function convGeometry(
  xShape: readonly number[],
  filterShape: readonly number[],
  attrs: ConvAttrs,
): Int32Array {
  const [n, h, w, c] = xShape;
  const [kh, kw] = filterShape;
  const [sh, sw] = attrs.strides;
  const [dh, dw] = attrs.dilation;
  const axis = (size: number, window: number, stride: number): [number, number] => {
    if (attrs.padding === 'same') {
      const out = Math.ceil(size / stride);
      return [out, Math.floor(Math.max((out - 1) * stride + window - size, 0) / 2)];
    }
    return [window > size ? 0 : Math.floor((size - window) / stride) + 1, 0];
  };
  const [oh, padTop] = axis(h, (kh - 1) * dh + 1, sh);
  const [ow, padLeft] = axis(w, (kw - 1) * dw + 1, sw);
  return Int32Array.of(n, h, w, c, kh, kw, oh, ow, sh, sw, dh, dw, padTop, padLeft);
}

/** Normalized pooling attributes, as the tensor package's pool kernels receive them. */
export interface PoolAttrs {
  readonly poolSize: readonly [number, number];
  readonly strides: readonly [number, number];
  readonly padding: 'valid' | 'same';
}

/** The geometry of a pooling of x [N,H,W,C], in the same block layout as `convGeometry`. */
export function poolGeometry(xShape: readonly number[], attrs: PoolAttrs): Int32Array {
  const [ph, pw] = attrs.poolSize;
  return convGeometry(xShape, [ph, pw, xShape[3], xShape[3]], {
    strides: attrs.strides,
    dilation: [1, 1],
    padding: attrs.padding,
  });
}
