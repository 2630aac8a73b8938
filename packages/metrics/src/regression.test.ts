import { describe, expect, it } from 'vitest';
import {
  explainedVariance,
  meanAbsoluteError,
  meanSquaredError,
  r2Score,
  rootMeanSquaredError,
} from './regression.js';

// The scikit-learn docs examples.
const yTrue = [3, -0.5, 2, 7];
const yPred = [2.5, 0.0, 2, 8];
const mTrue = [
  [0.5, 1],
  [-1, 1],
  [7, -6],
];
const mPred = [
  [0, 2],
  [-1, 2],
  [8, -5],
];

describe('regression metrics', () => {
  it('meanSquaredError', () => {
    expect(meanSquaredError(yTrue, yPred)).toBeCloseTo(0.375, 10);
    expect(meanSquaredError(mTrue, mPred)).toBeCloseTo(0.7083333333, 8);
  });
  it('meanAbsoluteError', () => {
    expect(meanAbsoluteError(yTrue, yPred)).toBeCloseTo(0.5, 10);
    expect(meanAbsoluteError(mTrue, mPred)).toBeCloseTo(0.75, 10);
  });
  it('rootMeanSquaredError', () => {
    expect(rootMeanSquaredError(yTrue, yPred)).toBeCloseTo(0.6123724357, 8);
    expect(rootMeanSquaredError(mTrue, mPred)).toBeCloseTo(0.8227486122, 8);
  });
  it('r2Score', () => {
    expect(r2Score(yTrue, yPred)).toBeCloseTo(0.948608137, 8);
    expect(r2Score(mTrue, mPred)).toBeCloseTo(0.9368005267, 8);
    expect(r2Score([1, 2, 3], [1, 2, 3])).toBe(1);
    expect(r2Score([1, 2, 3], [2, 2, 2])).toBe(0);
    expect(r2Score([1, 2, 3], [3, 2, 1])).toBeCloseTo(-3, 10);
  });
  it('r2Score on a constant target: 1 if perfect, else 0 (scikit-learn force_finite)', () => {
    expect(r2Score([-2, -2, -2], [-2, -2, -2])).toBe(1);
    expect(r2Score([-2, -2, -2], [-2, -2, -2 + 1e-8])).toBe(0);
  });
  it('explainedVariance: 1 − Var(y − ŷ)/Var(y), blind to a constant offset', () => {
    // Residuals [0.5, -0.5, 0, -1]: variance 0.3125; Var(y) = 7.296875.
    expect(explainedVariance(yTrue, yPred)).toBeCloseTo(1 - 0.3125 / 7.296875, 14);
    expect(explainedVariance(yTrue, yPred)).toBeCloseTo(0.9571734475, 9);
    // Per output 0.96774… and 1, averaged (scikit-learn's 'uniform_average')
    expect(explainedVariance(mTrue, mPred)).toBeCloseTo(0.9838709677, 9);
    expect(explainedVariance([1, 2, 3], [2, 3, 4])).toBe(1);
    expect(r2Score([1, 2, 3], [2, 3, 4])).toBeCloseTo(-0.5, 12); // R² does see the offset
    expect(explainedVariance([1, 2, 3], [3, 2, 1])).toBeCloseTo(-3, 12);
  });
  it('explainedVariance on a constant target: 1 if the residuals are constant, else 0', () => {
    expect(explainedVariance([2, 2, 2], [2, 2, 2])).toBe(1);
    expect(explainedVariance([2, 2, 2], [1, 1, 1])).toBe(1);
    expect(explainedVariance([2, 2, 2], [1, 2, 3])).toBe(0);
    expect(() => explainedVariance([1], [1])).toThrow(
      'explainedVariance: needs at least two samples, got 1',
    );
    expect(() => explainedVariance([], [])).toThrow('explainedVariance: empty input');
    expect(() => explainedVariance([1, 2], [1])).toThrow(
      'explainedVariance: yTrue has 2 elements but yPred has 1',
    );
  });
  it('treats [N] and [N, 1] alike and takes tensor-likes', () => {
    const t = { shape: [4, 1], dataSync: () => new Float64Array(yPred) };
    expect(meanSquaredError(yTrue, t)).toBeCloseTo(0.375, 10);
    expect(meanSquaredError(new Float32Array(yTrue), [[2.5], [0], [2], [8]])).toBeCloseTo(0.375, 6);
  });
  it('throws clear errors', () => {
    expect(() => meanSquaredError([1, 2, 3], [1, 2])).toThrow(
      'meanSquaredError: yTrue has 3 elements but yPred has 2',
    );
    expect(() => meanAbsoluteError(mTrue, [1, 2, 3])).toThrow(
      'meanAbsoluteError: yTrue has shape [3,2] but yPred has shape [3]',
    );
    expect(() => rootMeanSquaredError([], [])).toThrow('rootMeanSquaredError: empty input');
    expect(() => meanSquaredError([1, Number.NaN], [1, 2])).toThrow(
      'meanSquaredError: yTrue[1] is NaN',
    );
    expect(() =>
      meanSquaredError(
        [1, 2],
        [
          [1, 2],
          [Number.NaN, 1],
        ].map((r) => r[0]),
      ),
    ).toThrow('meanSquaredError: yPred[1] is NaN');
    expect(() => r2Score([1], [1])).toThrow('r2Score: needs at least two samples, got 1');
  });
});
