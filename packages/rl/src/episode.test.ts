import { describe, expect, test } from 'vitest';
import { CartPole } from './cart-pole.js';
import { MovingAverage, evaluatePolicy, runEpisode } from './episode.js';

describe('episodes', () => {
  test('runEpisode stops at maxSteps and reseeds the start', () => {
    const env = new CartPole({ seed: 0 });
    const pd = (o: Float32Array) => (o[2] + 0.5 * o[3] > 0 ? 1 : 0);
    expect(runEpisode(env, pd, { maxSteps: 10 })).toEqual({
      return: 10,
      steps: 10,
      terminated: false,
    });
    const steps: number[] = [];
    runEpisode(
      env,
      (_, t) => {
        steps.push(t);
        return 1;
      },
      { seed: 4 },
    );
    expect(steps.slice(0, 3)).toEqual([0, 1, 2]);
    const a = runEpisode(env, () => 0, { seed: 4 });
    const b = runEpisode(env, () => 0, { seed: 4 });
    expect(a).toEqual(b);
    expect(() => runEpisode(env, pd, { maxSteps: 0 })).toThrow(
      'runEpisode: maxSteps must be an integer >= 1, got 0',
    );
  });

  test('evaluatePolicy returns one total per episode', () => {
    const returns = evaluatePolicy(new CartPole({ seed: 0 }), () => 1, 5);
    expect(returns).toHaveLength(5);
    for (const r of returns) expect(r).toBeGreaterThanOrEqual(8);
  });
});

describe('MovingAverage', () => {
  test('averages the last window values', () => {
    const avg = new MovingAverage(3);
    expect(avg.mean).toBeNaN();
    avg.push(1).push(2);
    expect([avg.mean, avg.full, avg.size]).toEqual([1.5, false, 2]);
    avg.push(3).push(10);
    expect([avg.mean, avg.full, avg.size]).toEqual([5, true, 3]);
    expect(() => avg.push(Number.POSITIVE_INFINITY)).toThrow(
      'MovingAverage.push: value must be finite, got Infinity',
    );
    expect(() => new MovingAverage(0)).toThrow(
      'MovingAverage: window must be an integer >= 1, got 0',
    );
  });
});
