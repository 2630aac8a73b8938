import type { DataId } from '../../backend.js';
import type { DType, TypedArray } from '../../dtype.js';

/** A CPU buffer: the handle is the typed array's holder. */
export class CpuData implements DataId {
  readonly backend = 'cpu';
  constructor(
    public values: TypedArray,
    public readonly dtype: DType,
  ) {
    cpuMemory.numBuffers++;
    cpuMemory.numBytes += values.byteLength;
  }
}

/** Buffers alive on the CPU backend (released by dispose or by the engine's GC safety net). */
export const cpuMemory = { numBuffers: 0, numBytes: 0 };

/** @internal The values behind a CPU handle (kernels only; never handed to users). */
export function valuesOf(id: DataId): TypedArray {
  return (id as CpuData).values;
}
