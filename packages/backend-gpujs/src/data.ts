import type { DataId, DType, TypedArray } from '@tsgrad/tensor';

/**
 * What gpu.js hands back from a pipelined kernel: a GL texture, a WebGPU buffer handle (whose
 * `toArray()` is a Promise), or a typed array (cpu/webasm).
 */
export interface DeviceTexture {
  toArray(): unknown;
  delete(): void;
}

export type DeviceValue = DeviceTexture | Float32Array;

/** The compiled kernel that made a buffer, so it is not destroyed while the buffer lives. */
export interface Producer {
  /** Buffers made by this kernel that are still alive. */
  live: number;
  /** Dropped from the cache: destroyed once `live` reaches 0. */
  evicted: boolean;
}

/**
 * One buffer on the gpu.js backend. Every dtype is stored as float32 on the device (int32 and
 * bool are exact while |x| < 2^24). `host` caches the values in the dtype's own array class: set
 * by `write`, or filled by the first read; both views stay valid because buffers are immutable.
 * In webgpu mode kernels run from a queue: `ready` settles once `device` is set (or `error`).
 */
export class GpujsData implements DataId {
  device: DeviceValue | null;
  host: TypedArray | null;
  disposed = false;
  producer: Producer | null = null;
  /** webgpu: the queued task that makes `device`. */
  ready: Promise<void> | null = null;
  /** webgpu: why the kernel that makes this buffer failed. */
  error: unknown = null;
  /** A view (a contiguous slice): the buffer whose storage it reads, from `offset` on. */
  base: GpujsData | null = null;
  offset = 0;
  /** Views reading this buffer: its storage is freed once it is disposed and they are gone. */
  views = 0;
  constructor(
    readonly backend: string,
    readonly dtype: DType,
    readonly size: number,
    device: DeviceValue | null,
    host: TypedArray | null,
  ) {
    this.device = device;
    this.host = host;
  }
}

/** Converts device floats to the array class of `dtype` (int32 truncates, like the CPU cast). */
export function toDTypeArray(values: Float32Array, dtype: DType): TypedArray {
  if (dtype === 'float32') return values;
  if (dtype === 'int32') return Int32Array.from(values, (v) => Math.trunc(v) | 0);
  return Uint8Array.from(values, (v) => (v ? 1 : 0));
}

export function isTexture(v: DeviceValue): v is DeviceTexture {
  return !(v instanceof Float32Array) && typeof (v as DeviceTexture).delete === 'function';
}
