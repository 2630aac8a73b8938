import { registerWasmBackend } from '@tsgrad/backend-wasm';
import { setBackend } from '@tsgrad/tensor';
import { beforeAll, describe, expect, test } from 'vitest';
import { trainReinforce } from './reinforce.js';

const mean = (a: number[]) => a.reduce((s, v) => s + v, 0) / a.length;

describe('REINFORCE with a baseline on CartPole', () => {
  beforeAll(() => setBackend(registerWasmBackend()));

  test('200 seeded episodes learn well above a random policy (about 22)', () => {
    const r = trainReinforce({ seed: 0, maxEpisodes: 200 });
    expect(r.returns).toHaveLength(200);
    const first = mean(r.returns.slice(0, 50));
    const last = mean(r.returns.slice(-50));
    expect(first).toBeLessThan(30);
    expect(last).toBeGreaterThan(45);
    const greedy = mean(r.evaluate(10, 7));
    expect(greedy).toBeGreaterThan(45);
  }, 180_000);

  test('the same seed gives the same episodes', () => {
    const a = trainReinforce({ seed: 3, maxEpisodes: 8 });
    const b = trainReinforce({ seed: 3, maxEpisodes: 8 });
    expect(b.returns).toEqual(a.returns);
    expect(trainReinforce({ seed: 4, maxEpisodes: 8 }).returns).not.toEqual(a.returns);
  });
});
