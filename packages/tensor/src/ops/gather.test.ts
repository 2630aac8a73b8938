import { checkGrads, grad } from '@tsgrad/autograd';
import { describe, expect, it } from 'vitest';
import { DTypeError, ShapeError, ValueError } from '../errors.js';
import { mul, sum, tensor, zeros } from '../index.js';
import type { Tensor } from '../tensor.js';
import { gather, oneHot, scatterAdd } from './gather.js';

const f64 = (shape: number[], seed = 0): Tensor => {
  const n = shape.reduce((p, d) => p * d, 1);
  return tensor(
    Array.from({ length: n }, (_, i) => Math.sin(i + seed)),
    shape,
    'float64',
  );
};
const int = (v: number[] | number[][]): Tensor => tensor(v, undefined, 'int32');

describe('gather', () => {
  it('shapes: x.shape[:axis] + indices.shape + x.shape[axis+1:]', () => {
    expect(
      gather(
        zeros([5, 3]),
        int([
          [0, 1],
          [2, 3],
        ]),
      ).shape,
    ).toEqual([2, 2, 3]);
    expect(gather(zeros([2, 5, 3]), int([4, 4, 0]), 1).shape).toEqual([2, 3, 3]);
    expect(gather(zeros([2, 5, 3]), int([1]), -1).shape).toEqual([2, 5, 1]);
  });
  it('gradients, with repeated indices accumulating', () => {
    checkGrads((x) => gather(x, int([2, 0, 2, 2])), [f64([3, 2])]);
    checkGrads(
      (x) =>
        gather(
          x,
          int([
            [1, 1],
            [0, 2],
          ]),
          1,
        ),
      [f64([2, 3])],
    );
    const g = grad((x: Tensor) => sum(gather(x, int([1, 1, 1, 0]))))(f64([3]));
    expect(g.toArray()).toEqual([1, 3, 0]);
  });
  it('errors', () => {
    expect(() => gather(tensor([1, 2]), int([2]))).toThrow(ValueError);
    expect(() => gather(tensor([1, 2]), int([0, 2]))).toThrow(
      'gather: index 2 (at position 1) is out of range for axis 0 of size 2',
    );
    expect(() => gather(tensor([1, 2]), int([-1]))).toThrow(
      'gather: index -1 (at position 0) is out of range',
    );
    expect(() => gather(tensor([1, 2]), tensor([0]))).toThrow(DTypeError);
    expect(() => gather(tensor([1, 2]), tensor([0]))).toThrow(
      'gather: indices must be int32, got float32',
    );
    expect(() => gather(tensor([1, 2]), int([0]), 1)).toThrow(
      'gather: axis 1 is out of range for a tensor of rank 1',
    );
  });
});

describe('scatterAdd', () => {
  it('gradients for x and updates, with repeated indices', () => {
    checkGrads((x, u) => scatterAdd(x, int([0, 2, 0]), u), [f64([3, 2]), f64([3, 2], 1)]);
    checkGrads((x, u) => mul(scatterAdd(x, int([1, 1]), u, 1), 2), [f64([2, 3]), f64([2, 2], 1)]);
  });
  it('errors', () => {
    expect(() => scatterAdd(zeros([3]), int([0]), zeros([2]))).toThrow(ShapeError);
    expect(() => scatterAdd(zeros([3]), int([0]), zeros([2]))).toThrow(
      'scatterAdd: updates have shape [2]; for x [3] and indices [1] along axis 0 they need [1]',
    );
    expect(() => scatterAdd(zeros([3]), int([3]), zeros([1]))).toThrow(
      'scatterAdd: index 3 (at position 0) is out of range for axis 0 of size 3',
    );
    expect(() => scatterAdd(zeros([3]), int([0]), zeros([1], 'int32'))).toThrow(
      'scatterAdd: updates are int32 but x is float32',
    );
  });
});

describe('oneHot', () => {
  it('adds a last axis of size depth', () => {
    expect(oneHot(int([[0, 1]]), 3).shape).toEqual([1, 2, 3]);
    expect(oneHot(tensor(2, undefined, 'int32'), 3).toArray()).toEqual([0, 0, 1]);
  });
  it('errors', () => {
    expect(() => oneHot(int([3]), 3)).toThrow('oneHot: index 3 (at position 0) is out of range');
    expect(() => oneHot(int([0]), 0)).toThrow('oneHot: depth must be an integer >= 1, got 0');
    expect(() => oneHot(tensor([0]), 2)).toThrow('oneHot: indices must be int32, got float32');
  });
});
