import {
  type Backend,
  type BackendMemory,
  CpuBackend,
  type DataId,
  type DType,
  type Kernel,
  type TypedArray,
  fusedKernels,
} from '@tsgrad/tensor';
import { HeapData } from './heap.js';
import { wasmKernels } from './kernels.js';
import { compiledModule, compiledSharedModule, instantiate } from './module.js';
import { type KernelResult, WasmRuntime } from './runtime.js';
import { GemmPool, SHARED_MAX_PAGES, findThreadHost } from './threads.js';

/** Options of {@link WasmBackend} and `registerWasmBackend`. */
export interface WasmBackendOptions {
  /** The backend's name (default `'wasm'`). */
  name?: string;
  /**
   * Use the TypeScript kernels even where SIMD works (default false). For comparisons and
   * tests; `info().fallbackReason` says so.
   */
  disableSimd?: boolean;
  /**
   * Threads for large matmuls and convolutions, the calling thread included (default 1).
   * Above 1, worker threads share the kernels' memory: Node's worker_threads, or Web Workers
   * on a cross-origin isolated page (main thread or inside a worker). Where they or
   * WebAssembly threads are missing, one thread runs and `threadsFallbackReason` says why.
   * GEMMs under `minParallelFlops` stay on the calling thread.
   */
  threads?: number;
  /** Smallest GEMM, in floating-point operations, split across threads (default 1e7). */
  minParallelFlops?: number;
  /**
   * Most bytes float32 tensors may hold in WebAssembly memory (default 1 GiB; with threads at
   * most 768 MiB, the shared memory being 1 GiB). Past it, new tensors go to JavaScript arrays
   * (garbage-collected, copied into WebAssembly memory per kernel call: slower, never wrong).
   * Tensors left to the garbage collector instead of disposed (or freed by a `scope`) hold
   * their block until their finalizer runs, so long loops should use `scope`.
   */
  heapLimit?: number;
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
  /** Why no worker threads could be made, when asked for. */
  private readonly startReason: string | undefined;
  private readonly runtime: WasmRuntime | undefined;
  private readonly pool: GemmPool | undefined;
  private readonly live = { numBuffers: 0, numBytes: 0 };

  constructor(options: WasmBackendOptions = {}) {
    this.name = options.name ?? 'wasm';
    if (options.disableSimd) {
      this.fallbackReason = 'disabled by the disableSimd option';
    } else {
      const mod = compiledModule();
      const threads = Math.max(1, Math.floor(options.threads ?? 1));
      const host = threads > 1 ? findThreadHost() : undefined;
      const shared = host && host.kind !== 'none' ? compiledSharedModule() : undefined;
      if (!(mod instanceof WebAssembly.Module)) {
        this.fallbackReason = mod.reason;
        if (threads > 1) this.startReason = `the TypeScript kernels run (${mod.reason})`;
      } else if (host && host.kind !== 'none' && shared instanceof WebAssembly.Module) {
        const memory = new WebAssembly.Memory({
          initial: 64,
          maximum: SHARED_MAX_PAGES,
          shared: true,
        });
        this.pool = new GemmPool(host, shared, memory, threads - 1);
        this.runtime = new WasmRuntime(instantiate(shared, memory), {
          name: this.name,
          heapLimit: Math.min(options.heapLimit ?? DEFAULT_HEAP_LIMIT, SHARED_HEAP_LIMIT),
          pool: this.pool,
          parallelFlops: options.minParallelFlops,
          onHeapLimit: (bytes) => this.warnHeapLimit(bytes),
        });
      } else {
        this.runtime = new WasmRuntime(instantiate(mod), {
          name: this.name,
          heapLimit: options.heapLimit ?? DEFAULT_HEAP_LIMIT,
          onHeapLimit: (bytes) => this.warnHeapLimit(bytes),
        });
        if (host) this.startReason = host.kind === 'none' ? host.reason : (shared as string);
      }
    }
    const kernels: Record<string, Kernel> = {};
    // The CPU backend's kernels, plus the optional fused kernels in TypeScript
    // (replaced below by WebAssembly ones when SIMD runs), so both paths have the same table.
    for (const [id, kernel] of Object.entries({ ...this.cpu.kernels, ...fusedKernels })) {
      if (kernel) kernels[id] = (args) => this.adopt(kernel(args));
    }
    if (this.runtime) {
      const host = {
        runtime: this.runtime,
        output: (result: KernelResult, dtype: DType = 'float32') =>
          result instanceof HeapData
            ? this.adopt(result)
            : this.adopt(this.cpu.write(result, dtype)),
        count: (op: string, path: 'wasm' | 'fallback') => {
          const s = (this.stats[op] ??= { wasm: 0, fallback: 0 });
          s[path]++;
        },
      };
      Object.assign(kernels, wasmKernels(host, kernels));
    }
    this.kernels = kernels;
  }

  /**
   * Says once that the heap is full: from now on new tensors are JavaScript arrays (correct, but
   * copied into WebAssembly memory for every kernel). Usually tensors that are never disposed.
   */
  private warnHeapLimit(bytes: number): void {
    const mib = (n: number) => (n < 2 ** 20 ? `${n} bytes` : `${Math.round(n / 2 ** 20)} MiB`);
    console.warn(
      `@tsgrad/backend-wasm '${this.name}': tensors reached heapLimit (${mib(this.runtime?.heap.limit ?? 0)} of WebAssembly memory) at a ${mib(bytes)} tensor; new tensors go to JavaScript arrays, which is slower. Dispose tensors you no longer need or make them inside scope(), or raise the limit with registerWasmBackend({ heapLimit }).`,
    );
  }

  /** Whether the WebAssembly kernels are in use. */
  get simd(): boolean {
    return this.runtime !== undefined;
  }

  /**
   * Why fewer threads than asked for run: no worker threads here (for example a page that is
   * not cross-origin isolated), workers that failed to start, or a worker retired after it
   * stopped answering; undefined when all run or are still starting (see
   * {@link WasmBackend.threadsReady}).
   */
  get threadsFallbackReason(): string | undefined {
    if (this.startReason) return this.startReason;
    const failed = this.pool?.failures() ?? [];
    return failed.length ? `worker threads not running: ${failed.join('; ')}` : undefined;
  }

  /**
   * Resolves, once every worker thread has started (or failed to), to the threads that run,
   * the calling one included. Workers start in the background: in Node the first large GEMM
   * waits for them; in a browser they start only after the creating code returns to the event
   * loop, and until then GEMMs run on the threads already started (the results are the same
   * either way, bit for bit). Await this before timing anything.
   * @example
   * import { WasmBackend } from '@tsgrad/backend-wasm';
   *
   * const backend = new WasmBackend({ threads: 2 });
   * const running = await backend.threadsReady();
   * if (running < 2) console.warn(backend.threadsFallbackReason);
   * await backend.close();
   */
  async threadsReady(): Promise<number> {
    return 1 + ((await this.pool?.whenStarted()) ?? 0);
  }

  /** Stops the worker threads; the backend must not be used afterwards. */
  async close(): Promise<void> {
    await this.pool?.close();
  }

  /**
   * Float32 values up to 4M elements are copied into WebAssembly memory, where kernels read
   * them in place; larger arrays (whole datasets) and other dtypes stay JavaScript arrays.
   */
  write(values: TypedArray, dtype: DType): DataId {
    if (this.runtime && dtype === 'float32' && values.length <= HEAP_WRITE_MAX) {
      const data = this.runtime.store(values.length, dtype);
      if (data) {
        this.runtime.copyIn(data.ptr, values);
        return this.adopt(data);
      }
    }
    return this.adopt(this.cpu.write(values, dtype));
  }

  /** A copy for buffers in WebAssembly memory (their storage is reused once freed). */
  async read(dataId: DataId): Promise<TypedArray> {
    return this.readSync(dataId);
  }

  readSync(dataId: DataId): TypedArray {
    return dataId instanceof HeapData ? dataId.values.slice() : (dataId as Handle).values;
  }

  /** A view of a heap buffer or of a JavaScript array: no copy (see Backend.view). */
  view(dataId: DataId, offset: number, length: number, dtype: DType): DataId | undefined {
    if (dataId instanceof HeapData)
      return this.runtime?.owns(dataId)
        ? this.adopt(this.runtime.view(dataId, offset, length))
        : undefined;
    return this.adopt(this.cpu.view(dataId, offset, length, dtype));
  }

  dispose(dataId: DataId): void {
    const h = dataId as Handle;
    if (h.backend !== this.name) return;
    this.live.numBuffers--;
    if (h instanceof HeapData) {
      this.live.numBytes -= h.byteLength;
      h.backend = '';
      this.runtime!.free(h);
      return;
    }
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
      threads: this.runtime?.threads ?? 1,
      threadsStarted: 1 + (this.pool?.started().length ?? 0),
      threadsFallbackReason: this.threadsFallbackReason,
      wasmMemoryBytes: this.runtime?.memoryBytes ?? 0,
      heap: this.runtime && {
        limit: this.runtime.heap.limit,
        extent: this.runtime.heap.extent,
        inUse: this.runtime.heap.inUse,
        ...this.runtime.heap.counts,
      },
      stats: this.stats,
    };
  }

  /**
   * Claims a CPU handle as this backend's, so the engine routes its disposal here. The CPU
   * backend's kernels already read any handle with `values`; only the name changes.
   */
  private adopt(id: DataId): DataId {
    if (id instanceof HeapData) {
      this.live.numBuffers++;
      this.live.numBytes += id.byteLength;
      return id;
    }
    const h = id as Handle;
    if (h.backend === this.name) return h;
    h.backend = this.name;
    this.live.numBuffers++;
    this.live.numBytes += h.values.byteLength;
    return h;
  }
}

/** Default most bytes of tensors in WebAssembly memory. */
const DEFAULT_HEAP_LIMIT = 2 ** 30;
/** With threads the memory is shared and at most 1 GiB: leave room for scratch. */
const SHARED_HEAP_LIMIT = 768 * 2 ** 20;
/** Largest float32 array `write` copies into WebAssembly memory (elements). */
const HEAP_WRITE_MAX = 2 ** 22;

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
  'adamUpdate',
  'sgdUpdate',
  'logSoftmax',
  'softmaxCrossEntropy',
  'reluGrad',
  'fusedMatmul',
  'slice',
  'cast',
  'broadcastTo',
  'oneHot',
];
