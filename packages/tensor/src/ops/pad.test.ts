import { checkGrads } from '@tsgrad/autograd';
import { describe, expect, it } from 'vitest';
import { ShapeError, ValueError } from '../errors.js';
import { tensor, zeros } from '../index.js';
import type { Tensor } from '../tensor.js';
import { broadcastTo } from './broadcast-to.js';
import { pad } from './pad.js';
import { tile } from './tile.js';

const f64 = (shape: number[]): Tensor => {
  const n = shape.reduce((p, d) => p * d, 1);
  return tensor(
    Array.from({ length: n }, (_, i) => Math.sin(2 * i + 1)),
    shape,
    'float64',
  );
};

describe('pad', () => {
  it('pads with a value; all-zero paddings return the input', () => {
    expect(
      pad(
        tensor([[1, 2]]),
        [
          [0, 1],
          [2, 0],
        ],
        7,
      ).toArray(),
    ).toEqual([
      [7, 7, 1, 2],
      [7, 7, 7, 7],
    ]);
    const x = zeros([2]);
    expect(pad(x, [[0, 0]])).toBe(x);
  });
  it('gradient slices back', () => {
    checkGrads(
      (x) =>
        pad(
          x,
          [
            [1, 2],
            [0, 1],
          ],
          3,
        ),
      [f64([2, 3])],
    );
  });
  it('errors', () => {
    expect(() => pad(zeros([2, 2]), [[1, 1]])).toThrow(ShapeError);
    expect(() => pad(zeros([2, 2]), [[1, 1]])).toThrow(
      'pad: paddings [[1,1]] must hold one [before, after] pair of integers >= 0 per axis of shape [2,2]',
    );
    expect(() => pad(zeros([2]), [[-1, 0]])).toThrow('pad: paddings [[-1,0]]');
  });
});

describe('tile', () => {
  it('repeats along each axis', () => {
    expect(
      tile(
        tensor([
          [1, 2],
          [3, 4],
        ]),
        [1, 2],
      ).toArray(),
    ).toEqual([
      [1, 2, 1, 2],
      [3, 4, 3, 4],
    ]);
  });
  it('gradient sums over the copies', () => {
    checkGrads((x) => tile(x, [2, 3]), [f64([2, 2])]);
    checkGrads((x) => tile(x, [3, 1, 2]), [f64([1, 2, 2])]);
  });
  it('errors', () => {
    expect(() => tile(zeros([2]), [2, 2])).toThrow(ValueError);
    expect(() => tile(zeros([2]), [2, 2])).toThrow(
      'tile: reps [2,2] must hold one integer >= 1 per axis of a rank-1 tensor',
    );
    expect(() => tile(zeros([2]), [0])).toThrow('tile: reps [0]');
  });
});

describe('broadcastTo', () => {
  it('adds leading axes and expands size-1 axes; the same shape returns the input', () => {
    expect(broadcastTo(tensor([[1], [2]]), [2, 2, 3]).shape).toEqual([2, 2, 3]);
    const x = zeros([2]);
    expect(broadcastTo(x, [2])).toBe(x);
  });
  it('gradient sums back', () => {
    checkGrads((x) => broadcastTo(x, [2, 3, 2]), [f64([3, 1])]);
  });
  it('errors', () => {
    expect(() => broadcastTo(zeros([3]), [4])).toThrow(
      'broadcastTo: cannot broadcast [3] with [4] (axis -1: 3 vs 4)',
    );
    expect(() => broadcastTo(zeros([2, 3]), [3])).toThrow(
      'broadcastTo: cannot broadcast [2,3] to [3]',
    );
  });
});
