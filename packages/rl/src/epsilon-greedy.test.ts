import { describe, expect, test } from 'vitest';
import {
  EpsilonGreedy,
  exponentialSchedule,
  greedyAction,
  linearSchedule,
} from './epsilon-greedy.js';

describe('schedules', () => {
  test('linear goes from start to end over steps, then stays', () => {
    const eps = linearSchedule({ start: 1, end: 0.05, steps: 10_000 });
    expect(eps(0)).toBe(1);
    expect(eps(5_000)).toBeCloseTo(0.525, 12);
    expect(eps(10_000)).toBeCloseTo(0.05, 12);
    expect(eps(1e9)).toBeCloseTo(0.05, 12);
    expect(eps(-5)).toBe(1);
  });

  test('exponential decays toward end by the factor per step', () => {
    const eps = exponentialSchedule({ start: 1, end: 0.05, decay: 0.999 });
    expect(eps(0)).toBe(1);
    expect(eps(1000)).toBeCloseTo(0.05 + 0.95 * 0.999 ** 1000, 12);
    expect(eps(1e6)).toBeCloseTo(0.05, 12);
  });

  test('bad options are errors naming the function and value', () => {
    expect(() => linearSchedule({ start: 1, end: 0, steps: 0 })).toThrow(
      'linearSchedule: steps must be a finite number > 0, got 0',
    );
    expect(() => exponentialSchedule({ start: 1, end: 0, decay: 1.5 })).toThrow(
      'exponentialSchedule: decay must be in (0, 1], got 1.5',
    );
    expect(() => linearSchedule({ start: Number.NaN, end: 0, steps: 1 })).toThrow(
      'linearSchedule: start must be a finite number, got NaN',
    );
  });
});

describe('EpsilonGreedy', () => {
  test('greedyAction takes the first maximum', () => {
    expect(greedyAction([0.1, 0.7, 0.7])).toBe(1);
    expect(greedyAction(new Float32Array([-3, -1, -2]))).toBe(1);
    expect(() => greedyAction([])).toThrow('greedyAction: values is empty');
  });

  test('ε = 0 is greedy, ε = 1 is uniform and never evaluates the greedy choice', () => {
    const greedy = new EpsilonGreedy({ numActions: 3, epsilon: 0, seed: 0 });
    expect(greedy.select([0, 5, 1])).toBe(1);
    expect(greedy.select(2)).toBe(2);
    expect(greedy.select(() => [9, 0, 0])).toBe(0);

    const random = new EpsilonGreedy({ numActions: 3, epsilon: 1, seed: 0 });
    let calls = 0;
    const counts = [0, 0, 0];
    for (let i = 0; i < 9000; i++)
      counts[
        random.select(() => {
          calls++;
          return 0;
        })
      ]++;
    expect(calls).toBe(0);
    for (const c of counts) expect(Math.abs(c - 3000)).toBeLessThan(225); // 5 sd
  });

  test('ε follows the schedule of the selection count, and the explored share matches it', () => {
    const explore = new EpsilonGreedy({
      numActions: 2,
      epsilon: linearSchedule({ start: 1, end: 0, steps: 1000 }),
      seed: 3,
    });
    expect(explore.epsilon).toBe(1);
    let nonGreedy = 0;
    for (let i = 0; i < 1000; i++) if (explore.select(0) !== 0) nonGreedy++;
    // Random half the time the random action differs from greedy: expected Σ ε/2 ≈ 250.
    expect(Math.abs(nonGreedy - 250)).toBeLessThan(60);
    expect(explore.steps).toBe(1000);
    expect(explore.epsilon).toBe(0);
    explore.steps = 500;
    expect(explore.epsilon).toBeCloseTo(0.5, 12);
  });

  test('the same seed gives the same actions', () => {
    const run = (seed: number) => {
      const e = new EpsilonGreedy({ numActions: 4, epsilon: 0.5, seed });
      return Array.from({ length: 50 }, () => e.select(3));
    };
    expect(run(1)).toEqual(run(1));
    expect(run(1)).not.toEqual(run(2));
  });

  test('misuse raises RlError', () => {
    expect(() => new EpsilonGreedy({ numActions: 0, epsilon: 0.1 })).toThrow(
      'EpsilonGreedy: numActions must be an integer >= 1, got 0',
    );
    expect(() => new EpsilonGreedy({ numActions: 2, epsilon: 1.5 })).toThrow(
      'EpsilonGreedy: epsilon must be in [0, 1], got 1.5',
    );
    const e = new EpsilonGreedy({ numActions: 2, epsilon: 0, seed: 0 });
    expect(() => e.select(2)).toThrow(
      'EpsilonGreedy.select: the greedy action must be an integer in [0, 1], got 2',
    );
    expect(() => e.select([1, 2, 3])).toThrow(
      'EpsilonGreedy.select: got 3 action values, expected numActions 2',
    );
    const bad = new EpsilonGreedy({ numActions: 2, epsilon: () => 2, seed: 0 });
    expect(() => bad.select(0)).toThrow(
      'EpsilonGreedy: epsilon at step 0 must be in [0, 1], got 2',
    );
  });
});
