import type { Kernel } from '../../backend.js';
import { allocArray, type TypedArray } from '../../dtype.js';
import { type ConvAttrs, type ConvGeometry, convGeometry } from '../../ops/conv-util.js';
import { sizeOf } from '../../shape.js';
import { gemm, transposeInto } from './matmul.js';
import { CpuData, valuesOf } from './storage.js';

// Convolutions as matrix products (im2col). In NHWC, the patch of output pixel (n, oh, ow) is
// one row of KH·KW·C values ordered (kh, kw, c): exactly the row order of the filter
// [KH,KW,C,F] read as a [KH·KW·C, F] matrix. So for rows = N·OH·OW,
//   y[rows, F]     = cols[rows, K] · W[K, F]     (conv2d; y IS the NHWC output)
//   dW[K, F]       = colsᵀ · dy[rows, F]         (conv2dBackpropFilter)
//   dcols[rows, K] = dy · Wᵀ, then col2im         (conv2dBackpropInput)
// The rows are processed in chunks so the column buffer stays small (cache-sized).

/** Elements of the larger operand of one chunk (cols or the output block). */
const CHUNK_ELEMENTS = 1 << 16;

function chunkRows(rows: number, K: number, F: number): number {
  return Math.max(1, Math.min(rows, Math.floor(CHUNK_ELEMENTS / Math.max(K, F, 1))));
}

/** 1×1 filters at stride 1 read the input as it is: x [N·H·W, C] is already the cols matrix. */
function isPointwise(g: ConvGeometry): boolean {
  return (
    g.filterHeight === 1 &&
    g.filterWidth === 1 &&
    g.strideHeight === 1 &&
    g.strideWidth === 1 &&
    g.padTop === 0 &&
    g.padLeft === 0
  );
}

/** Writes the patches of output rows [row0, row0 + rows) into `cols` ([rows, KH·KW·C]). */
function im2col(
  x: TypedArray,
  g: ConvGeometry,
  row0: number,
  rows: number,
  cols: TypedArray,
): void {
  const {
    inHeight: H,
    inWidth: W,
    inChannels: C,
    filterHeight: KH,
    filterWidth: KW,
    outHeight: OH,
    outWidth: OW,
  } = g;
  const {
    strideHeight: sh,
    strideWidth: sw,
    dilationHeight: dh,
    dilationWidth: dw,
    padTop,
    padLeft,
  } = g;
  const span = KW * C;
  const ohw = OH * OW;
  let n = Math.floor(row0 / ohw);
  let oh = Math.floor((row0 % ohw) / OW);
  let ow = row0 % OW;
  let p = 0;
  for (let r = 0; r < rows; r++) {
    const ih0 = oh * sh - padTop;
    const iw0 = ow * sw - padLeft;
    // Along a row of the window the taps are contiguous in x when dilation is 1 and they all fit.
    const contiguous = dw === 1 && iw0 >= 0 && iw0 + KW <= W;
    const xBatch = n * H * W * C;
    for (let kh = 0; kh < KH; kh++) {
      const ih = ih0 + kh * dh;
      if (ih < 0 || ih >= H) {
        for (let j = 0; j < span; j++) cols[p++] = 0;
        continue;
      }
      const xRow = xBatch + ih * W * C;
      if (contiguous) {
        const src = xRow + iw0 * C;
        for (let j = 0; j < span; j++) cols[p++] = x[src + j];
        continue;
      }
      for (let kw = 0; kw < KW; kw++) {
        const iw = iw0 + kw * dw;
        if (iw < 0 || iw >= W) {
          for (let c = 0; c < C; c++) cols[p++] = 0;
        } else {
          const src = xRow + iw * C;
          for (let c = 0; c < C; c++) cols[p++] = x[src + c];
        }
      }
    }
    if (++ow === OW) {
      ow = 0;
      if (++oh === OH) {
        oh = 0;
        n++;
      }
    }
  }
}

/** The transpose of im2col: adds each patch row of `cols` back into `dx` at its pixels. */
function col2im(
  cols: TypedArray,
  g: ConvGeometry,
  row0: number,
  rows: number,
  dx: TypedArray,
): void {
  const {
    inHeight: H,
    inWidth: W,
    inChannels: C,
    filterHeight: KH,
    filterWidth: KW,
    outHeight: OH,
    outWidth: OW,
  } = g;
  const {
    strideHeight: sh,
    strideWidth: sw,
    dilationHeight: dh,
    dilationWidth: dw,
    padTop,
    padLeft,
  } = g;
  const span = KW * C;
  const ohw = OH * OW;
  let n = Math.floor(row0 / ohw);
  let oh = Math.floor((row0 % ohw) / OW);
  let ow = row0 % OW;
  let p = 0;
  for (let r = 0; r < rows; r++) {
    const ih0 = oh * sh - padTop;
    const iw0 = ow * sw - padLeft;
    const contiguous = dw === 1 && iw0 >= 0 && iw0 + KW <= W;
    const xBatch = n * H * W * C;
    for (let kh = 0; kh < KH; kh++) {
      const ih = ih0 + kh * dh;
      if (ih < 0 || ih >= H) {
        p += span;
        continue;
      }
      const xRow = xBatch + ih * W * C;
      if (contiguous) {
        const dst = xRow + iw0 * C;
        for (let j = 0; j < span; j++) dx[dst + j] += cols[p++];
        continue;
      }
      for (let kw = 0; kw < KW; kw++) {
        const iw = iw0 + kw * dw;
        if (iw < 0 || iw >= W) {
          p += C;
        } else {
          const dst = xRow + iw * C;
          for (let c = 0; c < C; c++) dx[dst + c] += cols[p++];
        }
      }
    }
    if (++ow === OW) {
      ow = 0;
      if (++oh === OH) {
        oh = 0;
        n++;
      }
    }
  }
}

const conv2d: Kernel<ConvAttrs> = ({ inputs: [X, Wt], attrs, outShape, outDtype }) => {
  const g = convGeometry(X.shape, Wt.shape, attrs);
  const x = valuesOf(X.dataId);
  const w = valuesOf(Wt.dataId);
  const out = allocArray(outDtype, sizeOf(outShape));
  const F = g.outChannels;
  const K = g.filterHeight * g.filterWidth * g.inChannels;
  const rows = g.batch * g.outHeight * g.outWidth;
  if (rows === 0 || F === 0 || K === 0) return new CpuData(out, outDtype);
  if (isPointwise(g)) {
    gemm(x, 0, false, w, 0, out, 0, rows, F, K);
    return new CpuData(out, outDtype);
  }
  const chunk = chunkRows(rows, K, F);
  const cols = allocArray(outDtype, chunk * K);
  for (let r0 = 0; r0 < rows; r0 += chunk) {
    const m = Math.min(chunk, rows - r0);
    im2col(x, g, r0, m, cols);
    gemm(cols, 0, false, w, 0, out, r0 * F, m, F, K);
  }
  return new CpuData(out, outDtype);
};

const conv2dBackpropFilter: Kernel<ConvAttrs & { filterShape: readonly number[] }> = ({
  inputs: [X, DY],
  attrs,
  outShape,
  outDtype,
}) => {
  const g = convGeometry(X.shape, attrs.filterShape, attrs);
  const x = valuesOf(X.dataId);
  const dy = valuesOf(DY.dataId);
  const dw = allocArray(outDtype, sizeOf(outShape));
  const F = g.outChannels;
  const K = g.filterHeight * g.filterWidth * g.inChannels;
  const rows = g.batch * g.outHeight * g.outWidth;
  if (rows === 0 || F === 0 || K === 0) return new CpuData(dw, outDtype);
  if (isPointwise(g)) {
    gemm(x, 0, true, dy, 0, dw, 0, K, F, rows);
    return new CpuData(dw, outDtype);
  }
  const chunk = chunkRows(rows, K, F);
  const cols = allocArray(outDtype, chunk * K);
  for (let r0 = 0; r0 < rows; r0 += chunk) {
    const m = Math.min(chunk, rows - r0);
    im2col(x, g, r0, m, cols);
    // dW[K, F] += cols[m, K]ᵀ · dy[m, F]
    gemm(cols, 0, true, dy, r0 * F, dw, 0, K, F, m);
  }
  return new CpuData(dw, outDtype);
};

const conv2dBackpropInput: Kernel<ConvAttrs & { inputShape: readonly number[] }> = ({
  inputs: [DY, Wt],
  attrs,
  outShape,
  outDtype,
}) => {
  const g = convGeometry(attrs.inputShape, Wt.shape, attrs);
  const dy = valuesOf(DY.dataId);
  const w = valuesOf(Wt.dataId);
  const dx = allocArray(outDtype, sizeOf(outShape));
  const F = g.outChannels;
  const K = g.filterHeight * g.filterWidth * g.inChannels;
  const rows = g.batch * g.outHeight * g.outWidth;
  if (rows === 0 || F === 0 || K === 0) return new CpuData(dx, outDtype);
  // Wᵀ [F, K], packed once so the product reads it by rows.
  const wT = allocArray(outDtype, F * K);
  transposeInto(w, 0, K, F, wT);
  if (isPointwise(g)) {
    gemm(dy, 0, false, wT, 0, dx, 0, rows, K, F);
    return new CpuData(dx, outDtype);
  }
  const chunk = chunkRows(rows, K, F);
  const cols = allocArray(outDtype, chunk * K);
  for (let r0 = 0; r0 < rows; r0 += chunk) {
    const m = Math.min(chunk, rows - r0);
    cols.fill(0, 0, m * K);
    gemm(dy, r0 * F, false, wT, 0, cols, 0, m, K, F);
    col2im(cols, g, r0, m, dx);
  }
  return new CpuData(dx, outDtype);
};

export const convKernels: Record<string, Kernel> = {
  conv2d,
  conv2dBackpropFilter,
  conv2dBackpropInput,
};
