import {
  CpuBackend,
  Generator,
  fusedKernels,
  registerBackend,
  removeBackend,
  setBackend,
  tensor,
} from '@tsgrad/tensor';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { adam } from './adam.js';
import { adamw } from './adamw.js';
import type { Optimizer } from './optimizer.js';
import { sgd } from './sgd.js';

// Adam and SGD use the optional fused update kernels where the backend has them. On a backend
// that has them (the CPU's typed-array versions) every step must give the same bits as the
// composite path of the plain CPU backend, state included.
const calls = { adamUpdate: 0, sgdUpdate: 0 };
registerBackend(
  'cpu-fused-optim',
  () =>
    new CpuBackend({
      adamUpdate: (args) => {
        calls.adamUpdate++;
        return fusedKernels.adamUpdate(args);
      },
      sgdUpdate: (args) => {
        calls.sgdUpdate++;
        return fusedKernels.sgdUpdate(args);
      },
    }),
  0,
);
afterEach(() => setBackend('cpu'));
afterAll(() => removeBackend('cpu-fused-optim'));

function run(backend: string, make: () => Optimizer, dtype: 'float32' | 'float64'): number[][] {
  setBackend(backend);
  const gen = new Generator(4);
  const start = Array.from({ length: 23 }, () => gen.normal());
  const p = tensor(start, [23], dtype);
  const opt = make();
  const out: number[][] = [];
  for (let s = 0; s < 6; s++) {
    p.grad = tensor(
      Array.from({ length: 23 }, () => gen.normal()),
      [23],
      dtype,
    );
    opt.step([p]);
    out.push([...p.dataSync()]);
    for (const slot of Object.values(opt.getState().params['0'].slots))
      out.push([...slot.dataSync()]);
  }
  return out;
}

const makers: [string, () => Optimizer][] = [
  ['adam', () => adam({ learningRate: 0.01 })],
  ['adam with L2 weight decay', () => adam({ learningRate: 0.01, weightDecay: 0.1 })],
  ['adamw', () => adamw({ learningRate: 0.01 })],
  ['sgd', () => sgd({ learningRate: 0.1 })],
  ['sgd momentum', () => sgd({ learningRate: 0.1, momentum: 0.9 })],
  ['sgd dampened', () => sgd({ learningRate: 0.1, momentum: 0.9, dampening: 0.5 })],
  ['sgd nesterov', () => sgd({ learningRate: 0.1, momentum: 0.9, nesterov: true })],
];

describe('fused update kernels', () => {
  for (const [name, make] of makers) {
    for (const dtype of ['float32', 'float64'] as const) {
      it(`${name} (${dtype}): same bits with and without the fused kernel`, () => {
        const ref = run('cpu', make, dtype);
        const before = calls.adamUpdate + calls.sgdUpdate;
        const fused = run('cpu-fused-optim', make, dtype);
        expect(fused).toEqual(ref);
        // Momentum-free SGD fuses every step; the others from the second (moments started).
        expect(calls.adamUpdate + calls.sgdUpdate - before).toBe(name === 'sgd' ? 6 : 5);
      });
    }
  }
});
