import type { TypedArray } from '../../dtype.js';

/**
 * Copies a `shape`-shaped block from `src` (offset, strides) into `dst` (offset, strides).
 * Strides may be 0 (broadcast) or permuted (transpose); the last axis is the tight loop.
 */
export function copyStrided(
  shape: readonly number[],
  src: TypedArray,
  srcOff: number,
  srcStrides: readonly number[],
  dst: TypedArray,
  dstOff: number,
  dstStrides: readonly number[],
): void {
  if (shape.length === 0) {
    dst[dstOff] = src[srcOff];
    return;
  }
  for (const d of shape) if (d === 0) return;
  // Merge axes that are contiguous in both arrays, so a slice of leading rows (a batch) is
  // one block copy rather than one short run per row.
  const dims: number[] = [shape[shape.length - 1]];
  const sStr: number[] = [srcStrides[shape.length - 1]];
  const dStr: number[] = [dstStrides[shape.length - 1]];
  for (let ax = shape.length - 2; ax >= 0; ax--) {
    const k = dims.length - 1;
    if (srcStrides[ax] === sStr[k] * dims[k] && dstStrides[ax] === dStr[k] * dims[k]) {
      dims[k] *= shape[ax];
    } else {
      dims.push(shape[ax]);
      sStr.push(srcStrides[ax]);
      dStr.push(dstStrides[ax]);
    }
  }
  dims.reverse();
  sStr.reverse();
  dStr.reverse();
  shape = dims;
  srcStrides = sStr;
  dstStrides = dStr;
  const rank = shape.length;
  const inner = shape[rank - 1];
  const ss = srcStrides[rank - 1];
  const ds = dstStrides[rank - 1];
  const counter = new Array<number>(rank).fill(0);
  let s = srcOff;
  let d = dstOff;
  for (;;) {
    if (ss === 1 && ds === 1) {
      if (inner >= 64) dst.set(src.subarray(s, s + inner), d);
      else for (let j = 0; j < inner; j++) dst[d + j] = src[s + j];
    } else {
      for (let j = 0, sj = s, dj = d; j < inner; j++, sj += ss, dj += ds) dst[dj] = src[sj];
    }
    let ax = rank - 2;
    for (; ax >= 0; ax--) {
      counter[ax]++;
      s += srcStrides[ax];
      d += dstStrides[ax];
      if (counter[ax] < shape[ax]) break;
      s -= srcStrides[ax] * shape[ax];
      d -= dstStrides[ax] * shape[ax];
      counter[ax] = 0;
    }
    if (ax < 0) return;
  }
}
