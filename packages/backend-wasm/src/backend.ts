import {
  type Backend,
  type BackendMemory,
  CpuBackend,
  type DataId,
  type DType,
  type Kernel,
  type TypedArray,
} from '@tsgrad/tensor';
import { wasmKernels } from './kernels.js';
import { compiledModule, instantiate } from './module.js';
import { WasmRuntime } from './runtime.js';

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

/**
 * Counters for the curious and for tests: per accelerated op id, how many calls ran in
 * WebAssembly and how many fell back to the TypeScript kernel (other dtypes, broadcasts the
 * WebAssembly kernel does not cover, or no SIMD).
 */
export type WasmStats = Record<string, { wasm: number; fallback: number }>;

/** A CPU buffer handle; the backend re-tags the CPU backend's handles with its own name. */
type Handle = DataId & { backend: string; values: TypedArray; dtype: DType };

/**
 * tsgrad's WebAssembly SIMD backend. Storage is the CPU backend's (typed arrays, garbage
 * collected, readable synchronously); the hot kernels run in a WebAssembly module built with
 * 128-bit SIMD, and every other op runs the CPU backend's TypeScript kernel on the same
 * buffers, so nothing is copied between the two. Where WebAssembly SIMD is missing, every op
 * runs the TypeScript kernels and `info().fallbackReason` says why.
 *
 * Accelerated now, in float32: `matmul` (batched, broadcast, both transposes handled while
 * packing), `add`/`sub`/`mul`/`div` (same shapes, scalars, row and column broadcasts), `relu`
 * and `sum` over contiguous axes. Other dtypes and layouts use the TypeScript kernel.
 *
 * @example
 * import { registerBackend, setBackend } from '@tsgrad/tensor';
 * registerBackend('wasm', () => new WasmBackend(), 2);
 * setBackend('wasm');
 */
export class WasmBackend implements Backend {
  readonly name: string;
  readonly kernels: Readonly<Record<string, Kernel | undefined>>;
  readonly stats: WasmStats = {};
  /** Why the TypeScript kernels run instead of WebAssembly; undefined when SIMD is in use. */
  readonly fallbackReason: string | undefined;
  private readonly cpu = new CpuBackend();
  private readonly runtime: WasmRuntime | undefined;
  private readonly live = { numBuffers: 0, numBytes: 0 };

  constructor(options: WasmBackendOptions = {}) {
    this.name = options.name ?? 'wasm';
    if (options.disableSimd) {
      this.fallbackReason = 'disabled by the disableSimd option';
    } else {
      const mod = compiledModule();
      if (mod instanceof WebAssembly.Module) this.runtime = new WasmRuntime(instantiate(mod));
      else this.fallbackReason = mod.reason;
    }
    const kernels: Record<string, Kernel> = {};
    for (const [id, kernel] of Object.entries(this.cpu.kernels)) {
      if (kernel) kernels[id] = (args) => this.adopt(kernel(args));
    }
    if (this.runtime) {
      const host = {
        runtime: this.runtime,
        output: (values: Float32Array | Uint8Array, dtype: DType = 'float32') =>
          this.write(values, dtype),
        count: (op: string, path: 'wasm' | 'fallback') => {
          const s = (this.stats[op] ??= { wasm: 0, fallback: 0 });
          s[path]++;
        },
      };
      Object.assign(kernels, wasmKernels(host, kernels));
    }
    this.kernels = kernels;
  }

  /** Whether the WebAssembly kernels are in use. */
  get simd(): boolean {
    return this.runtime !== undefined;
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
      accelerated: this.simd ? ACCELERATED : [],
      wasmMemoryBytes: this.runtime?.memoryBytes ?? 0,
      stats: this.stats,
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
}

/** Kernel ids with a WebAssembly path (float32). */
const ACCELERATED = [
  'matmul',
  'conv2d',
  'conv2dBackpropFilter',
  'conv2dBackpropInput',
  'maxPool2d',
  'maxPool2dGrad',
  'add',
  'sub',
  'mul',
  'div',
  'neg',
  'abs',
  'sqrt',
  'square',
  'relu',
  'sum',
  'equal',
  'notEqual',
  'less',
  'lessEqual',
  'greater',
  'greaterEqual',
];
