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

/**
 * The host side of the WebAssembly GEMM: owns one instance's linear memory, copies operands in,
 * runs the kernel per batch entry and copies the product out. Memory grows to the largest
 * problem seen and is reused (WebAssembly memory cannot shrink).
 */
export class WasmGemm {
  private readonly work: number;
  private readonly dataStart: number;

  constructor(private readonly wasm: KernelExports) {
    this.work = align(wasm.heapBase());
    const workBytes = wasm.TILE_BYTES.value + wasm.PACK_A_BYTES.value + wasm.PACK_B_BYTES.value;
    this.dataStart = align(this.work + workBytes);
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
    const aPtr = this.dataStart;
    const bPtr = align(aPtr + p.a.length * 4);
    const cPtr = align(bPtr + p.b.length * 4);
    this.ensure(cPtr + batch * out * 4);
    const buf = this.wasm.memory.buffer;
    new Float32Array(buf, aPtr, p.a.length).set(p.a);
    new Float32Array(buf, bPtr, p.b.length).set(p.b);
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
        this.wasm.gemm(M, N, K, aPtr + ia * sizeA * 4, sAi, sAk, bPtr + ib * sizeB * 4, sBk, sBj, cPtr + o * out * 4, this.work);
      });
    }
    return new Float32Array(this.wasm.memory.buffer, cPtr, batch * out).slice();
  }

  private ensure(bytes: number): void {
    const have = this.wasm.memory.buffer.byteLength;
    if (bytes > have) this.wasm.memory.grow(Math.ceil((bytes - have) / PAGE));
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
