import { accuracy } from '@tsgrad/metrics';
import { describe, expect, test } from 'vitest';
import { makeMoons } from './moons.js';
import { formatResults, grid, gridSearch, trainMlp } from './search.js';

describe('hyperparameter search', () => {
  test('the moons are seeded, balanced and not linearly trivial', () => {
    const a = makeMoons(100, 0.2, 3);
    expect(makeMoons(100, 0.2, 3)).toEqual(a);
    expect(a.y.filter((v) => v === 1).length).toBe(50);
  });

  test('k-fold grid search ranks a capable configuration first, and it generalizes', () => {
    const train = makeMoons(200, 0.2, 0);
    const test = makeMoons(400, 0.2, 1);
    const configs = grid({ hidden: [2, 16], learningRate: [0.001, 0.05], weightDecay: [0] });
    const results = gridSearch(train.x, train.y, configs, { k: 3, epochs: 100, seed: 0 });
    expect(results.map((r) => r.rank).sort()).toEqual([1, 2, 3, 4]);
    const best = results.find((r) => r.rank === 1)!;
    const worst = results.find((r) => r.rank === 4)!;
    expect(best.config).toEqual({ hidden: 16, learningRate: 0.05, weightDecay: 0 });
    expect(best.mean).toBeGreaterThan(0.9);
    // 100 steps at lr 0.001 barely move a 2-unit net: clearly worse.
    expect(worst.config).toEqual({ hidden: 2, learningRate: 0.001, weightDecay: 0 });
    expect(worst.mean).toBeLessThan(best.mean - 0.05);
    for (const r of results) expect(r.foldAccuracies).toHaveLength(3);
    const predict = trainMlp(train.x, train.y, best.config, 100, 0);
    expect(accuracy(test.y, predict(test.x))).toBeGreaterThan(0.9);

    const table = formatResults(results).split('\n');
    expect(table).toHaveLength(6);
    expect(table[0]).toMatch(/rank +hidden +lr +weight decay +cv accuracy +folds/);
    expect(table[2]).toMatch(/^ {3}1 +16 +0\.05 +0 +0\.9\d\d ± 0\.\d{3}/);
  }, 180_000); // 15 s of test time measured at load average 15 on 2 cores
});
