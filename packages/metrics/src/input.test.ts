import { describe, expect, it } from 'vitest';
import { toDense, toLabels } from './input.js';

describe('toDense', () => {
  it('takes number[], typed arrays, nested arrays and tensor-likes', () => {
    expect(toDense('f', 'x', [1, 2, 3]).shape).toEqual([3]);
    expect(toDense('f', 'x', new Float32Array([1, 2])).shape).toEqual([2]);
    const nested = toDense('f', 'x', [
      [1, 2, 3],
      [4, 5, 6],
    ]);
    expect(nested.shape).toEqual([2, 3]);
    expect(Array.from(nested.data)).toEqual([1, 2, 3, 4, 5, 6]);
    const t = toDense('f', 'x', {
      shape: [2, 3],
      dataSync: () => new Float32Array([1, 2, 3, 4, 5, 6]),
    });
    expect(t.rows).toBe(2);
    expect(t.cols).toBe(3);
    expect(toDense('f', 'x', []).shape).toEqual([0]);
  });

  it('rejects other shapes and values by position', () => {
    expect(() =>
      toDense('f', 'yPred', { shape: [2, 2, 2], dataSync: () => new Float32Array(8) }),
    ).toThrow('f: yPred must be 1-D [N] or 2-D [N, C], got shape [2,2,2]');
    expect(() => toDense('f', 'yPred', { shape: [], dataSync: () => new Float32Array(1) })).toThrow(
      'f: yPred must be 1-D [N] or 2-D [N, C], got shape []',
    );
    expect(() =>
      toDense('f', 'yPred', { shape: [3], dataSync: () => new Float32Array(2) }),
    ).toThrow('f: yPred has shape [3] (3 elements) but dataSync() returned 2');
    expect(() => toDense('f', 'yPred', [[1, 2], [3]])).toThrow(
      'f: yPred[1] has 1 columns but yPred[0] has 2',
    );
    expect(() => toDense('f', 'yPred', [[[1]], [[2]]] as any)).toThrow(
      'f: yPred[0][0] is an array, expected a number; inputs must be 1-D [N] or 2-D [N, C]',
    );
    expect(() => toDense('f', 'yTrue', [1, '2', 3] as any)).toThrow(
      'f: yTrue[1] is "2", expected a number',
    );
    expect(() => toDense('f', 'yTrue', 'abc' as any)).toThrow(
      'f: yTrue must be an array, typed array, number[][] or tensor-like {shape, dataSync}, got "abc"',
    );
    expect(() => toDense('f', 'yTrue', [[]])).toThrow('f: yTrue has rows of length 0');
  });
});

describe('toLabels', () => {
  it('argmaxes [N, C] rows, first index on ties', () => {
    const v = toLabels(
      'f',
      'yPred',
      toDense('f', 'yPred', [
        [0.1, 0.9],
        [0.5, 0.5],
        [-1, -3],
      ]),
    );
    expect(Array.from(v.labels)).toEqual([1, 0, 0]);
    expect(v.columns).toBe(2);
  });

  it('thresholds 1-D and [N, 1] scores with >=', () => {
    expect(
      Array.from(toLabels('f', 'yPred', toDense('f', 'yPred', [0.2, 0.5, 0.7]), 0.5).labels),
    ).toEqual([0, 1, 1]);
    expect(
      Array.from(toLabels('f', 'yPred', toDense('f', 'yPred', [[0.2], [0.9]]), 0.5).labels),
    ).toEqual([0, 1]);
  });

  it('names the first bad value', () => {
    expect(() => toLabels('f', 'yPred', toDense('f', 'yPred', [1, 0.3]))).toThrow(
      'f: yPred[1] is 0.3, not an integer label; pass threshold to turn scores into labels',
    );
    expect(() => toLabels('f', 'yTrue', toDense('f', 'yTrue', [1, Number.NaN]))).toThrow(
      'f: yTrue[1] is NaN, not an integer label',
    );
    expect(() => toLabels('f', 'yPred', toDense('f', 'yPred', [[0.1, Number.NaN]]))).toThrow(
      'f: yPred[0][1] is NaN',
    );
    expect(() => toLabels('f', 'yPred', toDense('f', 'yPred', [0.1, Number.NaN]), 0.5)).toThrow(
      'f: yPred[1] is NaN',
    );
    expect(() => toLabels('f', 'yPred', toDense('f', 'yPred', [[0.1, 0.9]]), 0.5)).toThrow(
      'f: threshold applies to 1-D scores, but yPred has shape [1,2]; rows of 2 scores are reduced by argmax',
    );
  });
});
