import { checkGrads } from '@tsgrad/autograd';
import { describe, expect, it } from 'vitest';
import { ShapeError, ValueError } from '../errors.js';
import { arange, reshape, tensor } from '../index.js';
import type { Tensor } from '../tensor.js';
import { slice, split } from './slice.js';

const f64 = (shape: number[]): Tensor => {
  const n = shape.reduce((p, d) => p * d, 1);
  return tensor(
    Array.from({ length: n }, (_, i) => Math.sin(i)),
    shape,
    'float64',
  );
};

describe('slice', () => {
  it('blocks, -1 sizes and short begin/size', () => {
    const x = reshape(arange(12), [3, 4]);
    expect(slice(x, [1, 1], [2, 2]).toArray()).toEqual([
      [5, 6],
      [9, 10],
    ]);
    expect(slice(x, [2]).toArray()).toEqual([[8, 9, 10, 11]]);
    expect(slice(x, [0, 3], [-1, 1]).toArray()).toEqual([[3], [7], [11]]);
    expect(slice(x, [1, 0], [0, 4]).shape).toEqual([0, 4]);
  });
  it('returns the input when the block is the whole tensor', () => {
    const x = arange(3);
    expect(slice(x, [0], [3])).toBe(x);
  });
  it('gradient pads back to the input', () => {
    checkGrads((x) => slice(x, [1, 0, 1], [1, 2, -1]), [f64([2, 3, 3])]);
  });
  it('errors name begin, size and shape', () => {
    const x = reshape(arange(12), [3, 4]);
    expect(() => slice(x, [2, 0], [2, 4])).toThrow(ShapeError);
    expect(() => slice(x, [2, 0], [2, 4])).toThrow(
      'slice: begin [2,0] with size [2,4] is outside shape [3,4] (axis 0)',
    );
    expect(() => slice(x, [0, -1])).toThrow(
      'slice: begin [0,-1] with size [3,5] is outside shape [3,4] (axis 1)',
    );
    expect(() => slice(x, [0, 0, 0])).toThrow(
      'slice: begin [0,0,0] / size [] have more axes than shape [3,4]',
    );
    expect(() => slice(x, [0.5])).toThrow('outside shape [3,4] (axis 0)');
  });
});

describe('split', () => {
  it('into equal parts and by sizes, along any axis', () => {
    const x = reshape(arange(12), [2, 6]);
    expect(split(x, 3, 1).map((t) => t.shape)).toEqual([
      [2, 2],
      [2, 2],
      [2, 2],
    ]);
    expect(split(x, [1, 5], -1)[1].toArray()).toEqual([
      [1, 2, 3, 4, 5],
      [7, 8, 9, 10, 11],
    ]);
    expect(split(x, 2)[1].toArray()).toEqual([[6, 7, 8, 9, 10, 11]]);
  });
  it('gradients of each part', () => {
    checkGrads((x) => split(x, [1, 2], 1)[1], [f64([2, 3])]);
    checkGrads((x) => split(x, 2, 0)[0], [f64([4, 2])]);
  });
  it('errors', () => {
    expect(() => split(arange(5), 2)).toThrow(ValueError);
    expect(() => split(arange(5), 2)).toThrow(
      'split: axis 0 of size 5 does not split into 2 equal parts',
    );
    expect(() => split(arange(5), [2, 2])).toThrow(
      'split: sizes [2,2] add up to 4, but axis 0 has size 5',
    );
    expect(() => split(arange(5), 1, 1)).toThrow(
      'split: axis 1 is out of range for a tensor of rank 1',
    );
  });
});
