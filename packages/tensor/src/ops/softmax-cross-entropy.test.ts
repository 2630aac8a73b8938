import { checkGrads, grad } from '@tsgrad/autograd';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { registerBackend, removeBackend, setBackend } from '../api.js';
import { fusedKernels } from '../backends/cpu/fused.js';
import { CpuBackend } from '../backends/cpu/index.js';
import { tensor } from '../creation.js';
import { DTypeError, ShapeError, ValueError } from '../errors.js';
import { Generator } from '../random.js';
import type { Tensor } from '../tensor.js';
import { mul } from './binary.js';
import { sum } from './reduce.js';
import { softmaxCrossEntropy } from './softmax-cross-entropy.js';

// softmaxCrossEntropy through the optional fused kernel (the CPU's typed-array one, on a test
// backend) against the composite logSoftmax → gather → neg: bit for bit, the same gradients.
const calls = { n: 0 };
registerBackend(
  'cpu-fused-ce',
  () =>
    new CpuBackend({
      softmaxCrossEntropy: (args) => {
        calls.n++;
        return fusedKernels.softmaxCrossEntropy(args);
      },
    }),
  0,
);
afterEach(() => setBackend('cpu'));
afterAll(() => removeBackend('cpu-fused-ce'));

const gen = new Generator(5);
const bits = (v: ArrayLike<number>) => Array.from(v, (x) => (Object.is(x, -0) ? '-0' : String(x)));
const labelsOf = (ls: number[]) => tensor(ls, [ls.length], 'int32');

describe('softmaxCrossEntropy', () => {
  for (const dtype of ['float32', 'float64'] as const) {
    it(`the fused kernel equals the composite bit for bit (${dtype})`, () => {
      const [n, c] = [9, 7];
      const x = Array.from({ length: n * c }, () => 20 * gen.normal());
      const ls = Array.from({ length: n }, (_, i) => (i * 3) % c);
      const run = (backend: string) => {
        setBackend(backend);
        const loss = softmaxCrossEntropy(tensor(x, [n, c], dtype), labelsOf(ls));
        expect(loss.shape).toEqual([n]);
        expect(loss.dtype).toBe(dtype);
        return bits(loss.dataSync());
      };
      const before = calls.n;
      expect(run('cpu-fused-ce')).toEqual(run('cpu'));
      expect(calls.n).toBe(before + 1);
    });
  }

  it('is logSumExp(x) − x[label]: log C for equal logits, 0 for a dominant right one', () => {
    for (const backend of ['cpu', 'cpu-fused-ce']) {
      setBackend(backend);
      const loss = softmaxCrossEntropy(
        tensor([
          [0, 0, 0],
          [0, 1000, 0],
          [1000, 0, 0],
        ]),
        labelsOf([2, 1, 1]),
      ).toArray() as number[];
      expect(loss[0]).toBeCloseTo(Math.log(3), 6);
      expect(loss[1] + 0).toBe(0); // −0: the negated log of exactly 1
      expect(loss[2]).toBe(1000);
    }
  });

  it('handles −Infinity logits of other classes, NaN and +Infinity like the composite', () => {
    const rows = [
      [Number.NEGATIVE_INFINITY, 0, 1],
      [1, Number.NaN, 2],
      [Number.POSITIVE_INFINITY, 0, 1],
      [Number.NEGATIVE_INFINITY, Number.NEGATIVE_INFINITY, Number.NEGATIVE_INFINITY],
    ];
    const run = (backend: string) => {
      setBackend(backend);
      return bits(softmaxCrossEntropy(tensor(rows), labelsOf([2, 0, 1, 0])).dataSync());
    };
    const ref = run('cpu');
    expect(run('cpu-fused-ce')).toEqual(ref);
    // Another class's −Infinity logit is just zero probability: a finite loss.
    expect(Number.isFinite(Number(ref[0]))).toBe(true);
    expect(ref[1]).toBe('NaN');
  });

  for (const backend of ['cpu', 'cpu-fused-ce']) {
    it(`gradients match finite differences and are softmax − onehot on ${backend}`, () => {
      setBackend(backend);
      const x = tensor([0.3, -1.2, 2.1, 0.5, 0.9, -0.4, 1.5, 0, -2], [3, 3], 'float64');
      const labels = labelsOf([2, 0, 1]);
      checkGrads((v) => softmaxCrossEntropy(v, labels), [x]);
      const g = grad((v: Tensor) => sum(softmaxCrossEntropy(v, labels)))(x).toArray() as number[][];
      for (const row of g) expect(row.reduce((s, v) => s + v, 0)).toBeCloseTo(0, 12);
      expect(g[0][2]).toBeLessThan(0);
    });
  }

  it('second derivatives equal the composite', () => {
    const w = tensor([0.5, -1, 2], [3], 'float64');
    const run = (backend: string) => {
      setBackend(backend);
      const labels = labelsOf([1, 0, 2]);
      const f = (v: Tensor) => sum(mul(softmaxCrossEntropy(v, labels), w));
      const h = grad((v: Tensor) => sum(mul(grad(f)(v), grad(f)(v))));
      const x = tensor([0.3, -1.2, 2.1, 0.5, 0.9, -0.4, 1.5, 0, -2], [3, 3], 'float64');
      return [grad(f)(x), h(x)].map((t) => [...t.dataSync()]);
    };
    const [g1, h1] = run('cpu');
    const [g2, h2] = run('cpu-fused-ce');
    for (let i = 0; i < g1.length; i++) {
      expect(g2[i]).toBeCloseTo(g1[i], 12);
      expect(h2[i]).toBeCloseTo(h1[i], 10);
    }
    expect(h1.some((v) => Math.abs(v) > 1e-6)).toBe(true);
  });

  it('names itself, the shapes and the bad label in its errors', () => {
    for (const backend of ['cpu', 'cpu-fused-ce']) {
      setBackend(backend);
      const x = tensor([
        [1, 2, 3],
        [4, 5, 6],
      ]);
      expect(() => softmaxCrossEntropy(x, labelsOf([0, 1, 2]))).toThrow(ShapeError);
      expect(() => softmaxCrossEntropy(x, labelsOf([0, 1, 2]))).toThrow(
        /softmaxCrossEntropy.*\[2,3\].*\[3\]/,
      );
      expect(() => softmaxCrossEntropy(tensor([1, 2, 3]), labelsOf([0]))).toThrow(ShapeError);
      expect(() => softmaxCrossEntropy(x, labelsOf([0, 3]))).toThrow(ValueError);
      expect(() => softmaxCrossEntropy(x, labelsOf([0, 3]))).toThrow(/index 3.*size 3/);
      expect(() => softmaxCrossEntropy(x, tensor([0, 1]))).toThrow(DTypeError);
    }
  });

  it('casts int32 logits to float32', () => {
    setBackend('cpu-fused-ce');
    const loss = softmaxCrossEntropy(tensor([[0, 0]], [1, 2], 'int32'), labelsOf([0]));
    expect(loss.dtype).toBe('float32');
    expect(loss.item()).toBeCloseTo(Math.LN2, 6);
  });
});
