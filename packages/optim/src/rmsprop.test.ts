import { describe, expect, it } from 'vitest';
import { rmsprop } from './rmsprop.js';
import { closeTo, trace } from './test-helpers.js';

const eps = 1e-7;

describe('rmsprop', () => {
  it('v ← ρ·v + (1 − ρ)·g²; p ← p − lr·g/(√v + ε)', () => {
    const got = trace(rmsprop({ learningRate: 0.01 }), [1], [[2], [-1]]);
    const v1 = 0.1 * 4;
    const p1 = 1 - (0.01 * 2) / (Math.sqrt(v1) + eps);
    const v2 = 0.9 * v1 + 0.1 * 1;
    expect(closeTo(got, [[p1], [p1 - (0.01 * -1) / (Math.sqrt(v2) + eps)]])).toBe(true);
  });

  it('centered subtracts the squared mean gradient', () => {
    const got = trace(rmsprop({ learningRate: 0.01, rho: 0.5, centered: true }), [1], [[2], [-1]]);
    const v1 = 0.5 * 4;
    const a1 = 0.5 * 2;
    const p1 = 1 - (0.01 * 2) / (Math.sqrt(v1 - a1 * a1) + eps);
    const v2 = 0.5 * v1 + 0.5 * 1;
    const a2 = 0.5 * a1 + 0.5 * -1;
    expect(closeTo(got, [[p1], [p1 - (0.01 * -1) / (Math.sqrt(v2 - a2 * a2) + eps)]])).toBe(true);
  });

  it('momentum: b ← μ·b + g/(√v + ε); p ← p − lr·b', () => {
    const got = trace(
      rmsprop({ learningRate: 0.01, momentum: 0.9, weightDecay: 0.5 }),
      [1],
      [[2], [-1]],
    );
    const g1 = 2 + 0.5 * 1;
    const v1 = 0.1 * g1 * g1;
    const b1 = g1 / (Math.sqrt(v1) + eps);
    const p1 = 1 - 0.01 * b1;
    const g2 = -1 + 0.5 * p1;
    const v2 = 0.9 * v1 + 0.1 * g2 * g2;
    const b2 = 0.9 * b1 + g2 / (Math.sqrt(v2) + eps);
    expect(closeTo(got, [[p1], [p1 - 0.01 * b2]])).toBe(true);
  });

  it('validates its hyperparameters', () => {
    expect(() => rmsprop({ rho: 1 })).toThrow('rmsprop: rho must be in [0, 1), got 1');
    expect(() => rmsprop({ momentum: -0.1 })).toThrow(
      'rmsprop: momentum must be in [0, 1), got -0.1',
    );
    expect(() => rmsprop({ centered: 1 as any })).toThrow(
      'rmsprop: centered must be a boolean, got 1',
    );
  });
});
