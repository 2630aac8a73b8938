import type { KernelExports } from './module.js';

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
  private readonly work: number;
  private readonly dataStart: number;
  private top = 0;

  constructor(private readonly wasm: KernelExports) {
    this.work = align(wasm.heapBase());
    const workBytes = wasm.TILE_BYTES.value + wasm.PACK_A_BYTES.value + wasm.PACK_B_BYTES.value;
    this.dataStart = align(this.work + workBytes);
    this.top = this.dataStart;
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
      this.wasm.gemm(M * batch, N, K, aPtr, sAi, sAk, bPtr, sBk, sBj, cPtr, this.work);
    } else {
      forEachBatch(p.batchOut, p.batchA, p.batchB, (o, ia, ib) => {
        this.wasm.gemm(
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
          this.work,
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

  private take(ptr: number, n: number): Float32Array {
    return new Float32Array(this.wasm.memory.buffer, ptr, n).slice();
  }
}

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
