import { describe, expect, it } from 'vitest';
import { accuracy, topKAccuracy } from './accuracy.js';

describe('accuracy', () => {
  it('matches scikit-learn on labels', () => {
    expect(accuracy([0, 1, 2, 3], [0, 2, 1, 3])).toBe(0.5);
    expect(accuracy(new Int32Array([1, 1]), new Uint8Array([1, 1]))).toBe(1);
  });

  it('argmaxes probabilities or logits [N, C]', () => {
    expect(
      accuracy(
        [1, 0, 2],
        [
          [0.2, 0.8, 0],
          [0.6, 0.4, 0],
          [3, -1, 2],
        ],
      ),
    ).toBeCloseTo(2 / 3);
  });

  it('accepts one-hot yTrue', () => {
    expect(
      accuracy(
        [
          [0, 1],
          [1, 0],
        ],
        [
          [0.2, 0.8],
          [0.1, 0.9],
        ],
      ),
    ).toBe(0.5);
  });

  it('thresholds 1-D scores and [N, 1] sigmoid outputs', () => {
    expect(accuracy([1, 0, 1], [0.9, 0.4, 0.3], { threshold: 0.5 })).toBeCloseTo(2 / 3);
    expect(accuracy([1, 0], [[0.5], [0.49]], { threshold: 0.5 })).toBe(1);
  });

  it('takes a tensor-like', () => {
    const yPred = {
      shape: [2, 3],
      dataSync: () => new Float32Array([0.1, 0.7, 0.2, 0.8, 0.1, 0.1]),
    };
    const yTrue = { shape: [2], dataSync: () => new Int32Array([1, 2]) };
    expect(accuracy(yTrue, yPred)).toBe(0.5);
  });

  it('throws clear errors', () => {
    expect(() => accuracy([], [])).toThrow('accuracy: empty input');
    expect(() => accuracy(new Array(10).fill(0), new Array(12).fill(0))).toThrow(
      'accuracy: yTrue has 10 elements but yPred has 12',
    );
    expect(() => accuracy([0, 1], [[0.1, 0.9]])).toThrow(
      'accuracy: yTrue has 2 samples (shape [2]) but yPred has 1 (shape [1,2])',
    );
    expect(() => accuracy([0, 1], [0.2, 0.8])).toThrow(
      'accuracy: yPred[0] is 0.2, not an integer label; pass threshold to turn scores into labels',
    );
    expect(() => accuracy([0, 1.5], [0, 1])).toThrow(
      'accuracy: yTrue[1] is 1.5, not an integer label',
    );
    expect(() =>
      accuracy(
        [0, 3],
        [
          [0.1, 0.9],
          [0.3, 0.7],
        ],
      ),
    ).toThrow('accuracy: label 3 is outside [0, 2) (yTrue[1])');
    expect(() =>
      accuracy(
        [0, 1],
        [
          [0.1, Number.NaN],
          [0.3, 0.7],
        ],
      ),
    ).toThrow('accuracy: yPred[0][1] is NaN');
    expect(() => accuracy([0, 1], [0.2, 0.8], { threshold: Number.NaN })).toThrow(
      'accuracy: threshold must be a number, got NaN',
    );
    expect(() => accuracy([[1, 0, 0]], [[0.1, 0.9]])).toThrow(
      'accuracy: yTrue has shape [1,3] but yPred has shape [1,2]; their class counts differ',
    );
  });
});

describe('topKAccuracy', () => {
  const scores = [
    [0.5, 0.2, 0.2],
    [0.3, 0.4, 0.2],
    [0.2, 0.4, 0.3],
    [0.7, 0.2, 0.1],
  ];

  it('matches the scikit-learn docs example', () => {
    expect(topKAccuracy([0, 1, 2, 2], scores, 2)).toBe(0.75);
    expect(topKAccuracy([0, 1, 2, 2], scores, 1)).toBe(0.5);
    expect(topKAccuracy([0, 1, 2, 2], scores, 3)).toBe(1);
    expect(topKAccuracy([0, 1, 2, 2], scores, 10)).toBe(1);
  });

  it('counts ties in the sample’s favour', () => {
    // True class 2 ties with class 1 for second place.
    expect(topKAccuracy([2], [[0.6, 0.2, 0.2]], 2)).toBe(1);
    expect(topKAccuracy([2], [[0.6, 0.3, 0.2]], 2)).toBe(0);
  });

  it('throws clear errors', () => {
    expect(() => topKAccuracy([0], scores.slice(0, 1), 0)).toThrow(
      'topKAccuracy: k must be a positive integer, got 0',
    );
    expect(() => topKAccuracy([0], scores.slice(0, 1), 1.5)).toThrow(
      'topKAccuracy: k must be a positive integer, got 1.5',
    );
    expect(() => topKAccuracy([0, 1], [0.3, 0.4], 1)).toThrow(
      'topKAccuracy: yScore must be 2-D [N, C] scores, got shape [2]',
    );
    expect(() => topKAccuracy([0, 5], scores.slice(0, 2), 1)).toThrow(
      'topKAccuracy: label 5 is outside [0, 3) (yTrue[1])',
    );
    expect(() => topKAccuracy([], [], 1)).toThrow('topKAccuracy: empty input');
    expect(() => topKAccuracy([0], [[Number.NaN, 1]], 1)).toThrow(
      'topKAccuracy: yScore[0][0] is NaN',
    );
    expect(() => topKAccuracy([0, 1, 2], scores, 1)).toThrow(
      'topKAccuracy: yTrue has 3 samples (shape [3]) but yScore has 4 (shape [4,3])',
    );
  });
});
