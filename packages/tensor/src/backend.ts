import type { DType, TypedArray } from './dtype.js';

/**
 * A backend's handle to one buffer of tensor data. Opaque to everyone but the backend that
 * made it; several tensors may share one (reshape is free), and the engine counts references.
 */
export interface DataId {
  readonly backend: string;
}

/** What a kernel sees of a tensor: validated shape and dtype plus the storage handle. */
export interface TensorInfo {
  readonly dataId: DataId;
  readonly shape: readonly number[];
  readonly dtype: DType;
  readonly size: number;
}

/** Arguments every kernel receives. Inputs are on this backend and already validated. */
export interface KernelArgs<A = any> {
  readonly inputs: readonly TensorInfo[];
  readonly attrs: A;
  readonly outShape: readonly number[];
  readonly outDtype: DType;
}

/** A kernel computes one op's output buffer. Keyed by the op id (`'matmul'`, `'exp'`, ...). */
export type Kernel<A = any> = (args: KernelArgs<A>) => DataId;

/** Bytes and buffers a backend currently holds. */
export interface BackendMemory {
  numBuffers: number;
  numBytes: number;
}

/**
 * The contract between the engine and a device. Storage is four calls (write, read, readSync,
 * dispose); compute is a table of kernels keyed by op id. The engine validates shapes and
 * dtypes before calling a kernel, so kernels never re-check them.
 */
export interface Backend {
  readonly name: string;
  /** Takes ownership of `values` (the caller must not mutate them afterwards). */
  write(values: TypedArray, dtype: DType): DataId;
  /** Resolves to the values of a buffer; must not be mutated by the caller. */
  read(dataId: DataId): Promise<TypedArray>;
  /** Synchronous read; backends that cannot read synchronously leave it undefined. */
  readSync?(dataId: DataId): TypedArray;
  /** Frees a buffer. Called by the engine once no tensor references it. */
  dispose(dataId: DataId): void;
  /**
   * Optional: a buffer of `length` elements of `dataId` from element `offset`, sharing its
   * storage (no copy), or undefined when this buffer cannot be viewed. The view and its source
   * are disposed independently: disposing one must not free storage the other still reads.
   * Ops use it to split the stacked outputs of the fused optimizer kernels; without it they
   * slice.
   */
  view?(dataId: DataId, offset: number, length: number, dtype: DType): DataId | undefined;
  memory(): BackendMemory;
  readonly kernels: Readonly<Record<string, Kernel | undefined>>;
  /** Human-readable details (mode, fallback reasons); shown by `getBackendInfo()`. */
  info?(): Record<string, unknown>;
}
