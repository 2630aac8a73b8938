import { checkGrads, grad } from '@tsgrad/autograd';
import { describe, expect, it } from 'vitest';
import { ValueError } from '../errors.js';
import { mul, reshape, tensor } from '../index.js';
import type { Tensor } from '../tensor.js';
import {
  argmax,
  argmin,
  logSumExp,
  max,
  mean,
  min,
  norm,
  prod,
  std,
  sum,
  variance,
} from './reduce.js';

const f64 = (v: number[], shape?: number[]): Tensor => tensor(v, shape, 'float64');
/** Distinct values (no ties) of a given shape. */
const distinct = (shape: number[]): Tensor => {
  const n = shape.reduce((p, d) => p * d, 1);
  return f64(
    Array.from({ length: n }, (_, i) => Math.sin(1.7 * i + 0.3) * 2),
    shape,
  );
};

describe('reduction gradients match finite differences', () => {
  const axesCases: [string, number | number[] | undefined][] = [
    ['all axes', undefined],
    ['axis 0', 0],
    ['axis -1', -1],
    ['axes [0,2]', [0, 2]],
    ['axes [1,2]', [1, 2]],
  ];
  const ops: [
    string,
    (x: Tensor, axis: number | number[] | undefined, keepDims: boolean) => Tensor,
  ][] = [
    ['sum', sum],
    ['mean', mean],
    ['prod', prod],
    ['max', max],
    ['min', min],
    ['logSumExp', logSumExp],
    ['variance', (x, a, k) => variance(x, a, k)],
    ['variance (correction 1)', (x, a, k) => variance(x, a, k, 1)],
    ['std', (x, a, k) => std(x, a, k)],
    ['norm 2', (x, a, k) => norm(x, 2, a, k)],
    ['norm 1', (x, a, k) => norm(x, 1, a, k)],
    ['norm Infinity', (x, a, k) => norm(x, Infinity, a, k)],
  ];
  for (const [op, f] of ops) {
    for (const [name, axis] of axesCases) {
      for (const keepDims of [false, true]) {
        it(`${op} over ${name}, keepDims ${keepDims}`, () => {
          checkGrads((x) => f(x, axis, keepDims), [distinct([2, 3, 2])]);
        });
      }
    }
  }
});

describe('prod gradient with zeros', () => {
  const g = (v: number[], axis?: number, shape?: number[]) =>
    grad((x: Tensor) => sum(prod(x, axis)))(f64(v, shape)).toArray();
  it('no zero: product of the others', () => expect(g([2, 3, 4])).toEqual([12, 8, 6]));
  it('one zero: only the zero gets the product of the others', () =>
    expect(g([2, 0, 4])).toEqual([0, 8, 0]));
  it('two zeros: no gradient at all', () => expect(g([2, 0, 0, 5])).toEqual([0, 0, 0, 0]));
  it('per slice: rows with none, one and two zeros', () => {
    expect(g([2, 3, 0, 5, 0, 0], 1, [3, 2])).toEqual([
      [3, 2],
      [5, 0],
      [0, 0],
    ]);
  });
  it('matches finite differences with a zero in the slice', () => {
    checkGrads((x) => prod(x, 1), [f64([1.5, 0, -2, 0.5, 3, 0, 0, 2], [2, 4])]);
  });
});

describe('max and min gradients at ties', () => {
  it('tied maxima share the gradient equally', () => {
    expect(grad((x: Tensor) => max(x))(f64([1, 3, 3, 2])).toArray()).toEqual([0, 0.5, 0.5, 0]);
    expect(grad((x: Tensor) => sum(min(x, 1)))(f64([1, 1, 1, 2, 0, 0], [2, 3])).toArray()).toEqual([
      [1 / 3, 1 / 3, 1 / 3],
      [0, 0.5, 0.5],
    ]);
  });
});

describe('values', () => {
  it('sum over non-contiguous axes of a rank-4 tensor', () => {
    const x = reshape(tensor(Array.from({ length: 24 }, (_, i) => i)), [2, 2, 3, 2]);
    expect(sum(x, [1, 3]).toArray()).toEqual([
      [0 + 1 + 6 + 7, 2 + 3 + 8 + 9, 4 + 5 + 10 + 11],
      [12 + 13 + 18 + 19, 14 + 15 + 20 + 21, 16 + 17 + 22 + 23],
    ]);
    expect(sum(x, [0, 2], true).shape).toEqual([1, 2, 1, 2]);
  });
  it('sum with an empty axes list reduces nothing', () => {
    expect(sum(tensor([[1, 2]]), []).toArray()).toEqual([[1, 2]]);
  });
  it('reductions keep float64', () => {
    expect(sum(f64([1])).dtype).toBe('float64');
    expect(mean(f64([1])).dtype).toBe('float64');
    expect(logSumExp(f64([1])).dtype).toBe('float64');
  });
  it('sum of a float32 tensor accumulates in float64 before rounding', () => {
    const x = tensor(new Float32Array(1_000_001).fill(0.1));
    expect(sum(x).item()).toBeCloseTo(100000.1, 0);
  });
  it('argmax/argmin: NaN wins (like NumPy), ties go to the first', () => {
    expect(argmax(tensor([1, Number.NaN, 3])).item()).toBe(1);
    expect(argmin(tensor([2, 1, 1])).item()).toBe(1);
  });
  it('logSumExp: +Infinity gives +Infinity; all -Infinity gives -Infinity', () => {
    expect(logSumExp(tensor([1, Infinity])).item()).toBe(Infinity);
    expect(logSumExp(tensor([-Infinity, -Infinity])).item()).toBe(-Infinity);
  });
  it("logSumExp's gradient is softmax, also at very large values", () => {
    const g = grad((x: Tensor) => logSumExp(x))(f64([1000, 1000])).toArray();
    expect(g).toEqual([0.5, 0.5]);
  });
  it('variance with correction on an axis', () => {
    expect(variance(f64([1, 2, 3, 4, 6, 8], [2, 3]), 1, false, 1).toArray()).toEqual([1, 4]);
  });
  it('norm of a product is the product of the norms', () => {
    expect(norm(mul(f64([3, 4]), 2)).item()).toBe(10);
  });
});

describe('errors', () => {
  it('names a bad axis', () => {
    expect(() => sum(tensor([[1]]), 2)).toThrow(ValueError);
    expect(() => sum(tensor([[1]]), 2)).toThrow(
      'sum: axis 2 is out of range for a tensor of rank 2',
    );
    expect(() => mean(tensor([[1]]), -3)).toThrow(
      'mean: axis -3 is out of range for a tensor of rank 2',
    );
    expect(() => argmax(tensor([[1]]), 1.5)).toThrow('argmax: axis 1.5 is out of range');
  });
  it('refuses repeated axes', () => {
    expect(() => sum(tensor([[1]]), [1, -1])).toThrow('sum: repeated axis in [1,-1]');
  });
  it('max/min/argmax of an empty axis', () => {
    expect(() => max(tensor([]))).toThrow('max: cannot reduce over empty axis 0 of shape [0]');
    expect(() => argmin(reshape(tensor([]), [2, 0]), 1)).toThrow(
      'argmin: cannot reduce over empty axis 1',
    );
  });
  it('variance needs more elements than the correction', () => {
    expect(() => variance(tensor([1]), 0, false, 1)).toThrow(
      'variance: needs more than 1 elements per slice, got 1',
    );
  });
  it('norm orders other than 1, 2 and Infinity', () => {
    expect(() => norm(tensor([1]), 3)).toThrow('norm: ord must be 1, 2 or Infinity, got 3');
  });
});
