import { checkGrads, grad } from '@tsgrad/autograd';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { registerBackend, removeBackend, setBackend } from '../api.js';
import { fusedKernels } from '../backends/cpu/fused.js';
import { CpuBackend } from '../backends/cpu/index.js';
import { tensor } from '../creation.js';
import type { DType } from '../dtype.js';
import { Generator } from '../random.js';
import type { Tensor } from '../tensor.js';
import { mul } from './binary.js';
import { sum } from './reduce.js';
import { logSoftmax, softmax } from './softmax.js';

// logSoftmax through the optional fused kernel (the CPU's typed-array one, on a test backend)
// against the composite of public ops: bit for bit forward, and the same gradients.
const calls = { n: 0 };
registerBackend(
  'cpu-fused-softmax',
  () =>
    new CpuBackend({
      logSoftmax: (args) => {
        calls.n++;
        return fusedKernels.logSoftmax(args);
      },
    }),
  0,
);
afterEach(() => setBackend('cpu'));
afterAll(() => removeBackend('cpu-fused-softmax'));

const gen = new Generator(8);
const bits = (v: ArrayLike<number>) => Array.from(v, (x) => (Object.is(x, -0) ? '-0' : String(x)));

function both(values: number[], shape: number[], dtype: DType, axis: number) {
  const run = (backend: string) => {
    setBackend(backend);
    return bits(logSoftmax(tensor(values, shape, dtype), axis).dataSync());
  };
  return [run('cpu'), run('cpu-fused-softmax')];
}

describe('logSoftmax with the fused kernel', () => {
  const shapes: [number[], number[]][] = [
    [
      [3, 5],
      [-1, 0],
    ],
    [
      [2, 3, 4],
      [0, 1, 2],
    ],
    [[7], [0]],
  ];
  for (const dtype of ['float32', 'float64'] as const) {
    for (const [shape, axes] of shapes) {
      for (const axis of axes) {
        it(`equals the composite bit for bit: [${shape}] axis ${axis} ${dtype}`, () => {
          const n = shape.reduce((p, d) => p * d, 1);
          const values = Array.from({ length: n }, () => 30 * gen.normal());
          const before = calls.n;
          const [ref, fused] = both(values, shape, dtype, axis);
          expect(fused).toEqual(ref);
          expect(calls.n).toBe(before + 1);
        });
      }
    }
  }

  it('handles ±Infinity, NaN, all −Infinity rows and huge logits like the composite', () => {
    const rows = [
      [1, 2, Number.POSITIVE_INFINITY, 0],
      [Number.NEGATIVE_INFINITY, 0, 1, 2],
      [
        Number.NEGATIVE_INFINITY,
        Number.NEGATIVE_INFINITY,
        Number.NEGATIVE_INFINITY,
        Number.NEGATIVE_INFINITY,
      ],
      [1, Number.NaN, 3, 4],
      [1e30, -1e30, 1e30, 0],
      [1000, 1000, 999, -0],
    ];
    for (const dtype of ['float32', 'float64'] as const) {
      const [ref, fused] = both(rows.flat(), [rows.length, 4], dtype, -1);
      expect(fused).toEqual(ref);
    }
  });

  it('int32 logits give float32, as in the composite', () => {
    setBackend('cpu-fused-softmax');
    const y = logSoftmax(tensor([0, 0], undefined, 'int32'));
    expect(y.dtype).toBe('float32');
    expect(y.toArray()).toEqual([-Math.fround(Math.LN2), -Math.fround(Math.LN2)]);
  });

  it('gradients match finite differences along each axis', () => {
    setBackend('cpu-fused-softmax');
    const x = tensor([0.3, -1.2, 2.1, 0.5, 0.9, -0.4], [2, 3], 'float64');
    for (const axis of [-1, 0, 1]) {
      checkGrads((v) => softmax(v, axis), [x]);
      checkGrads((v) => logSoftmax(v, axis), [x]);
    }
    checkGrads((v) => logSoftmax(v), [tensor([1000, 999, 1001.5], [3], 'float64')]);
  });

  it('first and second derivatives equal the composite', () => {
    const w = [0.5, -1, 2, 0.25, 1, -0.5];
    const f = (v: Tensor) => sum(mul(logSoftmax(v, 0), tensor(w, [2, 3], 'float64')));
    const gradSum = (v: Tensor) => sum(mul(grad(f)(v), grad(f)(v)));
    const run = (backend: string) => {
      setBackend(backend);
      const x = tensor([0.3, -1.2, 2.1, 0.5, 0.9, -0.4], [2, 3], 'float64');
      return [grad(f)(x).dataSync(), grad(gradSum)(x).dataSync()].map((a) => [...a]);
    };
    const [g1, h1] = run('cpu');
    const [g2, h2] = run('cpu-fused-softmax');
    for (let i = 0; i < g1.length; i++) {
      expect(g2[i]).toBeCloseTo(g1[i], 12);
      expect(h2[i]).toBeCloseTo(h1[i], 10);
    }
    expect(h1.some((v) => Math.abs(v) > 1e-6)).toBe(true);
  });
});
