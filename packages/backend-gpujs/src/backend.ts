import {
  type Backend,
  type BackendMemory,
  BackendError,
  type DataId,
  type DType,
  DTypeError,
  type Kernel,
  type TensorInfo,
  type TypedArray,
} from '@tsgrad/tensor';
import { GPU } from 'gpu.js';
import { kernelSource } from './codegen.js';
import { type DeviceValue, GpujsData, isTexture, toDTypeArray } from './data.js';
import { makeKernels } from './kernels/index.js';
import { HELPERS } from './math.js';
import {
  type GpujsActualMode,
  type GpujsMode,
  type ModeChoice,
  chooseMode,
  isGlMode,
} from './modes.js';

/** Options of {@link GpujsBackend} and `registerGpujsBackend`. */
export interface GpujsBackendOptions {
  /** The gpu.js mode to ask for (default `'gpu'`: the best one available). */
  mode?: GpujsMode;
  /** The backend's name (default `'gpujs'`). */
  name?: string;
  /** Throw instead of falling back when `mode` is unavailable (default false). */
  strict?: boolean;
  /** Compiled kernels kept (least recently used are destroyed beyond it; default 512). */
  maxCachedKernels?: number;
  /** Skip the one-line console warning on fallback (the reason stays in `info()`). */
  quiet?: boolean;
}

/** Counters for the curious and for tests: how much work crossed the host/device line. */
export interface GpujsStats {
  /** Kernel launches (every op output, plus uploads). */
  kernelRuns: number;
  /** Kernels compiled (cache misses). */
  compiles: number;
  /** Host arrays moved to a GL texture. */
  uploads: number;
  /** Device buffers read back to the host. */
  readbacks: number;
}

/** A kernel's source plus how to call it; built by the kernel table, run by the backend. */
export interface KernelSpec {
  /** The op id, the first part of the compiled-kernel cache key. */
  readonly op: string;
  readonly inputs: readonly TensorInfo[];
  /** Numbers passed as uniforms after the inputs (`p0`, `p1`, ...): attrs that must not recompile. */
  readonly params?: readonly number[];
  readonly outSize: number;
  readonly outDtype: DType;
  /** Lines of the kernel body; `x(k, index)` reads input k at a flat index expression. */
  body(x: (k: number, index: string) => string): string[];
}

/** What the kernel table needs from the backend. */
export interface KernelHost {
  run(spec: KernelSpec): DataId;
  /** Host values of a buffer (reads back from the device when needed). */
  values(info: TensorInfo): TypedArray;
  /** A buffer made from host values. */
  fromHost(values: TypedArray, dtype: DType): DataId;
  /** Frees an intermediate buffer a kernel made for itself. */
  dispose(dataId: DataId): void;
  readonly mode: GpujsActualMode;
}

type RunShortcut = ((...args: unknown[]) => unknown) & {
  kernel?: { constructor: { mode?: string }; fallbackReason?: string | null };
  destroy?: (removeCanvasReferences?: boolean) => void;
};

interface Compiled {
  run: RunShortcut;
  checked: boolean;
}

const DUMMY = new Float32Array(1);

/**
 * tsgrad's gpu.js backend. Tensors live on the device (GL textures in GL modes, float32 arrays
 * in cpu/webasm modes) between ops; values come back only through `read` / `readSync`. Every
 * kernel id of the CPU backend is implemented as a generated gpu.js kernel (flat 1-D output,
 * literal loop bounds, `pipeline` + `immutable`, single precision), compiled once per op, shapes
 * and input kinds and cached.
 *
 * @throws {BackendError} in `strict` mode when the requested gpu.js mode is unavailable.
 * @example
 * const backend = new GpujsBackend({ mode: 'webasm' });
 * registerBackend(backend.name, () => backend, 2);
 */
export class GpujsBackend implements Backend {
  readonly name: string;
  readonly kernels: Readonly<Record<string, Kernel | undefined>>;
  /** Synchronous reads work in every mode this backend drives (GL readPixels is synchronous). */
  readonly readSync: (dataId: DataId) => TypedArray;
  readonly choice: ModeChoice;
  readonly stats: GpujsStats = { kernelRuns: 0, compiles: 0, uploads: 0, readbacks: 0 };
  private readonly gpu: GPU;
  private readonly cache = new Map<string, Compiled>();
  private readonly maxCached: number;
  private readonly live = { numBuffers: 0, numBytes: 0 };
  private readonly kernelFallbacks = new Map<string, string>();
  private readonly quiet: boolean;

  constructor(options: GpujsBackendOptions = {}) {
    this.name = options.name ?? 'gpujs';
    this.quiet = options.quiet ?? false;
    this.maxCached = options.maxCachedKernels ?? 512;
    this.choice = chooseMode(options.mode ?? 'gpu');
    if (this.choice.fallbackReason) {
      const msg = `requested mode '${this.choice.requestedMode}' is unavailable (${this.choice.fallbackReason}); using '${this.choice.mode}'`;
      if (options.strict) throw new BackendError('backend-gpujs', msg);
      if (!this.quiet) console.warn(`backend-gpujs: ${msg}`);
    }
    this.gpu = new GPU({ mode: this.choice.mode });
    for (const src of HELPERS)
      this.gpu.addFunction(src as never, {
        argumentTypes: helperArgTypes(src),
        returnType: 'Number',
      });
    this.readSync = (dataId) => this.readValues(dataId as GpujsData);
    const host: KernelHost = {
      run: (spec) => this.run(spec),
      values: (info) => this.readValues(info.dataId as GpujsData),
      fromHost: (values, dtype) => this.write(values, dtype),
      dispose: (dataId) => this.dispose(dataId),
      mode: this.choice.mode,
    };
    this.kernels = makeKernels(host);
  }

  /** The gpu.js mode in use. */
  get mode(): GpujsActualMode {
    return this.choice.mode;
  }

  write(values: TypedArray, dtype: DType): DataId {
    if (dtype === 'float64' || values instanceof Float64Array) {
      throw new DTypeError(
        'backend-gpujs',
        'float64 is not supported on the GPU; use the cpu backend for gradient checks',
      );
    }
    return this.track(new GpujsData(this.name, dtype, values.length, null, values));
  }

  async read(dataId: DataId): Promise<TypedArray> {
    return this.readValues(dataId as GpujsData);
  }

  dispose(dataId: DataId): void {
    const d = dataId as GpujsData;
    if (d.disposed) return;
    d.disposed = true;
    if (d.device && isTexture(d.device)) d.device.delete();
    d.device = null;
    d.host = null;
    this.live.numBuffers--;
    this.live.numBytes -= d.size * 4;
  }

  memory(): BackendMemory {
    return { ...this.live };
  }

  /** Mode in use, the mode asked for, why they differ, and per-kernel gpu.js fallbacks. */
  info(): Record<string, unknown> {
    return {
      mode: this.choice.mode,
      requestedMode: this.choice.requestedMode,
      fallbackReason: this.choice.fallbackReason,
      kernelFallbacks: Object.fromEntries(this.kernelFallbacks),
      cachedKernels: this.cache.size,
      ...this.stats,
    };
  }

  /** Destroys the compiled kernels and the gpu.js instance. Buffers already made become unusable. */
  destroy(): void {
    for (const c of this.cache.values()) c.run.destroy?.();
    this.cache.clear();
    void this.gpu.destroy();
  }

  // ---- internals -----------------------------------------------------------------------------

  private track(d: GpujsData): GpujsData {
    this.live.numBuffers++;
    this.live.numBytes += d.size * 4;
    return d;
  }

  private readValues(d: GpujsData): TypedArray {
    if (d.disposed) throw new BackendError('backend-gpujs', 'read of a disposed buffer');
    if (d.host) return d.host;
    const dev = d.device!;
    let floats: Float32Array;
    if (dev instanceof Float32Array) {
      floats = dev;
    } else {
      this.stats.readbacks++;
      const arr = dev.toArray() as Float32Array | number[];
      floats = arr instanceof Float32Array ? arr : Float32Array.from(arr);
      if (floats.length !== d.size) floats = floats.subarray(0, d.size);
    }
    d.host = toDTypeArray(floats, d.dtype);
    return d.host;
  }

  /** The value to pass to a kernel for a buffer: its texture / float array, uploaded on first use. */
  private deviceOf(d: GpujsData): DeviceValue {
    if (d.disposed) throw new BackendError('backend-gpujs', 'a kernel input was disposed');
    if (d.size === 0) return DUMMY;
    if (d.device) return d.device;
    const host = d.host!;
    const floats = host instanceof Float32Array ? host : Float32Array.from(host);
    if (!isGlMode(this.choice.mode)) {
      d.device = floats;
      return floats;
    }
    // In GL modes a host array passed straight to a kernel is re-uploaded on every call; one
    // copy kernel turns it into a texture that stays on the device.
    this.stats.uploads++;
    const src = kernelSource(1, 0, ['return x0[this.thread.x];']);
    d.device = this.launch(`upload|${d.size}|${src}`, src, d.size, [floats]);
    return d.device;
  }

  private compile(key: string, source: string, outSize: number): Compiled {
    let c = this.cache.get(key);
    if (c) {
      // Refresh its place in the LRU order.
      this.cache.delete(key);
      this.cache.set(key, c);
      return c;
    }
    this.stats.compiles++;
    const run = this.gpu.createKernel(source, {
      output: [outSize],
      pipeline: true,
      immutable: true,
      precision: 'single',
      tactic: 'precision',
    } as never) as unknown as RunShortcut;
    c = { run, checked: false };
    this.cache.set(key, c);
    if (this.cache.size > this.maxCached) {
      const [oldKey, old] = this.cache.entries().next().value as [string, Compiled];
      this.cache.delete(oldKey);
      old.run.destroy?.();
    }
    return c;
  }

  private launch(key: string, source: string, outSize: number, args: unknown[]): DeviceValue {
    const c = this.compile(key, source, outSize);
    this.stats.kernelRuns++;
    const out = c.run(...args) as DeviceValue;
    if (!c.checked) {
      c.checked = true;
      const k = c.run.kernel;
      if (k && this.choice.mode !== 'cpu' && k.constructor.mode === 'cpu') {
        const reason = k.fallbackReason ?? 'gpu.js fell back to its cpu backend';
        const name = key.slice(0, key.indexOf('|'));
        if (!this.kernelFallbacks.has(name)) {
          this.kernelFallbacks.set(name, reason);
          if (!this.quiet)
            console.warn(`backend-gpujs: kernel '${name}' runs in gpu.js cpu mode: ${reason}`);
        }
      }
    }
    return out;
  }

  run(spec: KernelSpec): DataId {
    const { inputs, outSize, outDtype } = spec;
    const params = spec.params ?? [];
    if (outSize === 0)
      return this.track(
        new GpujsData(
          this.name,
          outDtype,
          0,
          new Float32Array(0),
          toDTypeArray(new Float32Array(0), outDtype),
        ),
      );
    const datas = inputs.map((t) => t.dataId as GpujsData);
    // One-element inputs known on the host go in as uniforms: no texture, no upload.
    const scalar = datas.map((d) => d.size === 1 && d.host !== null);
    const body = spec.body((k, index) => (scalar[k] ? `x${k}` : `x${k}[${index}]`));
    const source = kernelSource(inputs.length, params.length, body);
    const key = `${spec.op}|${outSize}|${scalar.map((s) => (s ? 's' : 'a')).join('')}|${datas.map((d) => d.size).join(',')}|${source}`;
    const args: unknown[] = datas.map((d, k) =>
      scalar[k] ? Number(d.host![0]) : this.deviceOf(d),
    );
    for (const p of params) args.push(p);
    const device = this.launch(key, source, outSize, args);
    return this.track(new GpujsData(this.name, outDtype, outSize, device, null));
  }
}

function helperArgTypes(src: string): string[] {
  const m = /\(([^)]*)\)/.exec(src);
  const n = m?.[1].trim() ? m[1].split(',').length : 0;
  return new Array(n).fill('Number');
}
