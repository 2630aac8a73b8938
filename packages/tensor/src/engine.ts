import type { Backend, BackendMemory, DataId, TensorInfo } from './backend.js';
import { type DType, bytesPerElement, isFloat } from './dtype.js';
import { BackendError, DisposedError, GradientError } from './errors.js';
import { sizeOf } from './shape.js';
import { Tensor } from './tensor.js';
import type { OpDef } from './op.js';
import { CpuBackend } from './backends/cpu/index.js';

/** How a tensor was made, kept only while recording gradients. */
export interface GradNode {
  readonly op: OpDef<any>;
  readonly inputs: readonly Tensor[];
  readonly attrs: any;
}

interface Scope {
  readonly tracked: Set<Tensor>;
  readonly name: string;
}

/** Minimal shape of Node's AsyncLocalStorage, found at run time so browsers never import it. */
interface AsyncStore<T> {
  getStore(): T | undefined;
  run<R>(store: T, fn: () => R): R;
}

function findAsyncLocalStorage(): AsyncStore<Scope[]> | undefined {
  const proc = (globalThis as any).process;
  try {
    const mod = proc?.getBuiltinModule?.('node:async_hooks');
    if (mod?.AsyncLocalStorage) return new mod.AsyncLocalStorage();
  } catch {
    // Not Node, or an old Node: fall back to a plain stack (documented on `scope`).
  }
  return undefined;
}

/** Backend factories are registered up front; the backend is made on first use. */
type BackendFactory = () => Backend;

interface Registered {
  factory: BackendFactory;
  priority: number;
  instance?: Backend;
}

/** What the finalizer releases for a tensor that was garbage-collected undisposed. */
export interface Held {
  dataId: DataId;
  readonly bytes: number;
}

/** Per-backend counts the engine keeps for `memory()`. */
interface Counts {
  numTensors: number;
  numBytes: number;
}

/**
 * The single path every op takes (validate → kernel → record), plus the backend registry,
 * reference-counted storage, scopes and memory accounting. One per loaded copy of the package.
 */
export class Engine {
  private readonly registry = new Map<string, Registered>();
  private current: Backend | undefined;
  private readonly refCounts = new WeakMap<DataId, number>();
  private readonly counts = new Map<string, Counts>();
  private readonly als = findAsyncLocalStorage();
  private readonly scopeStack: Scope[] = [];
  private nextId = 0;
  /** Whether ops record how they were made, for backward. Toggled by `noGrad` / `enableGrad`. */
  gradEnabled = true;
  /**
   * Safety net: storage of tensors that were never disposed is released when they are garbage
   * collected. Matters for GPU backends; on the CPU it only keeps `memory()` honest.
   *
   * Only tensors no scope holds are registered: a scope keeps its tensors reachable and
   * disposes them when it ends, so a finalizer could never run for them. A tensor is
   * registered when it is made outside any scope, survives the outermost one, or is kept; in
   * a training step inside `scope` that is only what the step returns. Registering allocates
   * (a weak cell and the held record), and the GC has to process every weak cell, so this
   * keeps both out of the per-op cost.
   */
  private readonly finalizer =
    typeof FinalizationRegistry === 'undefined'
      ? undefined
      : new FinalizationRegistry<Held>((held) => {
          this.release(held.dataId, held.bytes);
        });

  registerBackend(name: string, factory: BackendFactory, priority = 1): void {
    if (this.registry.has(name)) {
      const old = this.registry.get(name)!;
      if (old.instance && this.current === old.instance) this.current = undefined;
    }
    this.registry.set(name, { factory, priority });
  }

  removeBackend(name: string): void {
    const reg = this.registry.get(name);
    if (reg?.instance && this.current === reg.instance) this.current = undefined;
    this.registry.delete(name);
  }

  backendNames(): string[] {
    return [...this.registry.keys()];
  }

  findBackend(name: string): Backend {
    const reg = this.registry.get(name);
    if (!reg) {
      throw new BackendError(
        'setBackend',
        `no backend named '${name}' is registered (registered: ${this.backendNames().join(', ') || 'none'})`,
      );
    }
    reg.instance ??= reg.factory();
    return reg.instance;
  }

  setBackend(name: string): Backend {
    this.current = this.findBackend(name);
    return this.current;
  }

  get backend(): Backend {
    if (!this.current) {
      const best = [...this.registry.entries()].sort((a, b) => b[1].priority - a[1].priority)[0];
      if (!best) throw new BackendError('getBackend', 'no backend is registered');
      this.current = this.findBackend(best[0]);
    }
    return this.current;
  }

  // ---- tensors and storage ------------------------------------------------------------------

  /** Wraps a buffer in a new tensor, taking one reference to it. */
  makeTensor(dataId: DataId, shape: readonly number[], dtype: DType, backend: Backend): Tensor {
    const size = sizeOf(shape);
    const t = new Tensor(this.nextId++, dataId, shape, dtype, size, backend);
    this.retain(dataId);
    const c = this.countsFor(backend.name);
    c.numTensors++;
    c.numBytes += size * bytesPerElement(dtype);
    if (!this.track(t)) this.protect(t);
    return t;
  }

  /** Registers `t` with the finalizer (once), for when no scope holds it any more. */
  private protect(t: Tensor): void {
    if (!this.finalizer || t._held || t.isDisposed) return;
    const held: Held = { dataId: t.dataId, bytes: t.size * bytesPerElement(t.dtype) };
    t._held = held;
    this.finalizer.register(t, held, t);
  }

  private countsFor(name: string): Counts {
    let c = this.counts.get(name);
    if (!c) this.counts.set(name, (c = { numTensors: 0, numBytes: 0 }));
    return c;
  }

  private retain(dataId: DataId): void {
    this.refCounts.set(dataId, (this.refCounts.get(dataId) ?? 0) + 1);
  }

  private release(dataId: DataId, bytes: number): void {
    const c = this.countsFor(dataId.backend);
    c.numTensors--;
    c.numBytes -= bytes;
    const n = (this.refCounts.get(dataId) ?? 1) - 1;
    if (n > 0) {
      this.refCounts.set(dataId, n);
      return;
    }
    this.refCounts.delete(dataId);
    this.registry.get(dataId.backend)?.instance?.dispose(dataId);
  }

  disposeTensor(t: Tensor): void {
    if (t.isDisposed) return;
    if (t._held) {
      this.finalizer?.unregister(t);
      t._held = null;
    }
    const bytes = t.size * bytesPerElement(t.dtype);
    const dataId = t.dataId;
    t._markDisposed();
    this.release(dataId, bytes);
  }

  /** Points `target` at `source`'s storage (used by `Tensor.assign`). */
  swapStorage(target: Tensor, source: Tensor): void {
    const oldId = target.dataId;
    const bytes = target.size * bytesPerElement(target.dtype);
    this.retain(source.dataId);
    target._setDataId(source.dataId, source.backend);
    // A registered tensor's record is what its finalizer will release: point it at the new
    // storage rather than register again.
    if (target._held) target._held.dataId = source.dataId;
    // The count of live tensors is unchanged; release only the old buffer's reference.
    const c = this.countsFor(oldId.backend);
    c.numTensors++;
    c.numBytes += bytes;
    this.release(oldId, bytes);
  }

  info(t: Tensor): TensorInfo {
    if (t.isDisposed)
      throw new DisposedError('tensor', `tensor #${t.id} ${JSON.stringify(t.shape)} was disposed`);
    return t;
  }

  /** Brings a tensor's data onto `backend`, copying through the host when it lives elsewhere. */
  onBackend(op: string, t: Tensor, backend: Backend): TensorInfo {
    this.info(t);
    if (t.backend === backend) return t;
    if (!t.backend.readSync) {
      throw new BackendError(
        op,
        `input lives on '${t.backend.name}', which cannot read synchronously; move it first with await t.to('${backend.name}')`,
      );
    }
    const values = t.backend.readSync(t.dataId).slice();
    return { dataId: backend.write(values, t.dtype), shape: t.shape, dtype: t.dtype, size: t.size };
  }

  // ---- running ops --------------------------------------------------------------------------

  /**
   * Runs an op: validate (shape rule) → kernel → record on the tape if gradients are on and an
   * input requires them. The only way an op's output is made.
   */
  run<A>(op: OpDef<A>, inputs: readonly Tensor[], attrs: A): Tensor {
    // An indexed loop and no closures: this runs for every op of every step.
    const backend = this.backend;
    let elsewhere = false;
    for (let i = 0; i < inputs.length; i++) {
      if (inputs[i].isDisposed) this.info(inputs[i]);
      if (inputs[i].backend !== backend) elsewhere = true;
    }
    const { shape, dtype } = op.infer(inputs, attrs);
    const kernel = backend.kernels[op.kernel ?? op.id];
    if (!kernel) {
      throw new BackendError(
        op.id,
        `backend '${backend.name}' has no kernel for '${op.kernel ?? op.id}'`,
      );
    }
    // Tensors are TensorInfos: inputs already on this backend go to the kernel as they are.
    const infos = elsewhere ? inputs.map((t) => this.onBackend(op.id, t, backend)) : inputs;
    const dataId = kernel({ inputs: infos, attrs, outShape: shape, outDtype: dtype });
    const out = this.makeTensor(dataId, shape, dtype, backend);
    if (this.gradEnabled && op.backward && isFloat(dtype) && anyRequiresGrad(inputs)) {
      out._setNode({ op, inputs, attrs });
    }
    return out;
  }

  /** A tensor sharing `t`'s storage under a new shape (free reshape), recorded like an op. */
  view(op: OpDef<any>, t: Tensor, shape: readonly number[], attrs: any): Tensor {
    this.info(t);
    const out = this.makeTensor(t.dataId, shape, t.dtype, t.backend);
    if (this.gradEnabled && op.backward && t.requiresGrad) out._setNode({ op, inputs: [t], attrs });
    return out;
  }

  /** A tensor sharing `value`'s storage, recorded as made from `inputs` by `op`. */
  record(op: OpDef<any>, inputs: readonly Tensor[], value: Tensor): Tensor {
    this.info(value);
    const out = this.makeTensor(value.dataId, value.shape, value.dtype, value.backend);
    if (this.gradEnabled && isFloat(value.dtype) && anyRequiresGrad(inputs))
      out._setNode({ op, inputs, attrs: undefined });
    return out;
  }

  // ---- scopes -------------------------------------------------------------------------------

  private scopes(): Scope[] {
    return this.als ? (this.als.getStore() ?? []) : this.scopeStack;
  }

  /** Adds `t` to the innermost scope; false when there is none. */
  private track(t: Tensor): boolean {
    const s = this.scopes();
    if (s.length === 0) return false;
    s[s.length - 1].tracked.add(t);
    return true;
  }

  /** Removes a tensor from every enclosing scope so it survives them. */
  keep<T extends Tensor>(t: T): T {
    for (const s of this.scopes()) s.tracked.delete(t);
    this.protect(t);
    return t;
  }

  runScope<T>(name: string, fn: () => T): T {
    const scope: Scope = { tracked: new Set(), name };
    const finish = (result: any) => {
      const survivors = new Set<Tensor>();
      collectTensors(result, survivors);
      for (const t of scope.tracked) if (!survivors.has(t)) this.disposeTensor(t);
      // Survivors move to the enclosing scope, so an outer scope still owns them.
      const outer = this.scopes();
      const parent = this.als
        ? outer[outer.length - 1]
        : this.scopeStack[this.scopeStack.length - 1];
      for (const t of survivors) {
        if (!scope.tracked.has(t)) continue;
        if (parent) parent.tracked.add(t);
        else this.protect(t);
      }
      return result;
    };
    if (this.als) {
      const stack = [...(this.als.getStore() ?? []), scope];
      let result: T;
      try {
        result = this.als.run(stack, fn);
      } catch (e) {
        finish(undefined);
        throw e;
      }
      if (isPromise(result)) {
        return result.then(finish, (e) => {
          finish(undefined);
          throw e;
        }) as T;
      }
      return finish(result);
    }
    this.scopeStack.push(scope);
    let result: T;
    try {
      result = fn();
    } catch (e) {
      this.popScope(scope);
      finish(undefined);
      throw e;
    }
    if (isPromise(result)) {
      // Without AsyncLocalStorage (browsers), an async scope stays innermost until it settles.
      return result.then(
        (v) => {
          this.popScope(scope);
          return finish(v);
        },
        (e) => {
          this.popScope(scope);
          finish(undefined);
          throw e;
        },
      ) as T;
    }
    this.popScope(scope);
    return finish(result);
  }

  private popScope(scope: Scope): void {
    const i = this.scopeStack.lastIndexOf(scope);
    if (i >= 0) this.scopeStack.splice(i, 1);
  }

  memory(): MemoryInfo {
    const backends: Record<string, BackendMemory & Counts> = {};
    let numTensors = 0;
    let numBytes = 0;
    for (const [name, reg] of this.registry) {
      const c = this.counts.get(name) ?? { numTensors: 0, numBytes: 0 };
      const m = reg.instance?.memory() ?? { numBuffers: 0, numBytes: 0 };
      backends[name] = { numTensors: c.numTensors, numBytes: c.numBytes, numBuffers: m.numBuffers };
      numTensors += c.numTensors;
      numBytes += c.numBytes;
    }
    return { numTensors, numBytes, backends };
  }

  assertGradNode(t: Tensor): void {
    if (!t.requiresGrad) throw new GradientError('backward', 'tensor does not require grad');
  }
}

/** Live tensors and bytes, overall and per backend. `numBuffers` counts storage actually held. */
export interface MemoryInfo {
  numTensors: number;
  numBytes: number;
  backends: Record<string, { numTensors: number; numBytes: number; numBuffers: number }>;
}

function anyRequiresGrad(ts: readonly Tensor[]): boolean {
  for (let i = 0; i < ts.length; i++) if (ts[i].requiresGrad) return true;
  return false;
}

function isPromise(v: unknown): v is Promise<unknown> {
  return typeof v === 'object' && v !== null && typeof (v as any).then === 'function';
}

function collectTensors(v: unknown, out: Set<Tensor>, depth = 0): void {
  if (depth > 8 || v === null || typeof v !== 'object') return;
  if (v instanceof Tensor) {
    out.add(v);
    return;
  }
  if (Array.isArray(v)) for (const x of v) collectTensors(x, out, depth + 1);
  else if (v instanceof Map) for (const x of v.values()) collectTensors(x, out, depth + 1);
  else if (Object.getPrototypeOf(v) === Object.prototype)
    for (const x of Object.values(v)) collectTensors(x, out, depth + 1);
}

export const ENGINE = new Engine();
// The reference backend is always there; registering it here (not in a module with only that
// side effect) keeps it when bundlers tree-shake.
ENGINE.registerBackend('cpu', () => new CpuBackend(), 1);
