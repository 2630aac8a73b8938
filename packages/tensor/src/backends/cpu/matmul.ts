import type { Kernel, KernelArgs } from '../../backend.js';
import { allocArray, type TypedArray } from '../../dtype.js';
import { forEachBroadcast } from './broadcast.js';
import { CpuData, valuesOf } from './storage.js';

export interface MatmulAttrs {
  transposeA: boolean;
  transposeB: boolean;
}

/** Rows of the k-loop kept hot in cache: KB rows of B (KB × N floats) are reused for every i. */
const KB = 64;

/**
 * C[M,N] += op(A)[M,K] · B[K,N] with B row-major, as an i-k-j loop over k-blocks, four k at a
 * time, so the innermost loop streams one row of C and four rows of B with no allocation.
 * Rows of zeros in A (ReLU outputs, MNIST background pixels) are skipped.
 */
export function gemm(
  a: TypedArray,
  aOff: number,
  transA: boolean,
  b: TypedArray,
  bOff: number,
  c: TypedArray,
  cOff: number,
  M: number,
  N: number,
  K: number,
): void {
  // Element (i, k) of op(A): row-major [M,K], or [K,M] when transposed.
  const sI = transA ? 1 : K;
  const sK = transA ? M : 1;
  for (let kb = 0; kb < K; kb += KB) {
    const kEnd = Math.min(K, kb + KB);
    for (let i = 0; i < M; i++) {
      const cRow = cOff + i * N;
      const aRow = aOff + i * sI;
      let k = kb;
      for (; k + 3 < kEnd; k += 4) {
        const a0 = a[aRow + k * sK];
        const a1 = a[aRow + (k + 1) * sK];
        const a2 = a[aRow + (k + 2) * sK];
        const a3 = a[aRow + (k + 3) * sK];
        if (a0 === 0 && a1 === 0 && a2 === 0 && a3 === 0) continue;
        const b0 = bOff + k * N;
        const b1 = b0 + N;
        const b2 = b1 + N;
        const b3 = b2 + N;
        for (let j = 0; j < N; j++) {
          c[cRow + j] += a0 * b[b0 + j] + a1 * b[b1 + j] + a2 * b[b2 + j] + a3 * b[b3 + j];
        }
      }
      for (; k < kEnd; k++) {
        const av = a[aRow + k * sK];
        if (av === 0) continue;
        const b0 = bOff + k * N;
        for (let j = 0; j < N; j++) c[cRow + j] += av * b[b0 + j];
      }
    }
  }
}

/** Copies a row-major [R, C] matrix to its transpose [C, R]. */
export function transposeInto(
  src: TypedArray,
  off: number,
  R: number,
  C: number,
  dst: TypedArray,
): void {
  // Tiled so both reads and writes stay within cache lines.
  const T = 32;
  for (let r0 = 0; r0 < R; r0 += T) {
    const r1 = Math.min(R, r0 + T);
    for (let c0 = 0; c0 < C; c0 += T) {
      const c1 = Math.min(C, c0 + T);
      for (let r = r0; r < r1; r++)
        for (let cc = c0; cc < c1; cc++) dst[cc * R + r] = src[off + r * C + cc];
    }
  }
}

const matmul: Kernel<MatmulAttrs> = ({
  inputs,
  attrs,
  outShape,
  outDtype,
}: KernelArgs<MatmulAttrs>) => {
  const [A, B] = inputs;
  const a = valuesOf(A.dataId);
  const b = valuesOf(B.dataId);
  const ra = A.shape.length;
  const rb = B.shape.length;
  const M = outShape[outShape.length - 2];
  const N = outShape[outShape.length - 1];
  const K = attrs.transposeA ? A.shape[ra - 2] : A.shape[ra - 1];
  const out = allocArray(
    outDtype,
    outShape.reduce((p, d) => p * d, 1),
  );
  const batchOut = outShape.slice(0, -2);
  const sizeA = A.shape[ra - 2] * A.shape[ra - 1];
  const sizeB = B.shape[rb - 2] * B.shape[rb - 1];
  // A transposed B is packed once per batch so the inner loop always reads B by rows.
  const packed = attrs.transposeB ? allocArray(B.dtype, K * N) : null;
  const one = (o: number, ia: number, ib: number) => {
    let bArr: TypedArray = b;
    let bOff = ib * sizeB;
    if (packed) {
      transposeInto(b, ib * sizeB, N, K, packed);
      bArr = packed;
      bOff = 0;
    }
    gemm(a, ia * sizeA, attrs.transposeA, bArr, bOff, out, o * M * N, M, N, K);
  };
  if (batchOut.length === 0) one(0, 0, 0);
  else forEachBroadcast(batchOut, [A.shape.slice(0, -2), B.shape.slice(0, -2)], one);
  return new CpuData(out, outDtype);
};

export const matmulKernels: Record<string, Kernel> = { matmul };
