import { describe, expect, it } from 'vitest';
import { adagrad } from './adagrad.js';
import { closeTo, trace } from './test-helpers.js';

describe('adagrad', () => {
  it('s ← s + g²; p ← p − lr·g/(√s + ε)', () => {
    const eps = 1e-7;
    const got = trace(
      adagrad({ learningRate: 0.5 }),
      [1, 1],
      [
        [2, -0.5],
        [1, 0.5],
      ],
    );
    const s1 = [0.1 + 4, 0.1 + 0.25];
    const p1 = [
      1 - (0.5 * 2) / (Math.sqrt(s1[0]) + eps),
      1 - (0.5 * -0.5) / (Math.sqrt(s1[1]) + eps),
    ];
    const s2 = [s1[0] + 1, s1[1] + 0.25];
    const p2 = [
      p1[0] - (0.5 * 1) / (Math.sqrt(s2[0]) + eps),
      p1[1] - (0.5 * 0.5) / (Math.sqrt(s2[1]) + eps),
    ];
    expect(closeTo(got, [p1, p2])).toBe(true);
  });

  it('initialAccumulatorValue, epsilon and weightDecay', () => {
    const got = trace(
      adagrad({ learningRate: 0.1, initialAccumulatorValue: 0, epsilon: 0.5, weightDecay: 0.1 }),
      [2],
      [[1]],
    );
    const g = 1 + 0.1 * 2;
    expect(closeTo(got, [[2 - (0.1 * g) / (Math.sqrt(g * g) + 0.5)]])).toBe(true);
  });

  it('validates its hyperparameters', () => {
    expect(() => adagrad({ learningRate: 0 })).toThrow('adagrad: learningRate must be > 0, got 0');
    expect(() => adagrad({ initialAccumulatorValue: -1 })).toThrow(
      'adagrad: initialAccumulatorValue must be >= 0, got -1',
    );
    expect(() => adagrad({ epsilon: -1e-7 })).toThrow('adagrad: epsilon must be >= 0, got -1e-7');
    expect(() => adagrad({ weightDecay: Number.NaN })).toThrow(
      'adagrad: weightDecay must be >= 0, got NaN',
    );
  });
});
