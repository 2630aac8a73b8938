import { describe, expect, it } from 'vitest';
import { averagePrecision, precisionRecallCurve } from './pr-curve.js';

function closeAll(actual: number[], expected: number[]) {
  expect(actual).toHaveLength(expected.length);
  actual.forEach((v, i) => {
    expect(v).toBeCloseTo(expected[i], 8);
  });
}

describe('precisionRecallCurve', () => {
  it('matches the scikit-learn docs example', () => {
    const { precision, recall, thresholds } = precisionRecallCurve(
      [0, 0, 1, 1],
      [0.1, 0.4, 0.35, 0.8],
    );
    closeAll(precision, [0.5, 2 / 3, 0.5, 1, 1]);
    closeAll(recall, [1, 1, 0.5, 0.5, 0]);
    expect(thresholds).toEqual([0.1, 0.35, 0.4, 0.8]);
  });

  it('honours posLabel and merges ties', () => {
    const { precision, recall, thresholds } = precisionRecallCurve([5, 7, 7], [0.5, 0.5, 0.9], {
      posLabel: 7,
    });
    expect(thresholds).toEqual([0.5, 0.9]);
    closeAll(precision, [2 / 3, 1, 1]);
    closeAll(recall, [1, 0.5, 0]);
  });

  it('throws clear errors', () => {
    expect(() => precisionRecallCurve([0, 0], [0.1, 0.2])).toThrow(
      'precisionRecallCurve: no positive samples (label 1) in yTrue; recall is undefined',
    );
    expect(() => precisionRecallCurve([0, 1], [0.1, Number.NaN])).toThrow(
      'precisionRecallCurve: yScore[1] is NaN',
    );
    expect(() => precisionRecallCurve([0, 1], [0.1])).toThrow(
      'precisionRecallCurve: yTrue has 2 elements but yScore has 1',
    );
  });
});

describe('averagePrecision', () => {
  it('matches the scikit-learn docs example', () => {
    expect(averagePrecision([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8])).toBeCloseTo(0.8333333333, 8);
  });

  it('is 1 for a perfect ranking; all positives gives 1', () => {
    expect(averagePrecision([0, 1, 1], [0.1, 0.8, 0.9])).toBe(1);
    expect(averagePrecision([1, 1], [0.1, 0.8])).toBe(1);
  });

  it('hand-computed with a tensor-like', () => {
    // sorted: 0.9 P, 0.8 N, 0.7 P, 0.6 N → P@R: (1, 0.5), (2/3, 1) → AP = 0.5·1 + 0.5·2/3
    const s = { shape: [4], dataSync: () => new Float32Array([0.9, 0.8, 0.7, 0.6]) };
    expect(averagePrecision([1, 0, 1, 0], s)).toBeCloseTo(0.5 + 1 / 3, 6);
  });

  it('throws when there is no positive sample', () => {
    expect(() => averagePrecision([0, 0], [0.1, 0.2])).toThrow(
      'averagePrecision: no positive samples (label 1) in yTrue; recall is undefined',
    );
  });
});
