import { checkGrads } from '@tsgrad/autograd';
import { describe, expect, it } from 'vitest';
import { DTypeError, ShapeError } from '../errors.js';
import { tensor, zeros } from '../index.js';
import type { Tensor } from '../tensor.js';
import { dot, matmul, outer } from './matmul.js';

const f64 = (shape: number[], seed = 0): Tensor => {
  const n = shape.reduce((p, d) => p * d, 1);
  return tensor(
    Array.from({ length: n }, (_, i) => Math.cos(1.3 * i + seed)),
    shape,
    'float64',
  );
};

describe('matmul gradients match finite differences', () => {
  for (const ta of [false, true]) {
    for (const tb of [false, true]) {
      it(`2-D, transposeA ${ta}, transposeB ${tb}`, () => {
        const a = f64(ta ? [4, 3] : [3, 4]);
        const b = f64(tb ? [2, 4] : [4, 2], 1);
        checkGrads((x, y) => matmul(x, y, ta, tb), [a, b]);
      });
      it(`batch broadcast [2,1,3,4]·[5,4,2], transposeA ${ta}, transposeB ${tb}`, () => {
        const a = f64(ta ? [2, 1, 4, 3] : [2, 1, 3, 4]);
        const b = f64(tb ? [5, 2, 4] : [5, 4, 2], 2);
        checkGrads((x, y) => matmul(x, y, ta, tb), [a, b]);
      });
    }
  }
  it('a matrix against a batch', () => {
    checkGrads((x, y) => matmul(x, y), [f64([3, 2]), f64([4, 2, 2], 3)]);
  });
  it('dot and outer', () => {
    checkGrads((x, y) => dot(x, y), [f64([3]), f64([3], 1)]);
    checkGrads((x, y) => dot(x, y), [f64([2, 3]), f64([3], 1)]);
    checkGrads((x, y) => outer(x, y), [f64([3]), f64([2], 1)]);
  });
});

describe('values', () => {
  it('the output shape broadcasts the batch axes', () => {
    expect(matmul(zeros([2, 1, 3, 4]), zeros([5, 4, 2])).shape).toEqual([2, 5, 3, 2]);
    expect(matmul(zeros([3, 4]), zeros([7, 4, 1])).shape).toEqual([7, 3, 1]);
  });
  it('int32 with transposeB stays exact above 2^24', () => {
    const a = tensor([[1, 1]], undefined, 'int32');
    const b = tensor([[16777217, 3]], undefined, 'int32');
    expect(matmul(a, b, false, true).toArray()).toEqual([[16777220]]);
  });
  it('float64 keeps its precision', () => {
    const a = tensor([[1 + 1e-12]], undefined, 'float64');
    expect(matmul(a, a, false, true).item()).toBe((1 + 1e-12) * (1 + 1e-12));
  });
  it('dot of vectors is a scalar', () => {
    expect(dot(tensor([1, 2, 3]), tensor([4, 5, 6])).shape).toEqual([]);
  });
});

describe('errors', () => {
  it('names both shapes when inner dimensions differ', () => {
    expect(() => matmul(zeros([32, 784]), zeros([128, 10]))).toThrow(ShapeError);
    expect(() => matmul(zeros([32, 784]), zeros([128, 10]))).toThrow(
      'matmul: inner dimensions differ; a has shape [32,784], b has shape [128,10]',
    );
    expect(() => matmul(zeros([2, 3]), zeros([2, 3]), false, false)).toThrow(
      'a has shape [2,3], b has shape [2,3]',
    );
    expect(() => matmul(zeros([2, 3]), zeros([4, 3]), true, true)).toThrow(
      '(transposeA=true, transposeB=true)',
    );
  });
  it('refuses vectors, mixed dtypes, bool and clashing batches', () => {
    expect(() => matmul(zeros([3]), zeros([3, 2]))).toThrow(
      'matmul: needs tensors of rank >= 2, got a with shape [3] and b with shape [3,2]; use dot() for vectors',
    );
    expect(() => matmul(zeros([1, 1]), zeros([1, 1], 'int32'))).toThrow(DTypeError);
    expect(() => matmul(zeros([1, 1], 'bool'), zeros([1, 1], 'bool'))).toThrow(
      'matmul: does not accept bool tensors',
    );
    expect(() => matmul(zeros([2, 1, 1]), zeros([3, 1, 1]))).toThrow(
      'matmul: cannot broadcast [2] with [3]',
    );
  });
  it('dot and outer check ranks and sizes', () => {
    expect(() => dot(zeros([2]), zeros([3]))).toThrow(
      'dot: inner dimensions differ; a has shape [2], b has shape [3]',
    );
    expect(() => dot(zeros([1, 1, 1]), zeros([1]))).toThrow(
      'dot: needs rank 1 or 2 tensors, got [1,1,1] and [1]',
    );
    expect(() => outer(zeros([2, 1]), zeros([2]))).toThrow(
      'outer: needs two vectors, got [2,1] and [2]',
    );
  });
});
