import { describe, expect, test } from 'vitest';
import { fitLine, makeData } from './linear-regression.js';

describe('linear regression', () => {
  test('gradient descent recovers y = 2x + 1 and matches least squares', () => {
    const r = fitLine({ samples: 500, noise: 0.3, steps: 300, learningRate: 0.5, seed: 0 });
    expect(r.w).toBeCloseTo(2, 1);
    expect(r.b).toBeCloseTo(1, 1);
    // Converged to the exact minimum of the loss on this data.
    expect(Math.abs(r.w - r.exactW)).toBeLessThan(1e-3);
    expect(Math.abs(r.b - r.exactB)).toBeLessThan(1e-3);
    // The remaining error is the noise: mse ≈ 0.3² = 0.09.
    expect(r.loss).toBeGreaterThan(0.07);
    expect(r.loss).toBeLessThan(0.11);
    expect(r.initialLoss).toBeGreaterThan(1);
  });

  test('the data are seeded', () => {
    const a = makeData(5, 0.1, 3).y.dataSync();
    expect(Array.from(makeData(5, 0.1, 3).y.dataSync())).toEqual(Array.from(a));
    expect(Array.from(makeData(5, 0.1, 4).y.dataSync())).not.toEqual(Array.from(a));
  });
});
