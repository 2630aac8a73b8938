import { registerWasmBackend } from '@tsgrad/backend-wasm';
import { setBackend } from '@tsgrad/tensor';
import { beforeAll, describe, expect, test } from 'vitest';
import { trainDqn } from './dqn.js';

const mean = (a: number[]) => a.reduce((s, v) => s + v, 0) / a.length;

describe('DQN on CartPole', () => {
  beforeAll(() => setBackend(registerWasmBackend()));

  test('a short seeded run learns far beyond a random policy (about 22 steps)', () => {
    // 5,000 environment steps (the full run takes about 60,000): faster ε decay, a gradient
    // step every 2 environment steps, a target copy every 200 of them.
    const r = trainDqn({
      seed: 0,
      maxSteps: 5000,
      learningStarts: 500,
      trainEvery: 2,
      epsilonSteps: 3000,
      targetEvery: 200,
    });
    expect(r.totalSteps).toBeGreaterThanOrEqual(5000);
    expect(r.gradientSteps).toBe(Math.floor((r.totalSteps - 500) / 2) + 1);
    expect(mean(r.returns.slice(0, 20))).toBeLessThan(35); // ε ≈ 1: random play at first
    const greedy = r.evaluate(10, 99);
    expect(mean(greedy)).toBeGreaterThan(100);
    expect(Math.min(...greedy)).toBeGreaterThan(50);
  }, 300_000);

  test('the same seed gives the same episodes', () => {
    const options = { seed: 1, maxSteps: 700, learningStarts: 300, trainEvery: 4 };
    expect(trainDqn(options).returns).toEqual(trainDqn(options).returns);
  }, 120_000);
});
