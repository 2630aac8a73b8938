import { describe, expect, test } from 'vitest';
import { trainXor } from './xor.js';

describe('xor', () => {
  test('the MLP separates XOR', () => {
    const r = trainXor({ hidden: 8, steps: 300, learningRate: 0.05, seed: 0 });
    expect(r.loss).toBeLessThan(0.05);
    expect(r.probabilities.map((p) => (p > 0.5 ? 1 : 0))).toEqual([0, 1, 1, 0]);
    for (const [i, p] of r.probabilities.entries()) {
      if (i === 0 || i === 3) expect(p).toBeLessThan(0.1);
      else expect(p).toBeGreaterThan(0.9);
    }
  });

  test('the same seed gives the same run', () => {
    const a = trainXor({ hidden: 4, steps: 20, learningRate: 0.05, seed: 3 });
    const b = trainXor({ hidden: 4, steps: 20, learningRate: 0.05, seed: 3 });
    expect(b.probabilities).toEqual(a.probabilities);
  });
});
