/**
 * Sliding-window geometry of conv2d and pooling (NHWC), as the CPU backend computes it
 * (packages/tensor/src/ops/conv-util.ts): the kernels receive normalized attrs and valid
 * shapes, and bake these numbers into their source.
 */

/** `'valid'` uses no padding; `'same'` pads as TensorFlow does. */
export type Padding = 'valid' | 'same';

/** conv2d attrs as the engine passes them. */
export interface ConvAttrs {
  readonly strides: readonly [number, number];
  readonly dilation: readonly [number, number];
  readonly padding: Padding;
}

/** Pooling attrs as the engine passes them. */
export interface PoolAttrs {
  readonly poolSize: readonly [number, number];
  readonly strides: readonly [number, number];
  readonly padding: Padding;
}

/**
 * Output size and leading padding of one axis. `'same'`: out = ceil(size / stride), total
 * padding = max((out − 1)·stride + window − size, 0), floor(total / 2) of it before.
 */
export function windowAxis(
  size: number,
  window: number,
  stride: number,
  padding: Padding,
): { out: number; padBefore: number } {
  if (padding === 'same') {
    const out = Math.ceil(size / stride);
    const total = Math.max((out - 1) * stride + window - size, 0);
    return { out, padBefore: Math.floor(total / 2) };
  }
  return { out: window > size ? 0 : Math.floor((size - window) / stride) + 1, padBefore: 0 };
}

/** Everything a conv kernel bakes into its source. */
export interface ConvGeometry {
  N: number;
  H: number;
  W: number;
  C: number;
  KH: number;
  KW: number;
  F: number;
  OH: number;
  OW: number;
  sh: number;
  sw: number;
  dh: number;
  dw: number;
  padTop: number;
  padLeft: number;
}

/** The geometry of conv2d of an [N,H,W,C] input with a [KH,KW,C,F] filter. */
export function convGeometry(
  x: readonly number[],
  filter: readonly number[],
  attrs: ConvAttrs,
): ConvGeometry {
  const [N, H, W, C] = x;
  const [KH, KW, , F] = filter;
  const [sh, sw] = attrs.strides;
  const [dh, dw] = attrs.dilation;
  const h = windowAxis(H, (KH - 1) * dh + 1, sh, attrs.padding);
  const w = windowAxis(W, (KW - 1) * dw + 1, sw, attrs.padding);
  return {
    N,
    H,
    W,
    C,
    KH,
    KW,
    F,
    OH: h.out,
    OW: w.out,
    sh,
    sw,
    dh,
    dw,
    padTop: h.padBefore,
    padLeft: w.padBefore,
  };
}

/** Everything a pooling kernel bakes into its source. */
export interface PoolGeometry {
  N: number;
  H: number;
  W: number;
  C: number;
  PH: number;
  PW: number;
  OH: number;
  OW: number;
  sh: number;
  sw: number;
  padTop: number;
  padLeft: number;
}

/** The geometry of a pooling of an [N,H,W,C] input. */
export function poolGeometry(x: readonly number[], attrs: PoolAttrs): PoolGeometry {
  const [N, H, W, C] = x;
  const [PH, PW] = attrs.poolSize;
  const [sh, sw] = attrs.strides;
  const h = windowAxis(H, PH, sh, attrs.padding);
  const w = windowAxis(W, PW, sw, attrs.padding);
  return {
    N,
    H,
    W,
    C,
    PH,
    PW,
    OH: h.out,
    OW: w.out,
    sh,
    sw,
    padTop: h.padBefore,
    padLeft: w.padBefore,
  };
}

/** `a·k + b` as source text, dropping factors of 1 and terms of 0. */
export function affine(a: string, k: number, b: number): string {
  const prod = k === 0 ? '' : k === 1 ? a : `${a} * ${k}`;
  if (prod === '') return String(b);
  if (b === 0) return prod;
  return b > 0 ? `${prod} + ${b}` : `${prod} - ${-b}`;
}

/**
 * Lines that find the output position `v` along one axis whose window tap `tap` lands on input
 * position `pos` (t = pos + pad − tap·dilation must be a non-negative multiple of the stride
 * below `out`·stride), and set `ok` to 1 when there is one.
 */
export function tapLines(
  v: string,
  ok: string,
  pos: string,
  pad: number,
  tap: string,
  dilation: number,
  stride: number,
  out: number,
): string[] {
  const t = `${v}t`;
  const tapTerm = dilation === 1 ? tap : `${tap} * ${dilation}`;
  const lines = [`const ${t} = ${pad === 0 ? pos : `${pos} + ${pad}`} - ${tapTerm};`];
  if (stride === 1) {
    lines.push(`const ${v} = ${t};`, `const ${ok} = (${t} >= 0 && ${t} < ${out}) ? 1 : 0;`);
  } else {
    lines.push(
      `const ${v} = Math.floor((${t} + 0.5) / ${stride});`,
      `const ${ok} = (${t} >= 0 && ${v} * ${stride} == ${t} && ${v} < ${out}) ? 1 : 0;`,
    );
  }
  return lines;
}
