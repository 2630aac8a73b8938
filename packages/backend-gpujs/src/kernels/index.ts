import type { Kernel } from '@tsgrad/tensor';
import type { KernelHost } from '../backend.js';
import { convKernels } from './conv.js';
import { elementwiseKernels } from './elementwise.js';
import { fusedKernels } from './fused.js';
import { matmulKernels } from './matmul.js';
import { poolKernels } from './pool.js';
import { reduceKernels } from './reduce.js';
import { shapeKernels } from './shape.js';

/**
 * Every kernel id of the CPU backend, plus the tensor package's optional fused kernels
 * (`sgdUpdate`, `adamUpdate`, `logSoftmax`, `softmaxCrossEntropy`, `reluGrad`, `fusedMatmul`), as
 * gpu.js kernels run through `host`.
 */
export function makeKernels(host: KernelHost): Record<string, Kernel> {
  return {
    ...elementwiseKernels(host),
    ...reduceKernels(host),
    ...matmulKernels(host),
    ...shapeKernels(host),
    ...convKernels(host),
    ...poolKernels(host),
    ...fusedKernels(host),
  };
}
