import { checkGrads } from '@tsgrad/autograd';
import { describe, expect, it } from 'vitest';
import { ShapeError, ValueError } from '../errors.js';
import { arange, memory, tensor, zeros } from '../index.js';
import type { Tensor } from '../tensor.js';
import { expandDims, flatten, reshape, squeeze } from './reshape.js';
import { permute, transpose } from './transpose.js';

const f64 = (shape: number[]): Tensor => {
  const n = shape.reduce((p, d) => p * d, 1);
  return tensor(
    Array.from({ length: n }, (_, i) => i * 0.5 - 1),
    shape,
    'float64',
  );
};

describe('reshape', () => {
  it('infers one -1 dimension', () => {
    expect(reshape(arange(12), [3, -1]).shape).toEqual([3, 4]);
    expect(reshape(arange(12), [-1, 2, 2]).shape).toEqual([3, 2, 2]);
    expect(reshape(tensor(5), [1, 1]).shape).toEqual([1, 1]);
    expect(reshape(zeros([2, 0]), [0, 5]).shape).toEqual([0, 5]);
  });
  it('shares storage: the buffer count does not grow', () => {
    const x = arange(6);
    const before = memory().backends.cpu.numBuffers;
    const y = reshape(x, [2, 3]);
    expect(memory().backends.cpu.numBuffers).toBe(before);
    expect(y.toArray()).toEqual([
      [0, 1, 2],
      [3, 4, 5],
    ]);
  });
  it('keeps the data alive when the original is disposed', () => {
    const x = arange(4);
    const y = reshape(x, [2, 2]);
    x.dispose();
    expect(y.toArray()).toEqual([
      [0, 1],
      [2, 3],
    ]);
  });
  it('gradient flows back to the input shape', () => {
    checkGrads((x) => reshape(x, [3, -1]), [f64([2, 3])]);
    checkGrads((x) => flatten(x, 1), [f64([2, 3, 2])]);
    checkGrads((x) => squeeze(expandDims(x, 1)), [f64([2, 3])]);
  });
  it('errors name both shapes', () => {
    expect(() => reshape(arange(6), [4])).toThrow(ShapeError);
    expect(() => reshape(arange(6), [4])).toThrow(
      'reshape: cannot reshape [6] (size 6) to [4] (size 4)',
    );
    expect(() => reshape(arange(6), [4, -1])).toThrow(
      'reshape: cannot reshape [6] (size 6) to [4,-1]',
    );
    expect(() => reshape(arange(6), [-1, -1])).toThrow(
      'reshape: only one dimension may be -1, got [-1,-1]',
    );
    expect(() => reshape(arange(6), [2, 1.5])).toThrow('reshape: invalid dimension 1.5 in [2,1.5]');
  });
});

describe('flatten, squeeze, expandDims', () => {
  it('flatten all axes, from an axis and a range; a scalar becomes [1]', () => {
    expect(flatten(zeros([2, 3, 4])).shape).toEqual([24]);
    expect(flatten(zeros([2, 3, 4]), 1).shape).toEqual([2, 12]);
    expect(flatten(zeros([2, 3, 4, 5]), 1, 2).shape).toEqual([2, 12, 5]);
    expect(flatten(zeros([2, 3, 4]), -2).shape).toEqual([2, 12]);
    expect(flatten(tensor(3)).shape).toEqual([1]);
    expect(() => flatten(zeros([2, 3]), 1, 0)).toThrow(
      'flatten: startAxis 1 comes after endAxis 0',
    );
  });
  it('squeeze all size-1 axes or the named ones', () => {
    expect(squeeze(zeros([1, 3, 1])).shape).toEqual([3]);
    expect(squeeze(zeros([1, 3, 1]), -1).shape).toEqual([1, 3]);
    expect(squeeze(zeros([1, 3, 1]), [0, 2]).shape).toEqual([3]);
    expect(() => squeeze(zeros([1, 3]), 1)).toThrow(
      'squeeze: axis 1 of shape [1,3] has size 3, not 1',
    );
    expect(() => squeeze(zeros([1, 3]), 2)).toThrow(ValueError);
  });
  it('expandDims at the front, the end and negative positions', () => {
    expect(expandDims(zeros([2, 3])).shape).toEqual([1, 2, 3]);
    expect(expandDims(zeros([2, 3]), 2).shape).toEqual([2, 3, 1]);
    expect(expandDims(zeros([2, 3]), -2).shape).toEqual([2, 1, 3]);
    expect(() => expandDims(zeros([2, 3]), 3)).toThrow(
      'expandDims: axis 3 is out of range for a tensor of rank 3',
    );
  });
});

describe('transpose', () => {
  it('reverses the axes by default; identity perms return the input', () => {
    const x = zeros([2, 3, 4]);
    expect(transpose(x).shape).toEqual([4, 3, 2]);
    expect(transpose(x, [0, 1, 2])).toBe(x);
    expect(permute(x, [1, 2, 0]).shape).toEqual([3, 4, 2]);
  });
  it('values of a rank-4 permutation', () => {
    const x = reshape(arange(24), [1, 2, 3, 4]);
    const y = transpose(x, [3, 1, 0, 2]);
    expect(y.shape).toEqual([4, 2, 1, 3]);
    // y[d][b][a][c] = x[a][b][c][d] = 12b + 4c + d
    expect((y.toArray() as number[][][][])[3][1][0]).toEqual([15, 19, 23]);
  });
  it('gradients with several permutations', () => {
    for (const perm of [
      [1, 0, 2],
      [2, 0, 1],
      [0, 2, 1],
      [2, 1, 0],
    ])
      checkGrads((x) => transpose(x, perm), [f64([2, 3, 2])]);
  });
  it('refuses repeated or missing axes', () => {
    expect(() => transpose(zeros([2, 3]), [0, 0])).toThrow(
      'transpose: perm [0,0] is not a permutation of 2 axes',
    );
    expect(() => transpose(zeros([2, 3]), [0])).toThrow(
      'transpose: perm [0] is not a permutation of 2 axes',
    );
    expect(() => transpose(zeros([2, 3]), [0, 2])).toThrow(
      'transpose: axis 2 is out of range for a tensor of rank 2',
    );
  });
});
