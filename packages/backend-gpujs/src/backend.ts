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
import { type DeviceValue, GpujsData, type Producer, isTexture, toDTypeArray } from './data.js';
import { makeKernels } from './kernels/index.js';
import { HELPERS } from './math.js';
import {
  type GpujsActualMode,
  type GpujsMode,
  type ModeChoice,
  chooseMode,
  isDeviceMode,
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
  /** Host arrays moved to a GL texture or WebGPU buffer. */
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
  /** Host values of a buffer (reads back from the device when needed; not in webgpu mode). */
  values(info: TensorInfo): TypedArray;
  /** A buffer made from host values. */
  fromHost(values: TypedArray, dtype: DType): DataId;
  /** Frees an intermediate buffer a kernel made for itself. */
  dispose(dataId: DataId): void;
  /** A buffer that reads `size` elements of `info`'s storage from `offset` on: no copy. */
  view(info: TensorInfo, offset: number, size: number): DataId;
  /** The values of a buffer when they are on the host already (no readback), else null. */
  hostValues(info: TensorInfo): TypedArray | null;
  readonly mode: GpujsActualMode;
}

interface GpujsKernel {
  constructor: { mode?: string };
  fallbackReason?: string | null;
}

type RunShortcut = ((...args: unknown[]) => unknown) & {
  kernel?: GpujsKernel;
  destroy?: (removeCanvasReferences?: boolean) => void;
};

interface Compiled extends Producer {
  readonly key: string;
  readonly run: RunShortcut;
  checked: boolean;
}

/** GL or WebGPU objects made and not yet freed, counted by wrapping the context's calls. */
interface LiveCounter {
  live: number;
  readonly seen: WeakSet<object>;
}

const DUMMY = new Float32Array(1);

/** Float32 holds integers exactly up to 2^24: the flat index limit of device kernels. */
const MAX_DEVICE_ELEMENTS = 2 ** 24;

/**
 * tsgrad's gpu.js backend. Tensors live on the device (GL textures in GL modes, WebGPU buffers
 * in webgpu mode, float32 arrays in cpu/webasm modes) between ops; values come back only through
 * `read` / `readSync`. Every kernel id of the CPU backend is implemented as a generated gpu.js
 * kernel (flat 1-D output, literal loop bounds, `pipeline` + `immutable`, single precision),
 * compiled once per op, shapes and input kinds and cached.
 *
 * In webgpu mode gpu.js kernels are asynchronous, so ops are queued: each returns at once, the
 * queue runs in order, and `read` waits for it. `readSync` is absent there (use `await
 * t.data()`), and errors of a kernel surface when its result (or something made from it) is read.
 *
 * @throws {BackendError} in `strict` mode when the requested gpu.js mode is unavailable.
 * @example
 * const backend = new GpujsBackend({ mode: 'webasm' });
 * registerBackend(backend.name, () => backend, 2);
 */
export class GpujsBackend implements Backend {
  readonly name: string;
  readonly kernels: Readonly<Record<string, Kernel | undefined>>;
  /** Synchronous reads: every mode but webgpu (GL readPixels is synchronous). */
  readonly readSync?: (dataId: DataId) => TypedArray;
  readonly choice: ModeChoice;
  readonly stats: GpujsStats = { kernelRuns: 0, compiles: 0, uploads: 0, readbacks: 0 };
  private readonly gpu: GPU;
  private readonly cache = new Map<string, Compiled>();
  private readonly maxCached: number;
  private readonly live = { numBuffers: 0, numBytes: 0 };
  private readonly kernelFallbacks = new Map<string, string>();
  private readonly quiet: boolean;
  private readonly queued: boolean;
  /** webgpu: the tail of the kernel queue. */
  private tail: Promise<void> = Promise.resolve();
  /** GL textures or WebGPU buffers alive, once the context / device has been seen. */
  private readonly objects: LiveCounter = { live: 0, seen: new WeakSet() };
  private counting = false;
  /** Kernels evicted from the cache whose outputs are still alive. */
  private readonly retired = new Set<Compiled>();

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
    this.queued = this.choice.mode === 'webgpu';
    this.gpu = new GPU({ mode: this.choice.mode });
    for (const src of HELPERS)
      this.gpu.addFunction(src as never, {
        argumentTypes: helperArgTypes(src),
        returnType: 'Number',
      });
    if (!this.queued) this.readSync = (dataId) => this.readValues(dataId as GpujsData);
    const host: KernelHost = {
      run: (spec) => this.run(spec),
      values: (info) => this.readValues(info.dataId as GpujsData),
      fromHost: (values, dtype) => this.write(values, dtype),
      dispose: (dataId) => this.dispose(dataId),
      view: (info, offset, size) => this.viewOf(info.dataId as GpujsData, info.dtype, offset, size),
      hostValues: (info) => this.hostValues(info.dataId as GpujsData),
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
    const d = dataId as GpujsData;
    if (!this.queued) return this.readValues(d);
    if (d.disposed) throw new BackendError('backend-gpujs', 'read of a disposed buffer');
    if (d.host) return d.host;
    if (d.base) {
      const all = await this.readBase(d.base);
      d.host = all.subarray(d.offset, d.offset + d.size);
      return d.host;
    }
    // The copy to a staging buffer is submitted from the queue, so a dispose queued after this
    // read cannot free the buffer first.
    const arr = await new Promise<Float32Array>((resolve, reject) => {
      this.enqueue(null, () => {
        if (d.error) return reject(d.error);
        if (!d.device) return reject(new BackendError('backend-gpujs', 'read of a freed buffer'));
        this.stats.readbacks++;
        (d.device as { toArray(): Promise<Float32Array> }).toArray().then(resolve, reject);
      });
    });
    if (d.host) return d.host;
    const floats = arr.length === d.size ? arr : arr.subarray(0, d.size);
    d.host = toDTypeArray(floats, d.dtype);
    return d.host;
  }

  dispose(dataId: DataId): void {
    const d = dataId as GpujsData;
    if (d.disposed) return;
    d.disposed = true;
    this.live.numBuffers--;
    this.live.numBytes -= d.size * 4;
    if (d.base) {
      const base = d.base;
      d.base = null;
      d.host = null;
      base.views--;
      if (base.disposed && base.views === 0) this.freeStorage(base);
      return;
    }
    // Views still read its storage: freed when the last of them goes.
    if (d.views === 0) this.freeStorage(d);
  }

  /** Frees a buffer's texture / GPU buffer (after the queued kernels, in webgpu mode). */
  private freeStorage(d: GpujsData): void {
    d.host = null;
    const free = () => {
      if (d.device && isTexture(d.device)) d.device.delete();
      d.device = null;
      if (d.producer) this.release(d.producer as Compiled);
    };
    // Queued kernels may still read it: free it after them.
    if (this.queued && (d.ready || d.device)) this.enqueue(null, free);
    else free();
  }

  /** A view of `size` elements of `src` from `offset` (views of views read the same base). */
  /** A view of `length` elements from `offset` (see Backend.view): no copy, no launch. */
  view(dataId: DataId, offset: number, length: number, dtype: DType): DataId {
    return this.viewOf(dataId as GpujsData, dtype, offset, length);
  }

  private viewOf(src: GpujsData, dtype: DType, offset: number, size: number): GpujsData {
    const base = src.base ?? src;
    const v = this.track(new GpujsData(this.name, dtype, size, null, null));
    v.base = base;
    v.offset = src.offset + offset;
    base.views++;
    return v;
  }

  private hostValues(d: GpujsData): TypedArray | null {
    if (d.host) return d.host;
    if (d.base?.host) {
      d.host = d.base.host.subarray(d.offset, d.offset + d.size);
      return d.host;
    }
    return null;
  }

  /** webgpu: the values of a view's base (which may be disposed but kept for its views). */
  private async readBase(base: GpujsData): Promise<TypedArray> {
    if (base.host) return base.host;
    const wasDisposed = base.disposed;
    base.disposed = false;
    try {
      return await this.read(base);
    } finally {
      base.disposed = wasDisposed;
    }
  }

  memory(): BackendMemory {
    return { ...this.live };
  }

  /**
   * Mode in use, the mode asked for, why they differ, per-kernel gpu.js fallbacks, and the
   * counters. `textures` (GL) / `deviceBuffers` (webgpu): the GL textures or GPU buffers gpu.js
   * holds (tensor data plus each compiled kernel's own), counted from the first compile on.
   */
  info(): Record<string, unknown> {
    const objects = isGlMode(this.choice.mode)
      ? { textures: this.objects.live }
      : this.queued
        ? { deviceBuffers: this.objects.live }
        : {};
    return {
      mode: this.choice.mode,
      requestedMode: this.choice.requestedMode,
      fallbackReason: this.choice.fallbackReason,
      kernelFallbacks: Object.fromEntries(this.kernelFallbacks),
      cachedKernels: this.cache.size,
      ...objects,
      ...this.stats,
    };
  }

  /** Waits until every queued kernel has run (webgpu; resolves at once elsewhere). */
  async flush(): Promise<void> {
    await this.tail;
  }

  /** Destroys the compiled kernels and the gpu.js instance. Buffers already made become unusable. */
  destroy(): void {
    const all = [...this.cache.values(), ...this.retired];
    this.cache.clear();
    this.retired.clear();
    const go = () => {
      for (const c of all) c.run.destroy?.();
      void this.gpu.destroy();
    };
    if (this.queued) this.enqueue(null, go);
    else go();
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
    if (d.base) {
      // The base may be disposed already (its storage lives on for its views).
      const base = d.base;
      const wasDisposed = base.disposed;
      base.disposed = false;
      try {
        d.host = this.readValues(base).subarray(d.offset, d.offset + d.size);
      } finally {
        base.disposed = wasDisposed;
      }
      return d.host;
    }
    if (this.queued)
      throw new BackendError('backend-gpujs', 'webgpu reads are asynchronous; use await t.data()');
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

  /** Appends a task to the webgpu queue; its result becomes `out.device` (or `out.error`). */
  private enqueue(out: GpujsData | null, task: () => unknown): void {
    const p = this.tail.then(async () => {
      try {
        const v = await task();
        if (out) out.device = v as DeviceValue;
      } catch (e) {
        if (out) out.error = e;
        else if (!this.quiet) console.warn(`backend-gpujs: a queued webgpu task failed: ${e}`);
      }
    });
    this.tail = p;
    if (out) out.ready = p;
  }

  /**
   * The value to pass to a kernel for an input: its texture / buffer / float array. A host array
   * is uploaded on first use (one copy kernel, so it is not re-sent on every call).
   */
  private deviceOf(d: GpujsData): DeviceValue | null {
    if (d.disposed && d.views === 0)
      throw new BackendError('backend-gpujs', 'a kernel input was disposed');
    if (d.size === 0) return DUMMY;
    if (d.device || d.ready) return d.device;
    const host = d.host!;
    const floats = host instanceof Float32Array ? host : Float32Array.from(host);
    if (!isDeviceMode(this.choice.mode)) {
      d.device = floats;
      return floats;
    }
    this.stats.uploads++;
    const src = kernelSource(1, 0, ['return x0[this.thread.x];']);
    const c = this.compile(`upload|${d.size}|${src}`, src, d.size);
    d.producer = c;
    c.live++;
    if (this.queued) {
      this.enqueue(d, () => this.launch(c, [floats]));
      return null;
    }
    d.device = this.launch(c, [floats]) as DeviceValue;
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
    c = { key, run, checked: false, live: 0, evicted: false };
    this.cache.set(key, c);
    if (isGlMode(this.choice.mode)) this.countTextures();
    if (this.cache.size > this.maxCached) {
      const [oldKey, old] = this.cache.entries().next().value as [string, Compiled];
      this.cache.delete(oldKey);
      old.evicted = true;
      // gpu.js deletes every texture a kernel made when it is destroyed, outputs still in use
      // included: destroy it only once none of its outputs is alive.
      if (old.live === 0) this.destroyKernel(old);
      else this.retired.add(old);
    }
    return c;
  }

  private release(c: Compiled): void {
    c.live--;
    if (c.evicted && c.live === 0) {
      this.retired.delete(c);
      this.destroyKernel(c);
    }
  }

  private destroyKernel(c: Compiled): void {
    if (this.queued) this.enqueue(null, () => c.run.destroy?.());
    else c.run.destroy?.();
  }

  /** Counts GL textures by wrapping the shared context's create/delete (once it exists). */
  private countTextures(): void {
    if (this.counting) return;
    const gl = (this.gpu as unknown as { context?: Record<string, (...a: unknown[]) => unknown> })
      .context;
    if (!gl || typeof gl.createTexture !== 'function') return;
    this.counting = true;
    this.wrapLive(gl, 'createTexture', 'deleteTexture');
  }

  /** webgpu: counts GPU buffers of the device gpu.js acquired (seen after the first build). */
  private countBuffers(kernel: unknown): void {
    if (this.counting) return;
    const device = (kernel as { _device?: Record<string, (...a: unknown[]) => unknown> })._device;
    if (!device) return;
    this.counting = true;
    const objects = this.objects;
    const create = device.createBuffer.bind(device);
    device.createBuffer = (...args: unknown[]) => {
      const b = create(...args) as Record<string, (...a: unknown[]) => unknown> & object;
      objects.seen.add(b);
      objects.live++;
      const destroy = b.destroy.bind(b);
      b.destroy = () => {
        if (objects.seen.delete(b)) objects.live--;
        return destroy();
      };
      return b;
    };
  }

  private wrapLive(
    target: Record<string, (...a: unknown[]) => unknown>,
    create: string,
    remove: string,
  ): void {
    const objects = this.objects;
    const make = target[create].bind(target);
    const free = target[remove].bind(target);
    target[create] = (...args: unknown[]) => {
      const o = make(...args) as object;
      if (o) {
        objects.seen.add(o);
        objects.live++;
      }
      return o;
    };
    target[remove] = (o: unknown) => {
      if (o && objects.seen.delete(o as object)) objects.live--;
      return free(o);
    };
  }

  private launch(c: Compiled, args: unknown[]): unknown {
    this.stats.kernelRuns++;
    const out = c.run(...args);
    if (!c.checked) {
      if (this.queued) {
        return (out as Promise<unknown>).then((v) => {
          this.checkKernel(c);
          this.countBuffers(c.run.kernel);
          return v;
        });
      }
      this.checkKernel(c);
    }
    return out;
  }

  /** Reports a kernel gpu.js moved to its cpu mode (once per op). */
  private checkKernel(c: Compiled): void {
    c.checked = true;
    const k = c.run.kernel;
    if (k && this.choice.mode !== 'cpu' && k.constructor.mode === 'cpu') {
      const reason = k.fallbackReason ?? 'gpu.js fell back to its cpu backend';
      const name = c.key.slice(0, c.key.indexOf('|'));
      if (!this.kernelFallbacks.has(name)) {
        this.kernelFallbacks.set(name, reason);
        if (!this.quiet)
          console.warn(`backend-gpujs: kernel '${name}' runs in gpu.js cpu mode: ${reason}`);
      }
    }
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
    // A view is read as its base at an offset: one more term in the index, no copy.
    const given = inputs.map((t) => t.dataId as GpujsData);
    const datas = given.map((d) => (d.base && d.size > 0 ? d.base : d));
    const offsets = given.map((d) => (d.base && d.size > 0 ? d.offset : 0));
    if (isDeviceMode(this.choice.mode)) {
      const big = [outSize, ...datas.map((d) => d.size)].find((n) => n > MAX_DEVICE_ELEMENTS);
      if (big !== undefined)
        throw new BackendError(
          spec.op,
          `backend-gpujs (${this.choice.mode}): a tensor of ${big} elements is beyond the 2^24 (${MAX_DEVICE_ELEMENTS}) that float32 indices address exactly; input shapes ${inputs.map((t) => `[${t.shape}]`).join(', ')}`,
        );
    }
    // One-element inputs known on the host go in as uniforms: no texture, no upload.
    const scalar = datas.map((d, k) => d.size === 1 && d.host !== null && offsets[k] === 0);
    const body = spec.body((k, index) =>
      scalar[k] ? `x${k}` : offsets[k] ? `x${k}[${offsets[k]} + ${index}]` : `x${k}[${index}]`,
    );
    const source = kernelSource(inputs.length, params.length, body);
    const key = `${spec.op}|${outSize}|${scalar.map((s) => (s ? 's' : 'a')).join('')}|${datas.map((d) => d.size).join(',')}|${source}`;
    const hostArgs = datas.map((d, k) => (scalar[k] ? Number(d.host![0]) : null));
    const devices = datas.map((d, k) => (scalar[k] ? null : this.deviceOf(d)));
    const c = this.compile(key, source, outSize);
    const out = this.track(new GpujsData(this.name, outDtype, outSize, null, null));
    out.producer = c;
    c.live++;
    if (!this.queued) {
      out.device = this.launch(c, [
        ...devices.map((v, k) => v ?? hostArgs[k]),
        ...params,
      ]) as DeviceValue;
      return out;
    }
    // webgpu: inputs made by earlier queued kernels are ready when this task runs (FIFO).
    this.enqueue(out, () => {
      const failed = datas.find((d) => d.error);
      if (failed) throw failed.error;
      const args = datas.map((d, k) => (scalar[k] ? hostArgs[k] : d.size === 0 ? DUMMY : d.device));
      return this.launch(c, [...args, ...params]);
    });
    return out;
  }
}

function helperArgTypes(src: string): string[] {
  const m = /\(([^)]*)\)/.exec(src);
  const n = m?.[1].trim() ? m[1].split(',').length : 0;
  return new Array(n).fill('Number');
}
