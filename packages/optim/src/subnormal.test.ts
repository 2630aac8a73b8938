import {
  CpuBackend,
  fusedKernels,
  registerBackend,
  removeBackend,
  setBackend,
  tensor,
  zeros,
} from '@tsgrad/tensor';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { adam } from './adam.js';
import { adamw } from './adamw.js';
import { adamax } from './adamax.js';
import { nadam } from './nadam.js';
import type { Optimizer } from './optimizer.js';
import { rmsprop } from './rmsprop.js';
import { sgd } from './sgd.js';

// Optimizer state decays geometrically where a gradient stays 0 (an always-black MNIST pixel's
// weights). Left alone it turns subnormal, and every op on it gets many times slower on x86
// CPUs; every optimizer stores such state as 0 instead, on the composite path and on fused
// kernels alike.
registerBackend('cpu-fused-subnormal', () => new CpuBackend(fusedKernels), 0);
afterEach(() => setBackend('cpu'));
afterAll(() => removeBackend('cpu-fused-subnormal'));

const MIN_NORMAL = 2 ** -126;

const OPTIMIZERS: [string, () => Optimizer][] = [
  ['adam', () => adam({ beta2: 0.9 })],
  ['adam amsgrad', () => adam({ beta2: 0.9, amsgrad: true })],
  ['adamw', () => adamw({ beta2: 0.9 })],
  ['adamax', () => adamax({ beta2: 0.9 })],
  ['nadam', () => nadam({ beta2: 0.9 })],
  ['rmsprop centered, momentum', () => rmsprop({ rho: 0.9, centered: true, momentum: 0.9 })],
  ['sgd momentum', () => sgd({ momentum: 0.9 })],
  ['sgd nesterov', () => sgd({ momentum: 0.9, nesterov: true })],
];

describe('state where the gradient stays 0', () => {
  for (const backend of ['cpu', 'cpu-fused-subnormal']) {
    for (const [name, make] of OPTIMIZERS) {
      it(`${name} (${backend}): decays to exactly 0, never through subnormal values`, () => {
        setBackend(backend);
        const p = tensor([1, -2, 3, 0.5]).requireGrad();
        const opt = make();
        p.grad = tensor([0.5, -1, 0.25, 1e-3]);
        opt.step([p]);
        let subnormal = 0;
        // 0.9¹⁰⁰⁰ ≈ 2e-46: every decaying state passes 2⁻¹²⁶ on the way.
        for (let s = 0; s < 1000; s++) {
          p.grad?.dispose();
          p.grad = zeros([4]);
          opt.step([p]);
          for (const slot of Object.values(opt.getState().params['0'].slots)) {
            for (const x of slot.dataSync()) if (x !== 0 && Math.abs(x) < MIN_NORMAL) subnormal++;
            slot.dispose();
          }
        }
        expect(subnormal).toBe(0);
        const final = opt.getState().params['0'].slots;
        const decayed = Object.entries(final).filter(([k]) => k !== 'vMax');
        for (const [, slot] of decayed) expect([...slot.dataSync()]).toEqual([0, 0, 0, 0]);
        expect([...p.dataSync()].every(Number.isFinite)).toBe(true);
      });
    }
  }
});
