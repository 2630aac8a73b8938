import { describe, expect, test } from 'vitest';
import { discountedReturns, generalizedAdvantages, standardize } from './returns.js';

const close = (a: ArrayLike<number>, b: number[]) => {
  expect(a.length).toBe(b.length);
  for (let i = 0; i < b.length; i++) expect(a[i]).toBeCloseTo(b[i], 10);
};

describe('discountedReturns', () => {
  test('sums discounted future rewards backwards', () => {
    close(discountedReturns([1, 1, 1], { gamma: 0.9 }), [2.71, 1.9, 1]);
    close(discountedReturns([0, 0, 10], { gamma: 0.5 }), [2.5, 5, 10]);
    close(discountedReturns([1, 2], { gamma: 0 }), [1, 2]);
  });

  test('does not carry returns across episode ends, and bootstraps a cut-off rollout', () => {
    close(discountedReturns([1, 1, 1, 1], { gamma: 0.5, dones: [0, 1, 0, 0] }), [1.5, 1, 1.5, 1]);
    close(discountedReturns([1, 1], { gamma: 0.5, bootstrapValue: 4 }), [2.5, 3]);
    close(discountedReturns([1, 1], { gamma: 0.5, bootstrapValue: 4, dones: [0, true] }), [1.5, 1]);
  });

  test('bad input raises RlError', () => {
    expect(() => discountedReturns([1], { gamma: 1.1 })).toThrow(
      'discountedReturns: gamma must be in [0, 1], got 1.1',
    );
    expect(() => discountedReturns([1, Number.NaN], { gamma: 0.9 })).toThrow(
      'discountedReturns: rewards[1] must be finite, got NaN',
    );
    expect(() => discountedReturns([1, 2], { gamma: 0.9, dones: [0] })).toThrow(
      'discountedReturns: dones has 1 entries but rewards has 2',
    );
  });
});

describe('generalizedAdvantages', () => {
  const rewards = [1, 0.5, 2, 1, 1];
  const values = [3, 2.5, 2, 1.5, 0.7];
  const dones = [0, 0, 1, 0, 0];

  test('λ = 1 gives Monte Carlo returns minus the values', () => {
    const { advantages, returns } = generalizedAdvantages({
      rewards,
      values,
      dones,
      lastValue: 0.4,
      gamma: 0.9,
      lambda: 1,
    });
    const mc = discountedReturns(rewards, { gamma: 0.9, dones, bootstrapValue: 0.4 });
    close(returns, Array.from(mc));
    close(
      advantages,
      Array.from(mc, (g, i) => g - values[i]),
    );
  });

  test('λ = 0 gives one-step TD errors', () => {
    const { advantages } = generalizedAdvantages({
      rewards,
      values,
      dones,
      lastValue: 0.4,
      gamma: 0.9,
      lambda: 0,
    });
    const next = [2.5, 2, 0, 0.7, 0.4];
    close(
      advantages,
      rewards.map((r, t) => r + 0.9 * next[t] - values[t]),
    );
  });

  test('in between, A_t = δ_t + γλ·A_{t+1}', () => {
    const { advantages } = generalizedAdvantages({
      rewards: [1, 1],
      values: [0.5, 0.2],
      gamma: 0.9,
      lambda: 0.5,
    });
    const d1 = 1 - 0.2;
    const d0 = 1 + 0.9 * 0.2 - 0.5;
    close(advantages, [d0 + 0.45 * d1, d1]);
  });

  test('lengths must agree', () => {
    expect(() =>
      generalizedAdvantages({ rewards: [1], values: [1, 2], gamma: 1, lambda: 1 }),
    ).toThrow('generalizedAdvantages: values has 2 entries but rewards has 1');
  });
});

describe('standardize', () => {
  test('gives mean 0 and std 1; a constant gives zeros', () => {
    close(standardize([1, 2, 3], 0), [-Math.sqrt(1.5), 0, Math.sqrt(1.5)]);
    close(standardize([5, 5]), [0, 0]);
    expect(() => standardize([])).toThrow('standardize: values is empty');
  });
});
