import {
  type Backend,
  type BackendMemory,
  CpuBackend,
  type DataId,
  type DType,
  type Kernel,
  type KernelArgs,
  type TypedArray,
} from '@tsgrad/tensor';
import { WasmGemm } from './gemm.js';
import { compiledModule, instantiate } from './module.js';

/** Options of {@link WasmBackend} and `registerWasmBackend`. */
export interface WasmBackendOptions {
  /** The backend's name (default `'wasm'`). */
  name?: string;
  /**
   * Use the TypeScript kernels even where SIMD works (default false). For comparisons and
   * tests; `info().fallbackReason` says so.
   */
  disableSimd?: boolean;
}

/** Counters for the curious and for tests: which path each accelerated op took. */
export interface WasmStats {
  /** Matmuls run by the WebAssembly kernel. */
  wasmMatmuls: number;
  /** Matmuls run by the TypeScript kernel (other dtypes, or no SIMD). */
  fallbackMatmuls: number;
}

interface MatmulAttrs {
  transposeA: boolean;
  transposeB: boolean;
}

/** A CPU buffer handle; the backend re-tags the CPU backend's handles with its own name. */
type Handle = DataId & { backend: string; values: TypedArray; dtype: DType };

/**
 * tsgrad's WebAssembly SIMD backend. Storage is the CPU backend's (typed arrays, garbage
 * collected, readable synchronously); the hot kernels run in a WebAssembly module built with
 * 128-bit SIMD, and every other op runs the CPU backend's TypeScript kernel on the same
 * buffers, so nothing is copied between the two. Where WebAssembly SIMD is missing, every op
 * runs the TypeScript kernels and `info().fallbackReason` says why.
 *
 * Accelerated now: `matmul` in float32 (batched, broadcast, both transposes handled while
 * packing). float64 and int32 matmuls use the TypeScript kernel.
 *
 * @example
 * import { registerBackend, setBackend } from '@tsgrad/tensor';
 * registerBackend('wasm', () => new WasmBackend(), 2);
 * setBackend('wasm');
 */
export class WasmBackend implements Backend {
  readonly name: string;
  readonly kernels: Readonly<Record<string, Kernel | undefined>>;
  readonly stats: WasmStats = { wasmMatmuls: 0, fallbackMatmuls: 0 };
  /** Why the TypeScript kernels run instead of WebAssembly; undefined when SIMD is in use. */
  readonly fallbackReason: string | undefined;
  private readonly cpu = new CpuBackend();
  private readonly gemm: WasmGemm | undefined;
  private readonly live = { numBuffers: 0, numBytes: 0 };

  constructor(options: WasmBackendOptions = {}) {
    this.name = options.name ?? 'wasm';
    if (options.disableSimd) {
      this.fallbackReason = 'disabled by the disableSimd option';
    } else {
      const mod = compiledModule();
      if (mod instanceof WebAssembly.Module) this.gemm = new WasmGemm(instantiate(mod));
      else this.fallbackReason = mod.reason;
    }
    const kernels: Record<string, Kernel> = {};
    for (const [id, kernel] of Object.entries(this.cpu.kernels)) {
      if (kernel) kernels[id] = (args) => this.adopt(kernel(args));
    }
    const cpuMatmul = this.cpu.kernels.matmul!;
    kernels.matmul = (args: KernelArgs<MatmulAttrs>) => this.matmul(args, cpuMatmul);
    this.kernels = kernels;
  }

  /** Whether the WebAssembly kernels are in use. */
  get simd(): boolean {
    return this.gemm !== undefined;
  }

  write(values: TypedArray, dtype: DType): DataId {
    return this.adopt(this.cpu.write(values, dtype));
  }

  async read(dataId: DataId): Promise<TypedArray> {
    return (dataId as Handle).values;
  }

  readSync(dataId: DataId): TypedArray {
    return (dataId as Handle).values;
  }

  dispose(dataId: DataId): void {
    const h = dataId as Handle;
    if (h.backend !== this.name) return;
    this.live.numBuffers--;
    this.live.numBytes -= h.values.byteLength;
    h.backend = '';
    this.cpu.dispose(h);
  }

  memory(): BackendMemory {
    return { ...this.live };
  }

  info(): Record<string, unknown> {
    return {
      simd: this.simd,
      fallbackReason: this.fallbackReason,
      accelerated: this.simd ? ['matmul (float32)'] : [],
      wasmMemoryBytes: this.gemm?.memoryBytes ?? 0,
      ...this.stats,
    };
  }

  /**
   * Claims a CPU handle as this backend's, so the engine routes its disposal here. The CPU
   * backend's kernels already read any handle with `values`; only the name changes.
   */
  private adopt(id: DataId): DataId {
    const h = id as Handle;
    if (h.backend === this.name) return h;
    h.backend = this.name;
    this.live.numBuffers++;
    this.live.numBytes += h.values.byteLength;
    return h;
  }

  private matmul(args: KernelArgs<MatmulAttrs>, fallback: Kernel): DataId {
    const { inputs, attrs, outShape, outDtype } = args;
    const [A, B] = inputs;
    if (!this.gemm || outDtype !== 'float32') {
      this.stats.fallbackMatmuls++;
      return this.adopt(fallback(args));
    }
    const ra = A.shape.length;
    const values = this.gemm.matmul({
      a: (A.dataId as Handle).values as Float32Array,
      b: (B.dataId as Handle).values as Float32Array,
      batchA: A.shape.slice(0, -2),
      batchB: B.shape.slice(0, -2),
      batchOut: outShape.slice(0, -2),
      M: outShape[outShape.length - 2],
      N: outShape[outShape.length - 1],
      K: attrs.transposeA ? A.shape[ra - 2] : A.shape[ra - 1],
      transposeA: attrs.transposeA,
      transposeB: attrs.transposeB,
    });
    this.stats.wasmMatmuls++;
    return this.write(values, 'float32');
  }
}
