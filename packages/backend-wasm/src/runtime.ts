import type { AdamUpdateAttrs, DataId, DType, SgdUpdateAttrs, TypedArray } from '@tsgrad/tensor';
import { type Block, Heap, HeapData } from './heap.js';
import type { KernelExports } from './module.js';
import type { GemmArgs, GemmPool } from './threads.js';

/** One matmul's operands as the kernel sees them: row-major float32 matrices, maybe batched. */
export interface MatmulProblem {
  readonly a: DataId;
  readonly b: DataId;
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

/** What a kernel hands back: a buffer in the heap, or a JavaScript copy when the heap is full. */
export type KernelResult = HeapData | Float32Array | Uint8Array;

/** Options of the runtime (from the backend's options). */
export interface RuntimeOptions {
  /** The backend's name, stamped on the buffers it makes. */
  readonly name: string;
  /** Most bytes tensors may hold in the heap; past it results go to JavaScript arrays. */
  readonly heapLimit: number;
  readonly pool?: GemmPool;
  /** GEMMs of at least this many floating-point operations are split across the threads. */
  readonly parallelFlops?: number;
  /** Called once, the first time the heap refuses a tensor for being at its limit. */
  readonly onHeapLimit?: (bytes: number) => void;
}

/**
 * The host side of the WebAssembly kernels: owns one instance's linear memory and the heap in
 * it where this backend's float32 tensors live. Kernels read their operands in place (an
 * operand held in a JavaScript array, e.g. one a CPU kernel made, is copied into scratch for the
 * call) and write their result into a new heap block, so nothing is copied in or out and the
 * same shapes reuse the same blocks step after step. Scratch (im2col columns, copied operands)
 * is freed when the call ends.
 */
export class WasmRuntime {
  /** Scratch for packing, one area per thread (the caller's first). */
  private readonly works: number[] = [];
  readonly heap: Heap;
  private readonly scratch: Block[] = [];
  private readonly name: string;
  private readonly pool: GemmPool | undefined;
  private readonly parallelFlops: number;

  constructor(
    private readonly wasm: KernelExports,
    options: RuntimeOptions,
  ) {
    this.name = options.name;
    this.pool = options.pool;
    this.parallelFlops = options.parallelFlops ?? PARALLEL_FLOPS;
    const workBytes = align(
      wasm.TILE_BYTES.value + wasm.PACK_A_BYTES.value + wasm.PACK_B_BYTES.value,
    );
    let at = align(wasm.heapBase());
    for (let t = 0; t <= (this.pool?.size ?? 0); t++, at += workBytes) this.works.push(at);
    const have = wasm.memory.buffer.byteLength;
    if (at > have) wasm.memory.grow(Math.ceil((at - have) / PAGE));
    this.heap = new Heap(wasm.memory, at, options.heapLimit, options.onHeapLimit);
  }

  /** Threads a large GEMM is split over (1: no worker threads). */
  get threads(): number {
    return this.works.length;
  }

  /** Bytes of linear memory now held. */
  get memoryBytes(): number {
    return this.wasm.memory.buffer.byteLength;
  }

  /**
   * A buffer of `length` elements in the heap for a tensor (`values` filled in by the caller),
   * or undefined when the heap is at its limit.
   */
  store(length: number, dtype: DType): HeapData | undefined {
    const block = this.heap.alloc(length * (dtype === 'bool' ? 1 : 4));
    return block ? new HeapData(this.name, dtype, this.heap, block, block.ptr, length) : undefined;
  }

  /**
   * A view of `length` elements of `parent` from element `offset` on, sharing its block (a
   * contiguous slice costs nothing).
   */
  view(parent: HeapData, offset: number, length: number): HeapData {
    parent.block.refs++;
    const bytes = parent.dtype === 'bool' ? 1 : 4;
    return new HeapData(
      this.name,
      parent.dtype,
      this.heap,
      parent.block,
      parent.ptr + offset * bytes,
      length,
    );
  }

  /** Drops a handle's use of its block; the last one frees it. */
  free(data: HeapData): void {
    if (!data.live) return;
    data.live = false;
    if (--data.block.refs === 0) this.heap.release(data.block);
  }

  /** Whether a handle's buffer is in this runtime's heap (so kernels can read it in place). */
  owns(id: DataId): id is HeapData {
    return id instanceof HeapData && id.heap === this.heap;
  }

  private viewsOf: ArrayBufferLike | undefined;
  private f32View = new Float32Array(0);
  private i32View = new Int32Array(0);
  private u8View = new Uint8Array(0);

  /** Whole-memory views, remade after the memory grew (no view object per copy). */
  private views(): void {
    const buffer = this.wasm.memory.buffer;
    if (buffer === this.viewsOf) return;
    this.viewsOf = buffer;
    this.f32View = new Float32Array(buffer);
    this.i32View = new Int32Array(buffer);
    this.u8View = new Uint8Array(buffer);
  }

  /** Copies `values` to `ptr` (64-byte aligned) in linear memory. */
  copyIn(ptr: number, values: TypedArray): void {
    this.views();
    if (values instanceof Float32Array) this.f32View.set(values, ptr >> 2);
    else if (values instanceof Int32Array) this.i32View.set(values, ptr >> 2);
    else if (values instanceof Uint8Array) this.u8View.set(values, ptr);
    else this.u8View.set(new Uint8Array(values.buffer, values.byteOffset, values.byteLength), ptr);
  }

  /** Where an operand's elements are: in place in the heap, or copied into scratch. */
  private src(id: DataId): number {
    if (this.owns(id)) return id.ptr;
    const v = (id as unknown as { values: TypedArray }).values;
    const ptr = this.temp(v.byteLength);
    this.copyIn(ptr, v);
    return ptr;
  }

  /** Scratch bytes for this call (freed by `done`). */
  private temp(bytes: number): number {
    const block = this.heap.alloc(bytes, true)!;
    this.scratch.push(block);
    return block.ptr;
  }

  /** The output of a call: a heap buffer, or scratch copied out by `done` when the heap is full. */
  private out(length: number, dtype: 'float32' | 'bool' = 'float32'): Out {
    const data = length === 0 ? undefined : this.store(length, dtype);
    if (data) return { ptr: data.ptr, data, length, dtype };
    return { ptr: this.temp(Math.max(1, length * (dtype === 'bool' ? 1 : 4))), length, dtype };
  }

  /** Ends a call: frees its scratch and returns the result. */
  private done(o: Out): KernelResult {
    let result: KernelResult;
    if (o.data) result = o.data;
    else if (o.dtype === 'bool')
      result = new Uint8Array(this.wasm.memory.buffer, o.ptr, o.length).slice();
    else result = new Float32Array(this.wasm.memory.buffer, o.ptr, o.length).slice();
    this.endCall();
    return result;
  }

  /** Frees the call's scratch (also when a kernel throws). */
  endCall(): void {
    for (const b of this.scratch) this.heap.release(b);
    this.scratch.length = 0;
  }

  private zero(ptr: number, n: number): void {
    this.views();
    this.f32View.fill(0, ptr >> 2, (ptr >> 2) + n);
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
    const serving = this.pool && 2 * M * N * K >= this.parallelFlops ? this.pool.started() : [];
    const parts = 1 + serving.length;
    if (!this.pool || parts === 1) {
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
              this.works[1 + serving[t - 1]],
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
              this.works[1 + serving[t - 1]],
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

  /** op(A)·op(B) for every batch entry (broadcast like NumPy). */
  matmul(p: MatmulProblem): KernelResult {
    return this.done(this.product(p));
  }

  /**
   * act(A·B + bias) for one [M,K]·[K,N] product (the optional kernel `fusedMatmul`): the GEMM,
   * then the bias and ReLU in one pass over its output in place.
   */
  fusedMatmul(p: MatmulProblem, bias: DataId | undefined, relu: boolean): KernelResult {
    const c = this.product(p);
    if (p.M * p.N > 0 && (bias || relu))
      this.wasm.biasActivation(c.ptr, bias ? this.src(bias) : 0, p.M, p.N, relu ? 1 : 0);
    return this.done(c);
  }

  /** The product's output block, filled (scratch still held: the caller ends the call). */
  private product(p: MatmulProblem): Out {
    const { M, N, K } = p;
    const batch = p.batchOut.reduce((x, y) => x * y, 1);
    const out = M * N;
    const c = this.out(batch * out);
    if (batch * out === 0) return c;
    if (K === 0) {
      this.zero(c.ptr, batch * out);
      return c;
    }
    const aPtr = this.src(p.a);
    const bPtr = this.src(p.b);
    // op(A)[i,k] at a + i·sAi + k·sAk; op(B)[k,j] at b + k·sBk + j·sBj (elements).
    const [sAi, sAk] = p.transposeA ? [1, M] : [K, 1];
    const [sBk, sBj] = p.transposeB ? [1, K] : [N, 1];
    const sizeA = M * K;
    const sizeB = K * N;
    const onlyA = p.batchB.length === 0 && !p.transposeA;
    if (batch === 1 || onlyA) {
      // A's batch entries stacked are one tall matrix when B is shared: one call, better blocking.
      this.gemm(M * batch, N, K, aPtr, sAi, sAk, bPtr, sBk, sBj, c.ptr, N, 0);
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
          c.ptr + o * out * 4,
          N,
          0,
        );
      });
    }
    return c;
  }

  /** out[o, j] = a (op) b over an [outer, inner] view of the output, operands by strides. */
  binary(
    op: keyof typeof BINARY_OPS,
    a: DataId,
    la: OperandLayout,
    b: DataId,
    lb: OperandLayout,
    outer: number,
    inner: number,
  ): KernelResult {
    const o = this.out(outer * inner);
    if (outer * inner > 0)
      this.wasm.binary(
        BINARY_OPS[op],
        this.src(a),
        la.outer,
        la.inner,
        this.src(b),
        lb.outer,
        lb.inner,
        o.ptr,
        outer,
        inner,
      );
    return this.done(o);
  }

  /** Like `binary`, for comparisons: bool bytes out. */
  compare(
    op: keyof typeof COMPARE_OPS,
    a: DataId,
    la: OperandLayout,
    b: DataId,
    lb: OperandLayout,
    outer: number,
    inner: number,
  ): KernelResult {
    const o = this.out(outer * inner, 'bool');
    if (outer * inner > 0)
      this.wasm.compare(
        COMPARE_OPS[op],
        this.src(a),
        la.outer,
        la.inner,
        this.src(b),
        lb.outer,
        lb.inner,
        o.ptr,
        outer,
        inner,
      );
    return this.done(o);
  }

  unary(op: keyof typeof UNARY_OPS, x: DataId, n: number): KernelResult {
    const o = this.out(n);
    if (n > 0) this.wasm.unary(UNARY_OPS[op], this.src(x), o.ptr, n);
    return this.done(o);
  }

  relu(x: DataId, n: number): KernelResult {
    const o = this.out(n);
    if (n > 0) this.wasm.relu(this.src(x), o.ptr, n);
    return this.done(o);
  }

  /** dy · (x > 0): the gradient of relu. */
  reluGrad(dy: DataId, x: DataId, n: number): KernelResult {
    const o = this.out(n);
    if (n > 0) this.wasm.reluGrad(this.src(dy), this.src(x), o.ptr, n);
    return this.done(o);
  }

  /** Sums an [outer, red, inner] view over its middle axis. */
  sum(x: DataId, outer: number, red: number, inner: number): KernelResult {
    const o = this.out(outer * inner);
    if (outer * inner > 0) {
      const xPtr = red === 0 ? 0 : this.src(x);
      this.wasm.sum(xPtr, o.ptr, outer, red, inner, this.temp(8 * inner));
    }
    return this.done(o);
  }

  /**
   * conv2d of x [N,H,W,C] with w [KH,KW,C,F] (geometry from `convGeometry`): im2col in row
   * chunks, each chunk one GEMM writing straight into the NHWC output.
   */
  conv2d(x: DataId, w: DataId, g: Int32Array, filterSize: number): KernelResult {
    const { rows, K, F } = dims(g, filterSize);
    const y = this.out(rows * F);
    const gPtr = this.putInt(g);
    const xPtr = this.src(x);
    const wPtr = this.src(w);
    if (isPointwise(g)) {
      this.gemm(rows, F, K, xPtr, K, 1, wPtr, F, 1, y.ptr, F, 0);
      return this.done(y);
    }
    const chunk = chunkRows(rows, K, F);
    const cols = this.temp(chunk * K * 4);
    for (let r0 = 0; r0 < rows; r0 += chunk) {
      const m = Math.min(chunk, rows - r0);
      this.wasm.im2col(xPtr, gPtr, r0, m, cols);
      this.gemm(m, F, K, cols, K, 1, wPtr, F, 1, y.ptr + r0 * F * 4, F, 0);
    }
    return this.done(y);
  }

  /** dW [KH,KW,C,F] = Σ over row chunks of colsᵀ · dy, for x [N,H,W,C] and dy [N,OH,OW,F]. */
  conv2dBackpropFilter(x: DataId, dy: DataId, g: Int32Array, filterSize: number): KernelResult {
    const { rows, K, F } = dims(g, filterSize);
    const dw = this.out(K * F);
    const gPtr = this.putInt(g);
    const xPtr = this.src(x);
    const dyPtr = this.src(dy);
    if (isPointwise(g)) {
      this.gemm(K, F, rows, xPtr, 1, K, dyPtr, F, 1, dw.ptr, F, 0);
      return this.done(dw);
    }
    const chunk = chunkRows(rows, K, F);
    const cols = this.temp(chunk * K * 4);
    for (let r0 = 0; r0 < rows; r0 += chunk) {
      const m = Math.min(chunk, rows - r0);
      this.wasm.im2col(xPtr, gPtr, r0, m, cols);
      // dW[K,F] (+)= cols[m,K]ᵀ · dy[m,F]
      this.gemm(K, F, m, cols, 1, K, dyPtr + r0 * F * 4, F, 1, dw.ptr, F, r0 > 0 ? 1 : 0);
    }
    return this.done(dw);
  }

  /** dx [N,H,W,C] = col2im(dy · Wᵀ), chunk by chunk; Wᵀ is read through strides, not copied. */
  conv2dBackpropInput(dy: DataId, w: DataId, g: Int32Array, filterSize: number): KernelResult {
    const { rows, K, F } = dims(g, filterSize);
    const size = g[0] * g[1] * g[2] * g[3];
    const dx = this.out(size);
    const gPtr = this.putInt(g);
    const dyPtr = this.src(dy);
    const wPtr = this.src(w);
    // op(B)[f, k] = W[k, f]: strides 1 along f and F along k.
    if (isPointwise(g)) {
      this.gemm(rows, K, F, dyPtr, F, 1, wPtr, 1, F, dx.ptr, K, 0);
      return this.done(dx);
    }
    this.zero(dx.ptr, size);
    const chunk = chunkRows(rows, K, F);
    const cols = this.temp(chunk * K * 4);
    for (let r0 = 0; r0 < rows; r0 += chunk) {
      const m = Math.min(chunk, rows - r0);
      this.gemm(m, K, F, dyPtr + r0 * F * 4, F, 1, wPtr, 1, F, cols, K, 0);
      this.wasm.col2im(dx.ptr, gPtr, r0, m, cols);
    }
    return this.done(dx);
  }

  /** maxPool2d of x [N,H,W,C] (geometry from `poolGeometry`). */
  maxPool(x: DataId, g: Int32Array): KernelResult {
    const size = g[0] * g[6] * g[7] * g[3];
    const y = this.out(size);
    const gPtr = this.putInt(g);
    this.wasm.maxPool(this.src(x), gPtr, y.ptr, 0, 0, 0);
    return this.done(y);
  }

  /**
   * The gradient of maxPool2d: dy [N,OH,OW,C] routed to each window's first maximum of x. When
   * windows do not overlap each cell is written once (no scatter-add), and dx is zeroed first
   * only if some cells lie outside every window.
   */
  maxPoolGrad(x: DataId, dy: DataId, g: Int32Array, size: number): KernelResult {
    const dx = this.out(size);
    const gPtr = this.putInt(g);
    const xPtr = this.src(x);
    const dyPtr = this.src(dy);
    const [, h, w, , ph, pw, oh, ow, sh, sw, , , padTop, padLeft] = g;
    const disjoint = sh >= ph && sw >= pw;
    const tiled =
      disjoint &&
      sh === ph &&
      sw === pw &&
      padTop === 0 &&
      padLeft === 0 &&
      oh * sh === h &&
      ow * sw === w;
    if (!tiled) this.zero(dx.ptr, size);
    this.wasm.maxPool(xPtr, gPtr, 0, dyPtr, dx.ptr, disjoint ? 2 : 1);
    return this.done(dx);
  }

  /** float32 copies of bool (kind 0), int32 (1) or float32 (2) elements. */
  castToF32(x: DataId, kind: 0 | 1 | 2, n: number): KernelResult {
    const o = this.out(n);
    if (n > 0) this.wasm.castToF32(this.src(x), kind, o.ptr, n);
    return this.done(o);
  }

  /** out[o, j] = a at strides `la` over an [outer, inner] view. */
  broadcast(a: DataId, la: OperandLayout, outer: number, inner: number): KernelResult {
    const o = this.out(outer * inner);
    if (outer * inner > 0)
      this.wasm.broadcast(this.src(a), la.outer, la.inner, o.ptr, outer, inner);
    return this.done(o);
  }

  /** One-hot float32 rows of `depth` for `n` int32 indices. */
  oneHot(idx: DataId, n: number, depth: number, on: number, off: number): KernelResult {
    const o = this.out(n * depth);
    if (n * depth > 0) this.wasm.oneHot(this.src(idx), n, depth, on, off, o.ptr);
    return this.done(o);
  }

  /** log(softmax) over the last axis of a [rows, n] view. */
  logSoftmax(x: DataId, rows: number, n: number): KernelResult {
    const o = this.out(rows * n);
    if (rows * n > 0) this.wasm.logSoftmax(this.src(x), o.ptr, rows, n);
    return this.done(o);
  }

  /** −logSoftmax(x)[label] per row of [rows, n] logits, int32 labels. */
  softmaxCrossEntropy(x: DataId, labels: DataId, rows: number, n: number): KernelResult {
    const o = this.out(rows);
    if (rows * n > 0) this.wasm.softmaxCrossEntropy(this.src(x), this.src(labels), o.ptr, rows, n);
    return this.done(o);
  }

  /** Adam's fused step: [p′, m′, v′] stacked (see assembly/optim.ts). */
  adam(p: DataId, g: DataId, m: DataId, v: DataId, n: number, a: AdamUpdateAttrs): KernelResult {
    const o = this.out(3 * n);
    const f = Math.fround;
    if (n > 0)
      this.wasm.adam(
        this.src(p),
        this.src(g),
        this.src(m),
        this.src(v),
        o.ptr,
        n,
        f(a.beta1),
        f(1 - a.beta1),
        f(a.beta2),
        f(1 - a.beta2),
        f(a.vScale),
        f(a.epsilon),
        f(a.stepSize),
      );
    return this.done(o);
  }

  /** SGD's fused step: [p′] or [p′, b′] stacked. */
  sgd(p: DataId, g: DataId, b: DataId | undefined, n: number, a: SgdUpdateAttrs): KernelResult {
    const withBuffer = a.momentum !== 0;
    const o = this.out((withBuffer ? 2 : 1) * n);
    const f = Math.fround;
    if (n > 0)
      this.wasm.sgd(
        this.src(p),
        this.src(g),
        b ? this.src(b) : 0,
        o.ptr,
        n,
        f(a.lr),
        withBuffer ? 1 : 0,
        f(a.momentum),
        a.dampening !== 0 ? 1 : 0,
        f(1 - a.dampening),
        a.nesterov ? 1 : 0,
      );
    return this.done(o);
  }

  private putInt(values: Int32Array): number {
    const ptr = this.temp(values.byteLength);
    this.copyIn(ptr, values);
    return ptr;
  }
}

/** A call's output: in the heap (`data`), or in scratch until `done` copies it out. */
interface Out {
  readonly ptr: number;
  readonly data?: HeapData;
  readonly length: number;
  readonly dtype: 'float32' | 'bool';
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
