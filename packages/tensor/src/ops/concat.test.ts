import { checkGrads } from '@tsgrad/autograd';
import { describe, expect, it } from 'vitest';
import { DTypeError, ShapeError, ValueError } from '../errors.js';
import { scalar, tensor, zeros } from '../index.js';
import type { Tensor } from '../tensor.js';
import { concat, stack } from './concat.js';

const f64 = (shape: number[], seed = 0): Tensor => {
  const n = shape.reduce((p, d) => p * d, 1);
  return tensor(
    Array.from({ length: n }, (_, i) => Math.cos(i + seed)),
    shape,
    'float64',
  );
};

describe('concat', () => {
  it('along each axis of a rank-3 tensor', () => {
    expect(concat([zeros([1, 2, 3]), zeros([2, 2, 3])], 0).shape).toEqual([3, 2, 3]);
    expect(concat([zeros([2, 1, 3]), zeros([2, 4, 3])], 1).shape).toEqual([2, 5, 3]);
    expect(concat([zeros([2, 2, 3]), zeros([2, 2, 1])], -1).shape).toEqual([2, 2, 4]);
  });
  it('one tensor is returned as is', () => {
    const x = zeros([2]);
    expect(concat([x])).toBe(x);
  });
  it('gradients along each axis, with three inputs', () => {
    checkGrads((a, b, c) => concat([a, b, c], 0), [f64([1, 2]), f64([2, 2], 1), f64([1, 2], 2)]);
    checkGrads((a, b) => concat([a, b], 1), [f64([2, 1, 2]), f64([2, 3, 2], 1)]);
    checkGrads((a, b) => concat([a, b], -1), [f64([2, 2]), f64([2, 1], 1)]);
  });
  it('the same tensor twice gets both gradients', () => {
    checkGrads((a) => concat([a, a], 0), [f64([2])]);
  });
  it('errors', () => {
    expect(() => concat([zeros([2, 3]), zeros([2, 4])], 0)).toThrow(ShapeError);
    expect(() => concat([zeros([2, 3]), zeros([2, 4])], 0)).toThrow(
      'concat: tensor 1 has shape [2,4], which does not match [2,3] outside axis 0',
    );
    expect(() => concat([zeros([2, 3]), zeros([3])], 1)).toThrow('concat: tensor 1 has shape [3]');
    expect(() => concat([zeros([2]), zeros([2], 'int32')])).toThrow(DTypeError);
    expect(() => concat([zeros([2]), zeros([2], 'int32')])).toThrow(
      'concat: all tensors need one dtype; tensor 0 is float32, tensor 1 is int32',
    );
    expect(() => concat([])).toThrow('concat: needs at least one tensor');
    expect(() => concat([zeros([2])], 1)).toThrow(ValueError);
  });
  it('refuses rank-0 tensors, which have no axis to join', () => {
    expect(() => concat([scalar(1), scalar(2)])).toThrow(ShapeError);
    expect(() => concat([scalar(1), scalar(2)])).toThrow(
      'concat: cannot join rank-0 tensors along an axis; use stack()',
    );
  });
});

describe('stack', () => {
  it('along a new first, middle and last axis; scalars stack into a vector', () => {
    expect(stack([zeros([2, 3]), zeros([2, 3])]).shape).toEqual([2, 2, 3]);
    expect(stack([zeros([2, 3]), zeros([2, 3])], 1).shape).toEqual([2, 2, 3]);
    expect(stack([zeros([2, 3]), zeros([2, 3]), zeros([2, 3])], -1).shape).toEqual([2, 3, 3]);
    expect(stack([scalar(1), scalar(2)]).toArray()).toEqual([1, 2]);
  });
  it('gradients', () => {
    checkGrads((a, b) => stack([a, b], 1), [f64([2, 2]), f64([2, 2], 1)]);
  });
  it('errors', () => {
    expect(() => stack([zeros([2]), zeros([3])])).toThrow(
      'stack: tensor 1 has shape [3], tensor 0 has [2]',
    );
    expect(() => stack([])).toThrow('stack: needs at least one tensor');
    expect(() => stack([zeros([2])], 2)).toThrow(
      'stack: axis 2 is out of range for a tensor of rank 2',
    );
  });
});
