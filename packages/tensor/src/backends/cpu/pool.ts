import type { Kernel } from '../../backend.js';
import { allocArray, type TypedArray } from '../../dtype.js';
import { type PoolAttrs, type PoolGeometry, poolGeometry } from '../../ops/conv-util.js';
import { sizeOf } from '../../shape.js';
import { CpuData, valuesOf } from './storage.js';

// Direct loops over NHWC: for each output pixel, walk the real (unpadded) cells of its window;
// the channel loop is innermost and contiguous. Padded cells are simply never visited.

/**
 * Calls `visit(o, h0, h1, w0, w1, base)` for every output pixel: `o` is its offset in the
 * output, [h0, h1) × [w0, w1) the window's real rows and columns, `base` the input offset of
 * the batch item.
 */
function forEachWindow(
  g: PoolGeometry,
  visit: (o: number, h0: number, h1: number, w0: number, w1: number, base: number) => void,
): void {
  const {
    batch: N,
    inHeight: H,
    inWidth: W,
    channels: C,
    poolHeight: PH,
    poolWidth: PW,
    outHeight: OH,
    outWidth: OW,
  } = g;
  let o = 0;
  for (let n = 0; n < N; n++) {
    const base = n * H * W * C;
    for (let oh = 0; oh < OH; oh++) {
      const hs = oh * g.strideHeight - g.padTop;
      const h0 = Math.max(hs, 0);
      const h1 = Math.min(hs + PH, H);
      for (let ow = 0; ow < OW; ow++) {
        const ws = ow * g.strideWidth - g.padLeft;
        visit(o, h0, h1, Math.max(ws, 0), Math.min(ws + PW, W), base);
        o += C;
      }
    }
  }
}

/**
 * Offsets (per channel) of each window's maximum into `arg`, the first one on ties; a NaN wins
 * over numbers (so NaN propagates). Also leaves the maxima in `best`.
 */
function argmaxWindow(
  x: TypedArray,
  g: PoolGeometry,
  h0: number,
  h1: number,
  w0: number,
  w1: number,
  base: number,
  best: TypedArray,
  arg: Int32Array,
): void {
  const C = g.channels;
  const rowStride = g.inWidth * C;
  let first = true;
  for (let ih = h0; ih < h1; ih++) {
    for (let iw = w0; iw < w1; iw++) {
      const src = base + ih * rowStride + iw * C;
      if (first) {
        for (let c = 0; c < C; c++) {
          best[c] = x[src + c];
          arg[c] = src + c;
        }
        first = false;
        continue;
      }
      for (let c = 0; c < C; c++) {
        const v = x[src + c];
        const m = best[c];
        // biome-ignore lint/suspicious/noSelfCompare: v !== v is the fast NaN test
        if (v > m || (v !== v && m === m)) {
          best[c] = v;
          arg[c] = src + c;
        }
      }
    }
  }
}

const maxPool2d: Kernel<PoolAttrs> = ({ inputs: [X], attrs, outShape, outDtype }) => {
  const g = poolGeometry(X.shape, attrs);
  const x = valuesOf(X.dataId);
  const out = allocArray(outDtype, sizeOf(outShape));
  const C = g.channels;
  const best = allocArray(outDtype, C);
  const arg = new Int32Array(C);
  forEachWindow(g, (o, h0, h1, w0, w1, base) => {
    argmaxWindow(x, g, h0, h1, w0, w1, base, best, arg);
    for (let c = 0; c < C; c++) out[o + c] = best[c];
  });
  return new CpuData(out, outDtype);
};

const maxPool2dGrad: Kernel<PoolAttrs> = ({ inputs: [X, DY], attrs, outShape, outDtype }) => {
  const g = poolGeometry(X.shape, attrs);
  const x = valuesOf(X.dataId);
  const dy = valuesOf(DY.dataId);
  const dx = allocArray(outDtype, sizeOf(outShape));
  const C = g.channels;
  const best = allocArray(outDtype, C);
  const arg = new Int32Array(C);
  forEachWindow(g, (o, h0, h1, w0, w1, base) => {
    argmaxWindow(x, g, h0, h1, w0, w1, base, best, arg);
    for (let c = 0; c < C; c++) dx[arg[c]] += dy[o + c];
  });
  return new CpuData(dx, outDtype);
};

/** g (shaped like x) picked at each window's first maximum of x: the transpose of maxPool2dGrad. */
const maxPool2dGradGrad: Kernel<PoolAttrs> = ({ inputs: [X, G], attrs, outShape, outDtype }) => {
  const g = poolGeometry(X.shape, attrs);
  const x = valuesOf(X.dataId);
  const gv = valuesOf(G.dataId);
  const out = allocArray(outDtype, sizeOf(outShape));
  const C = g.channels;
  const best = allocArray(X.dtype, C);
  const arg = new Int32Array(C);
  forEachWindow(g, (o, h0, h1, w0, w1, base) => {
    argmaxWindow(x, g, h0, h1, w0, w1, base, best, arg);
    for (let c = 0; c < C; c++) out[o + c] = gv[arg[c]];
  });
  return new CpuData(out, outDtype);
};

const avgPool2d: Kernel<PoolAttrs> = ({ inputs: [X], attrs, outShape, outDtype }) => {
  const g = poolGeometry(X.shape, attrs);
  const x = valuesOf(X.dataId);
  const out = allocArray(outDtype, sizeOf(outShape));
  const C = g.channels;
  const rowStride = g.inWidth * C;
  forEachWindow(g, (o, h0, h1, w0, w1, base) => {
    for (let ih = h0; ih < h1; ih++) {
      for (let iw = w0; iw < w1; iw++) {
        const src = base + ih * rowStride + iw * C;
        for (let c = 0; c < C; c++) out[o + c] += x[src + c];
      }
    }
    // Only real cells count (TensorFlow's 'same' average).
    const scale = 1 / ((h1 - h0) * (w1 - w0));
    for (let c = 0; c < C; c++) out[o + c] *= scale;
  });
  return new CpuData(out, outDtype);
};

const avgPool2dGrad: Kernel<PoolAttrs & { inputShape: readonly number[] }> = ({
  inputs: [DY],
  attrs,
  outShape,
  outDtype,
}) => {
  const g = poolGeometry(attrs.inputShape, attrs);
  const dy = valuesOf(DY.dataId);
  const dx = allocArray(outDtype, sizeOf(outShape));
  const C = g.channels;
  const rowStride = g.inWidth * C;
  forEachWindow(g, (o, h0, h1, w0, w1, base) => {
    const scale = 1 / ((h1 - h0) * (w1 - w0));
    for (let ih = h0; ih < h1; ih++) {
      for (let iw = w0; iw < w1; iw++) {
        const dst = base + ih * rowStride + iw * C;
        for (let c = 0; c < C; c++) dx[dst + c] += dy[o + c] * scale;
      }
    }
  });
  return new CpuData(dx, outDtype);
};

export const poolKernels: Record<string, Kernel> = {
  maxPool2d,
  maxPool2dGrad,
  maxPool2dGradGrad,
  avgPool2d,
  avgPool2dGrad,
};
