import { Generator } from '@tsgrad/tensor';
import { describe, expect, test } from 'vitest';
import { CartPole } from './cart-pole.js';
import { evaluatePolicy, runEpisode } from './episode.js';
import { RlError } from './errors.js';

describe('CartPole', () => {
  test('one step from rest matches the closed-form dynamics', () => {
    const env = new CartPole({ seed: 0 });
    env.setState([0, 0, 0, 0]);
    const { observation, reward, terminated, truncated } = env.step(1);
    // θ = 0: temp = F / M, θ'' = −temp / (l·(4/3 − m/M)), x'' = temp − m·l·θ'' / M
    const temp = 10 / 1.1;
    const thetaAcc = -temp / (0.5 * (4 / 3 - 0.1 / 1.1));
    const xAcc = temp - (0.05 * thetaAcc) / 1.1;
    const s = env.state;
    // Euler: positions move with the old (zero) velocities.
    expect(s[0]).toBe(0);
    expect(s[1]).toBeCloseTo(0.02 * xAcc, 14);
    expect(s[2]).toBe(0);
    expect(s[3]).toBeCloseTo(0.02 * thetaAcc, 14);
    expect(s[1]).toBeCloseTo(0.195122, 6);
    expect(s[3]).toBeCloseTo(-0.292683, 6);
    expect(Array.from(observation)).toEqual(Array.from(Float32Array.from(s)));
    expect([reward, terminated, truncated]).toEqual([1, false, false]);
  });

  test('gravity pulls a leaning pole further over, and the push goes left for action 0', () => {
    const env = new CartPole({ seed: 0 });
    env.setState([0, 0, 0.1, 0]);
    env.step(0);
    const s = env.state;
    expect(s[1]).toBeLessThan(0);
    expect(s[3]).toBeGreaterThan(0); // sin(0.1)·g dominates the left push's reaction
  });

  test('the semi-implicit integrator moves positions with the new velocities', () => {
    const env = new CartPole({ seed: 0, kinematicsIntegrator: 'semi-implicit-euler' });
    env.setState([0, 0, 0, 0]);
    env.step(1);
    const s = env.state;
    expect(s[0]).toBeCloseTo(0.02 * s[1], 14);
    expect(s[2]).toBeCloseTo(0.02 * s[3], 14);
    expect(s[0]).toBeGreaterThan(0);
  });

  test('terminates past x = ±2.4 and θ = ±12°, with reward 1 on the last step', () => {
    const env = new CartPole({ seed: 0 });
    env.setState([2.39, 1, 0, 0]); // x → 2.41
    expect(env.step(1)).toMatchObject({ reward: 1, terminated: true, truncated: false });
    env.setState([0, 0, CartPole.thetaThresholdRadians - 0.001, 0.1]); // θ → +0.001 past it
    expect(env.step(1).terminated).toBe(true);
    env.setState([0, 0, CartPole.thetaThresholdRadians - 0.003, 0.1]); // θ → 0.001 short of it
    expect(env.step(1).terminated).toBe(false);
    expect(CartPole.thetaThresholdRadians).toBeCloseTo(0.20943951, 8);
  });

  test('reset draws each variable in [-0.05, 0.05], reproducibly from a seed', () => {
    const a = new CartPole({ seed: 7 });
    const b = new CartPole({ seed: 7 });
    const starts = Array.from({ length: 200 }, () => Array.from(a.reset()));
    for (const s of starts) for (const v of s) expect(Math.abs(v)).toBeLessThanOrEqual(0.05);
    expect(Array.from(b.reset())).toEqual(starts[0]);
    expect(Array.from(a.reset({ seed: 7 }))).toEqual(starts[0]);
    expect(Array.from(new CartPole({ seed: 8 }).reset())).not.toEqual(starts[0]);
    const lows = starts.flat().filter((v) => v < -0.04).length;
    const highs = starts.flat().filter((v) => v > 0.04).length;
    expect(lows).toBeGreaterThan(40); // ~80 expected of 800 values in each tail
    expect(highs).toBeGreaterThan(40);
  });

  test('a random policy lasts about 22 steps', () => {
    const g = new Generator(3);
    const returns = evaluatePolicy(new CartPole({ seed: 1 }), () => g.integer(0, 2), 2000);
    const avg = returns.reduce((a, b) => a + b, 0) / returns.length;
    expect(avg).toBeGreaterThan(20);
    expect(avg).toBeLessThan(24.5);
    expect(Math.min(...returns)).toBeGreaterThanOrEqual(8);
  });

  test('always pushing one way topples the pole in about ten steps', () => {
    const env = new CartPole({ seed: 2 });
    const r = runEpisode(env, () => 1);
    expect(r.terminated).toBe(true);
    expect(r.steps).toBeGreaterThanOrEqual(8);
    expect(r.steps).toBeLessThanOrEqual(11);
  });

  test('a balancing controller is truncated at 500 steps (or maxEpisodeSteps)', () => {
    const pd = (o: Float32Array) => (o[2] + 0.5 * o[3] + 0.01 * o[0] + 0.1 * o[1] > 0 ? 1 : 0);
    const r = runEpisode(new CartPole({ seed: 0 }), pd);
    expect(r).toEqual({ return: 500, steps: 500, terminated: false });
    const short = new CartPole({ seed: 0, maxEpisodeSteps: 200 });
    expect(runEpisode(short, pd).return).toBe(200);
    expect(short.elapsedSteps).toBe(200);
  });

  test('misuse raises RlError naming the method and the value', () => {
    const env = new CartPole({ seed: 0 });
    expect(() => env.step(0)).toThrow('CartPole.step: call reset() before the first step');
    env.reset();
    expect(() => env.step(2)).toThrow(RlError);
    expect(() => env.step(2)).toThrow('CartPole.step: action must be 0 (left) or 1 (right), got 2');
    env.setState([2.39, 1, 0, 0]);
    env.step(1);
    expect(() => env.step(1)).toThrow(
      'CartPole.step: the episode is over (terminated); call reset() before stepping again',
    );
    expect(() => new CartPole({ maxEpisodeSteps: 0 })).toThrow(
      'CartPole: maxEpisodeSteps must be an integer >= 1, got 0',
    );
    expect(() => new CartPole({ seeed: 1 } as never)).toThrow("CartPole: unknown option 'seeed'");
    expect(() => env.setState([0, 0, 0])).toThrow(
      'CartPole.setState: state must have 4 numbers, got 3',
    );
  });
});
