import type { KernelExports } from './module.js';
import type { GemmArgs, GemmPool } from './threads.js';

/** One matmul's operands as the kernel sees them: row-major float32 matrices, maybe batched. */
export interface MatmulProblem {
  readonly a: Float32Array;
  readonly b: Float32Array;
  /** Batch shape of a and b (without the two matrix axes), and of the output. */
  readonly batchA: readonly number[];
  readonly batchB: readonly number[];
  readonly batchOut: readonly number[];
  readonly M: number;
  readonly N: number;
  readonly K: number;
  readonly transposeA: boolean;
  readonly transposeB: boolean;
}

const ALIGN = 64;
const PAGE = 65536;

/** Op codes of the module's `binary` kernel. */
export const BINARY_OPS = { add: 0, sub: 1, mul: 2, div: 3 } as const;

/** Op codes of the module's `compare` kernel (bool results). */
export const COMPARE_OPS = {
  equal: 0,
  notEqual: 1,
  less: 2,
  lessEqual: 3,
  greater: 4,
  greaterEqual: 5,
} as const;

/** Op codes of the module's `unary` kernel. */
export const UNARY_OPS = { neg: 0, abs: 1, sqrt: 2, square: 3 } as const;

/** One operand of `binary` over an [outer, inner] view: element strides along each axis. */
export interface OperandLayout {
  readonly outer: number;
  readonly inner: number;
}

/**
 * The host side of the WebAssembly kernels: owns one instance's linear memory, copies operands
 * in, runs a kernel and copies the result out. Operands live in a bump-allocated region reset
 * by every call; memory grows to the largest call seen and is reused (WebAssembly memory
 * cannot shrink).
 */
export class WasmRuntime {
  /** Scratch for packing, one area per thread (the caller's first). */
  private readonly works: number[] = [];
  private readonly dataStart: number;
  private top = 0;

  /**
   * @param pool worker threads sharing `wasm`'s memory; GEMMs of at least `parallelFlops`
   *   floating-point operations are split across them and the calling thread.
   */
  constructor(
    private readonly wasm: KernelExports,
    private readonly pool?: GemmPool,
    private readonly parallelFlops = PARALLEL_FLOPS,
  ) {
    const workBytes = align(
      wasm.TILE_BYTES.value + wasm.PACK_A_BYTES.value + wasm.PACK_B_BYTES.value,
    );
    let at = align(wasm.heapBase());
    for (let t = 0; t <= (pool?.size ?? 0); t++, at += workBytes) this.works.push(at);
    this.dataStart = at;
    this.top = this.dataStart;
    this.alloc(0);
  }

  /** Threads a large GEMM is split over (1: no worker threads). */
  get threads(): number {
    return this.works.length;
  }

  /**
   * The module's gemm (C row stride `ldc`), split into column or row blocks across the worker
   * threads when it is large enough to pay for waking them.
   */
  private gemm(
    M: number,
    N: number,
    K: number,
    a: number,
    sAi: number,
    sAk: number,
    b: number,
    sBk: number,
    sBj: number,
    c: number,
    ldc: number,
    accumulate: number,
  ): void {
    const parts = this.works.length;
    if (!this.pool || parts === 1 || 2 * M * N * K < this.parallelFlops) {
      this.wasm.gemm(M, N, K, a, sAi, sAk, b, sBk, sBj, c, ldc, this.works[0], accumulate);
      return;
    }
    // Split the longer side, in whole micro-kernel tiles (8 columns or 4 rows).
    const byCols = N >= M;
    const len = byCols ? N : M;
    const tile = byCols ? 8 : 4;
    const step = Math.ceil(len / parts / tile) * tile;
    const jobs: GemmArgs[] = [];
    for (let t = 1; t < parts && t * step < len; t++) {
      const s = t * step;
      const n = Math.min(step, len - s);
      jobs.push(
        byCols
          ? [
              M,
              n,
              K,
              a,
              sAi,
              sAk,
              b + s * sBj * 4,
              sBk,
              sBj,
              c + s * 4,
              ldc,
              this.works[t],
              accumulate,
            ]
          : [
              n,
              N,
              K,
              a + s * sAi * 4,
              sAi,
              sAk,
              b,
              sBk,
              sBj,
              c + s * ldc * 4,
              ldc,
              this.works[t],
              accumulate,
            ],
      );
    }
    const own = Math.min(step, len);
    this.pool.run(jobs, () =>
      byCols
        ? this.wasm.gemm(M, own, K, a, sAi, sAk, b, sBk, sBj, c, ldc, this.works[0], accumulate)
        : this.wasm.gemm(own, N, K, a, sAi, sAk, b, sBk, sBj, c, ldc, this.works[0], accumulate),
    );
  }

  /** Bytes of linear memory now held. */
  get memoryBytes(): number {
    return this.wasm.memory.buffer.byteLength;
  }

  /** op(A)·op(B) for every batch entry (broadcast like NumPy); returns a new array. */
  matmul(p: MatmulProblem): Float32Array {
    const { M, N, K } = p;
    const batch = p.batchOut.reduce((x, y) => x * y, 1);
    const out = M * N;
    if (batch * out === 0) return new Float32Array(0);
    if (K === 0) return new Float32Array(batch * out);
    this.reset();
    const aPtr = this.put(p.a);
    const bPtr = this.put(p.b);
    const cPtr = this.alloc(batch * out);
    // op(A)[i,k] at a + i·sAi + k·sAk; op(B)[k,j] at b + k·sBk + j·sBj (elements).
    const [sAi, sAk] = p.transposeA ? [1, M] : [K, 1];
    const [sBk, sBj] = p.transposeB ? [1, K] : [N, 1];
    const sizeA = M * K;
    const sizeB = K * N;
    const onlyA = p.batchB.length === 0 && !p.transposeA;
    if (batch === 1 || onlyA) {
      // A's batch entries stacked are one tall matrix when B is shared: one call, better blocking.
      this.gemm(M * batch, N, K, aPtr, sAi, sAk, bPtr, sBk, sBj, cPtr, N, 0);
    } else {
      forEachBatch(p.batchOut, p.batchA, p.batchB, (o, ia, ib) => {
        this.gemm(
          M,
          N,
          K,
          aPtr + ia * sizeA * 4,
          sAi,
          sAk,
          bPtr + ib * sizeB * 4,
          sBk,
          sBj,
          cPtr + o * out * 4,
          N,
          0,
        );
      });
    }
    return this.take(cPtr, batch * out);
  }

  /** out[o, j] = a (op) b over an [outer, inner] view of the output, operands by strides. */
  binary(
    op: keyof typeof BINARY_OPS,
    a: Float32Array,
    la: OperandLayout,
    b: Float32Array,
    lb: OperandLayout,
    outer: number,
    inner: number,
  ): Float32Array {
    this.reset();
    const aPtr = this.put(a);
    const bPtr = this.put(b);
    const oPtr = this.alloc(outer * inner);
    this.wasm.binary(
      BINARY_OPS[op],
      aPtr,
      la.outer,
      la.inner,
      bPtr,
      lb.outer,
      lb.inner,
      oPtr,
      outer,
      inner,
    );
    return this.take(oPtr, outer * inner);
  }

  /** Like `binary`, for comparisons: bool bytes out. */
  compare(
    op: keyof typeof COMPARE_OPS,
    a: Float32Array,
    la: OperandLayout,
    b: Float32Array,
    lb: OperandLayout,
    outer: number,
    inner: number,
  ): Uint8Array {
    this.reset();
    const aPtr = this.put(a);
    const bPtr = this.put(b);
    const n = outer * inner;
    const oPtr = this.alloc(Math.ceil(n / 4));
    this.wasm.compare(
      COMPARE_OPS[op],
      aPtr,
      la.outer,
      la.inner,
      bPtr,
      lb.outer,
      lb.inner,
      oPtr,
      outer,
      inner,
    );
    return new Uint8Array(this.wasm.memory.buffer, oPtr, n).slice();
  }

  unary(op: keyof typeof UNARY_OPS, x: Float32Array): Float32Array {
    this.reset();
    const xPtr = this.put(x);
    const oPtr = this.alloc(x.length);
    this.wasm.unary(UNARY_OPS[op], xPtr, oPtr, x.length);
    return this.take(oPtr, x.length);
  }

  relu(x: Float32Array): Float32Array {
    this.reset();
    const xPtr = this.put(x);
    const oPtr = this.alloc(x.length);
    this.wasm.relu(xPtr, oPtr, x.length);
    return this.take(oPtr, x.length);
  }

  /** Sums an [outer, red, inner] view over its middle axis. */
  sum(x: Float32Array, outer: number, red: number, inner: number): Float32Array {
    this.reset();
    const xPtr = this.put(x);
    const oPtr = this.alloc(outer * inner);
    const acc = this.alloc(2 * inner);
    this.wasm.sum(xPtr, oPtr, outer, red, inner, acc);
    return this.take(oPtr, outer * inner);
  }

  /**
   * conv2d of x [N,H,W,C] with w [KH,KW,C,F] (geometry from `convGeometry`): im2col in row
   * chunks, each chunk one GEMM writing straight into the NHWC output.
   */
  conv2d(x: Float32Array, w: Float32Array, g: Int32Array): Float32Array {
    const { rows, K, F } = dims(g, w.length);
    this.reset();
    const gPtr = this.putInt(g);
    const xPtr = this.put(x);
    const wPtr = this.put(w);
    const yPtr = this.alloc(rows * F);
    if (isPointwise(g)) {
      this.gemm(rows, F, K, xPtr, K, 1, wPtr, F, 1, yPtr, F, 0);
      return this.take(yPtr, rows * F);
    }
    const chunk = chunkRows(rows, K, F);
    const cols = this.alloc(chunk * K);
    for (let r0 = 0; r0 < rows; r0 += chunk) {
      const m = Math.min(chunk, rows - r0);
      this.wasm.im2col(xPtr, gPtr, r0, m, cols);
      this.gemm(m, F, K, cols, K, 1, wPtr, F, 1, yPtr + r0 * F * 4, F, 0);
    }
    return this.take(yPtr, rows * F);
  }

  /** dW [KH,KW,C,F] = Σ over row chunks of colsᵀ · dy, for x [N,H,W,C] and dy [N,OH,OW,F]. */
  conv2dBackpropFilter(
    x: Float32Array,
    dy: Float32Array,
    g: Int32Array,
    filterSize: number,
  ): Float32Array {
    const { rows, K, F } = dims(g, filterSize);
    this.reset();
    const gPtr = this.putInt(g);
    const xPtr = this.put(x);
    const dyPtr = this.put(dy);
    const dwPtr = this.alloc(K * F);
    if (isPointwise(g)) {
      this.gemm(K, F, rows, xPtr, 1, K, dyPtr, F, 1, dwPtr, F, 0);
      return this.take(dwPtr, K * F);
    }
    const chunk = chunkRows(rows, K, F);
    const cols = this.alloc(chunk * K);
    for (let r0 = 0; r0 < rows; r0 += chunk) {
      const m = Math.min(chunk, rows - r0);
      this.wasm.im2col(xPtr, gPtr, r0, m, cols);
      // dW[K,F] (+)= cols[m,K]ᵀ · dy[m,F]
      this.gemm(K, F, m, cols, 1, K, dyPtr + r0 * F * 4, F, 1, dwPtr, F, r0 > 0 ? 1 : 0);
    }
    return this.take(dwPtr, K * F);
  }

  /** dx [N,H,W,C] = col2im(dy · Wᵀ), chunk by chunk; Wᵀ is read through strides, not copied. */
  conv2dBackpropInput(dy: Float32Array, w: Float32Array, g: Int32Array): Float32Array {
    const { rows, K, F } = dims(g, w.length);
    const size = g[0] * g[1] * g[2] * g[3];
    this.reset();
    const gPtr = this.putInt(g);
    const dyPtr = this.put(dy);
    const wPtr = this.put(w);
    const dxPtr = this.alloc(size);
    // op(B)[f, k] = W[k, f]: strides 1 along f and F along k.
    if (isPointwise(g)) {
      this.gemm(rows, K, F, dyPtr, F, 1, wPtr, 1, F, dxPtr, K, 0);
      return this.take(dxPtr, size);
    }
    new Float32Array(this.wasm.memory.buffer, dxPtr, size).fill(0);
    const chunk = chunkRows(rows, K, F);
    const cols = this.alloc(chunk * K);
    for (let r0 = 0; r0 < rows; r0 += chunk) {
      const m = Math.min(chunk, rows - r0);
      this.gemm(m, K, F, dyPtr + r0 * F * 4, F, 1, wPtr, 1, F, cols, K, 0);
      this.wasm.col2im(dxPtr, gPtr, r0, m, cols);
    }
    return this.take(dxPtr, size);
  }

  /** maxPool2d of x [N,H,W,C] (geometry from `poolGeometry`). */
  maxPool(x: Float32Array, g: Int32Array): Float32Array {
    const size = g[0] * g[6] * g[7] * g[3];
    this.reset();
    const gPtr = this.putInt(g);
    const xPtr = this.put(x);
    const yPtr = this.alloc(size);
    this.wasm.maxPool(xPtr, gPtr, yPtr, 0, 0, 0);
    return this.take(yPtr, size);
  }

  /** The gradient of maxPool2d: dy [N,OH,OW,C] routed to each window's first maximum of x. */
  maxPoolGrad(x: Float32Array, dy: Float32Array, g: Int32Array): Float32Array {
    this.reset();
    const gPtr = this.putInt(g);
    const xPtr = this.put(x);
    const dyPtr = this.put(dy);
    const dxPtr = this.alloc(x.length);
    new Float32Array(this.wasm.memory.buffer, dxPtr, x.length).fill(0);
    this.wasm.maxPool(xPtr, gPtr, 0, dyPtr, dxPtr, 1);
    return this.take(dxPtr, x.length);
  }

  private reset(): void {
    this.top = this.dataStart;
  }

  /** Reserves room for n floats (64-byte aligned), growing memory when needed. */
  private alloc(n: number): number {
    const ptr = this.top;
    this.top = align(ptr + n * 4);
    const have = this.wasm.memory.buffer.byteLength;
    if (this.top > have) this.wasm.memory.grow(Math.ceil((this.top - have) / PAGE));
    return ptr;
  }

  private put(values: Float32Array): number {
    const ptr = this.alloc(values.length);
    new Float32Array(this.wasm.memory.buffer, ptr, values.length).set(values);
    return ptr;
  }

  private putInt(values: Int32Array): number {
    const ptr = this.alloc(values.length);
    new Int32Array(this.wasm.memory.buffer, ptr, values.length).set(values);
    return ptr;
  }

  private take(ptr: number, n: number): Float32Array {
    return new Float32Array(this.wasm.memory.buffer, ptr, n).slice();
  }
}

/** Elements of the larger operand of one im2col chunk (the cols block or the output block). */
const CHUNK_ELEMENTS = 1 << 17;

function chunkRows(rows: number, K: number, F: number): number {
  return Math.max(1, Math.min(rows, Math.floor(CHUNK_ELEMENTS / Math.max(K, F, 1))));
}

/** Rows (output pixels), patch length and filters of a conv geometry block. */
function dims(g: Int32Array, filterSize: number): { rows: number; K: number; F: number } {
  const K = g[4] * g[5] * g[3];
  return { rows: g[0] * g[6] * g[7], K, F: K === 0 ? 0 : filterSize / K };
}

/** 1×1 filters at stride 1 with no padding read the input as it is: x [N·H·W, C] is the cols. */
function isPointwise(g: Int32Array): boolean {
  return g[4] === 1 && g[5] === 1 && g[8] === 1 && g[9] === 1 && g[12] === 0 && g[13] === 0;
}

/**
 * Smallest GEMM (in floating-point operations) split across threads: waking a worker costs
 * tens of microseconds, and splitting a GEMM under ~10 MFLOP measured slower (32×784×128: 31 → 27 GFLOP/s).
 */
const PARALLEL_FLOPS = 1e7;

function align(n: number): number {
  return Math.ceil(n / ALIGN) * ALIGN;
}

/**
 * Calls `body(outIndex, aIndex, bIndex)` for each entry of the broadcast batch shape, with the
 * flat matrix index into a and b (0 along axes where that operand has size 1 or is missing).
 */
export function forEachBatch(
  out: readonly number[],
  shapeA: readonly number[],
  shapeB: readonly number[],
  body: (o: number, ia: number, ib: number) => void,
): void {
  const rank = out.length;
  const stridesOf = (s: readonly number[]) => {
    const st = new Array<number>(rank).fill(0);
    let acc = 1;
    for (let i = s.length - 1; i >= 0; i--) {
      st[rank - s.length + i] = s[i] === 1 ? 0 : acc;
      acc *= s[i];
    }
    return st;
  };
  const sa = stridesOf(shapeA);
  const sb = stridesOf(shapeB);
  const total = out.reduce((x, y) => x * y, 1);
  const idx = new Array<number>(rank).fill(0);
  let ia = 0;
  let ib = 0;
  for (let o = 0; o < total; o++) {
    body(o, ia, ib);
    for (let ax = rank - 1; ax >= 0; ax--) {
      idx[ax]++;
      ia += sa[ax];
      ib += sb[ax];
      if (idx[ax] < out[ax]) break;
      ia -= sa[ax] * out[ax];
      ib -= sb[ax] * out[ax];
      idx[ax] = 0;
    }
  }
}
