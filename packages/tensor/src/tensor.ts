import type { Backend, DataId, TensorInfo } from './backend.js';
import { type DType, type TypedArray, isFloat } from './dtype.js';
import { ENGINE, type GradNode, type Held } from './engine.js';
import { BackendError, DTypeError, GradientError, ShapeError, formatShape } from './errors.js';
import { formatTensor } from './format.js';
import { shapesEqual } from './shape.js';

/** A nested array of numbers or booleans, as returned by `toArray()`. */
export type NestedArray = number | boolean | NestedArray[];

/** Implemented by `@tsgrad/autograd`; tensor itself never runs backward passes. */
export interface GradientEngine {
  backward(t: Tensor, grad?: Tensor): void;
}

let gradientEngine: GradientEngine | undefined;

/**
 * Installs what `Tensor.backward()` calls. `@tsgrad/autograd` calls this once when it loads;
 * the last registration wins.
 * @example
 * import { registerGradientEngine, tensor } from '@tsgrad/tensor';
 * // A stand-in engine that only records what backward was asked for
 * const calls: number[][] = [];
 * registerGradientEngine({ backward: (t) => void calls.push([...t.shape]) });
 * tensor([1, 2]).requireGrad().backward();
 * calls; // [[2]]
 */
export function registerGradientEngine(engine: GradientEngine): void {
  gradientEngine = engine;
}

/**
 * An immutable n-dimensional array on a backend.
 *
 * Ops never change a tensor; they return new ones. Read values with `await t.data()` (any
 * backend) or `t.dataSync()` (backends that can read synchronously, like the CPU).
 *
 * @example
 * const t = tensor([[1, 2], [3, 4]]);
 * t.shape;          // [2, 2]
 * t.dtype;          // 'float32'
 * t.toArray();      // [[1, 2], [3, 4]]
 */
export class Tensor implements TensorInfo {
  /** A process-unique id, handy in debugging messages. */
  readonly id: number;
  readonly shape: readonly number[];
  readonly dtype: DType;
  /** Number of elements. */
  readonly size: number;
  private _dataId: DataId;
  private _backend: Backend;
  private _disposed = false;
  private _requiresGrad = false;
  private _node: GradNode | null = null;
  /** The accumulated gradient after `backward()`; `null` until then. */
  grad: Tensor | null = null;
  /** Optional name shown in messages (layers name their parameters). */
  name: string | undefined;
  /** @internal The finalizer's record, once registered (see Engine.protect). */
  _held: Held | null = null;

  /** @internal Tensors are made by ops and creation functions, not by `new`. */
  constructor(
    id: number,
    dataId: DataId,
    shape: readonly number[],
    dtype: DType,
    size: number,
    backend: Backend,
  ) {
    this.id = id;
    this._dataId = dataId;
    // Shapes the engine already froze (an input's, passed through by a shape rule) are shared.
    this.shape = Object.isFrozen(shape) ? shape : Object.freeze(shape.slice());
    this.dtype = dtype;
    this.size = size;
    this._backend = backend;
  }

  get rank(): number {
    return this.shape.length;
  }

  get dataId(): DataId {
    return this._dataId;
  }

  /** The backend holding this tensor's data. */
  get backend(): Backend {
    return this._backend;
  }

  get isDisposed(): boolean {
    return this._disposed;
  }

  /** How this tensor was computed, when it was recorded for backward; `null` for leaves. */
  get node(): GradNode | null {
    return this._node;
  }

  /** A leaf that gradients flow into, or a result computed from one. */
  get requiresGrad(): boolean {
    return this._requiresGrad || this._node !== null;
  }

  set requiresGrad(value: boolean) {
    if (this._node !== null) {
      throw new GradientError(
        'requiresGrad',
        'can only be set on leaf tensors; use detach() to cut a computed tensor from the graph',
      );
    }
    if (value && !isFloat(this.dtype)) {
      throw new DTypeError(
        'requiresGrad',
        `only float tensors can require gradients, got ${this.dtype}`,
      );
    }
    this._requiresGrad = value;
  }

  /** Marks this leaf as requiring gradients and returns it (for chaining). */
  requireGrad(value = true): this {
    this.requiresGrad = value;
    return this;
  }

  /** @internal */
  _setNode(node: GradNode): void {
    this._node = node;
  }

  /** @internal */
  _markDisposed(): void {
    this._disposed = true;
    this._node = null;
  }

  /** @internal */
  _setDataId(dataId: DataId, backend: Backend): void {
    this._dataId = dataId;
    this._backend = backend;
  }

  /** Reads the values, on any backend. The array is a copy the caller owns. */
  async data(): Promise<TypedArray> {
    ENGINE.info(this);
    const values = await this._backend.read(this._dataId);
    return values.slice();
  }

  /**
   * Reads the values synchronously. The array is a copy the caller owns.
   * @throws {BackendError} on backends that can only read asynchronously.
   */
  dataSync(): TypedArray {
    ENGINE.info(this);
    if (!this._backend.readSync) {
      throw new BackendError(
        'dataSync',
        `backend '${this._backend.name}' reads asynchronously; use await t.data()`,
      );
    }
    return this._backend.readSync(this._dataId).slice();
  }

  /** The values as nested arrays (booleans for `bool` tensors). */
  toArray(): NestedArray {
    return nest(this.dataSync(), this.shape, this.dtype);
  }

  /** Async twin of `toArray()` for backends without synchronous reads. */
  async array(): Promise<NestedArray> {
    return nest(await this.data(), this.shape, this.dtype);
  }

  /**
   * The single value of a one-element tensor.
   * @throws {ShapeError} when the tensor holds more than one element.
   */
  item(): number {
    if (this.size !== 1)
      throw new ShapeError(
        'item',
        `needs a tensor with one element, got shape ${formatShape(this.shape)}`,
      );
    return this.dataSync()[0];
  }

  /**
   * Runs backpropagation from this tensor (needs `@tsgrad/autograd` loaded). A scalar needs no
   * `grad`; for other shapes pass the upstream gradient.
   */
  backward(grad?: Tensor): void {
    if (!gradientEngine) {
      throw new GradientError(
        'backward',
        "no gradient engine is loaded; import '@tsgrad/autograd' (or 'tsgrad') first",
      );
    }
    gradientEngine.backward(this, grad);
  }

  /** A tensor with the same values that is cut from the gradient graph. Shares storage. */
  detach(): Tensor {
    ENGINE.info(this);
    return ENGINE.makeTensor(this._dataId, this.shape, this.dtype, this._backend);
  }

  /**
   * Replaces this leaf tensor's values by `value`'s (same shape and dtype) without making a new
   * tensor: how optimizers update parameters. Shares `value`'s storage.
   */
  assign(value: Tensor): this {
    if (this._node !== null) throw new GradientError('assign', 'can only assign to leaf tensors');
    if (!shapesEqual(this.shape, value.shape)) {
      throw new ShapeError(
        'assign',
        `shape ${formatShape(value.shape)} does not match target ${formatShape(this.shape)}`,
      );
    }
    if (value.dtype !== this.dtype) {
      throw new DTypeError('assign', `dtype ${value.dtype} does not match target ${this.dtype}`);
    }
    ENGINE.info(this);
    ENGINE.info(value);
    ENGINE.swapStorage(this, value);
    return this;
  }

  /** Frees the storage now (GPU backends); using the tensor afterwards throws. Idempotent. */
  dispose(): void {
    ENGINE.disposeTensor(this);
  }

  /** NumPy-style printout, summarised with `...` when large. */
  toString(): string {
    if (this._disposed)
      return `Tensor(disposed, shape=${formatShape(this.shape)}, dtype=${this.dtype})`;
    if (!this._backend.readSync)
      return `Tensor(shape=${formatShape(this.shape)}, dtype=${this.dtype}, backend=${this._backend.name})`;
    return formatTensor(this._backend.readSync(this._dataId), this.shape, this.dtype);
  }

  /**
   * What Node's `console.log(t)` and `util.inspect(t)` print: the `toString()` printout instead
   * of the tensor's internals (also inside objects and arrays: `{ w: tensor([1., 2.]) }`).
   * Keyed by `Symbol.for`, so nothing is imported from Node and browsers are unaffected.
   * @example
   * import { inspect } from 'node:util';
   * inspect(tensor([1, 2])); // 'tensor([1., 2.])'
   */
  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return this.toString();
  }
}

function nest(values: TypedArray, shape: readonly number[], dtype: DType): NestedArray {
  const conv = dtype === 'bool' ? (v: number) => v !== 0 : (v: number) => v;
  if (shape.length === 0) return conv(values[0]);
  const build = (axis: number, offset: number, stride: number): NestedArray[] => {
    const n = shape[axis];
    const inner = stride / n;
    const out: NestedArray[] = new Array(n);
    for (let i = 0; i < n; i++) {
      out[i] =
        axis === shape.length - 1
          ? conv(values[offset + i])
          : build(axis + 1, offset + i * inner, inner);
    }
    return out;
  };
  let size = 1;
  for (const d of shape) size *= d;
  return build(0, 0, size);
}
