import type { Backend, DataId, Kernel } from '../../backend.js';
import type { DType, TypedArray } from '../../dtype.js';
import { convKernels } from './conv.js';
import { elementwiseKernels } from './elementwise.js';
import { matmulKernels } from './matmul.js';
import { poolKernels } from './pool.js';
import { reduceKernels } from './reduce.js';
import { shapeKernels } from './shape-kernels.js';
import { CpuData, cpuMemory } from './storage.js';

/**
 * The reference backend: plain TypeScript over typed arrays. Every other backend is tested
 * against it with the conformance suite. Buffers are garbage-collected; `dispose` only drops
 * the reference early. Registered as `'cpu'` by default; `extraKernels` add or replace kernels
 * by op id.
 * @example
 * import { CpuBackend, add, registerBackend, setBackend, tensor } from '@tsgrad/tensor';
 * registerBackend('cpu-copy', () => new CpuBackend(), 0);
 * setBackend('cpu-copy');
 * add(tensor([1]), tensor([2])).toArray(); // [3]
 * setBackend('cpu');
 */
export class CpuBackend implements Backend {
  readonly name = 'cpu';
  readonly kernels: Record<string, Kernel | undefined>;

  constructor(extraKernels: Record<string, Kernel> = {}) {
    this.kernels = {
      ...elementwiseKernels,
      ...reduceKernels,
      ...matmulKernels,
      ...shapeKernels,
      ...convKernels,
      ...poolKernels,
      ...extraKernels,
    };
  }

  write(values: TypedArray, dtype: DType): DataId {
    return new CpuData(values, dtype);
  }

  async read(dataId: DataId): Promise<TypedArray> {
    return (dataId as CpuData).values;
  }

  readSync(dataId: DataId): TypedArray {
    return (dataId as CpuData).values;
  }

  /** A subarray of the same memory (kept alive by the view itself after the source is freed). */
  view(dataId: DataId, offset: number, length: number, dtype: DType): DataId {
    return new CpuData((dataId as CpuData).values.subarray(offset, offset + length), dtype);
  }

  dispose(dataId: DataId): void {
    const d = dataId as CpuData;
    if (d.values === EMPTY) return;
    cpuMemory.numBuffers--;
    cpuMemory.numBytes -= d.values.byteLength;
    // Let the GC reclaim the array even if something still holds the handle.
    d.values = EMPTY;
  }

  memory() {
    return { ...cpuMemory };
  }
}

const EMPTY = new Float32Array(0);
