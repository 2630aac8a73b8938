import { describe, expect, test } from 'vitest';
import { addingTask, sineTask } from './tasks.js';
import { trainSequenceModel } from './train.js';

describe('sequence models', () => {
  test.each(['lstm', 'gru'] as const)(
    '%s forecasts a sine wave several times better than repeating the last value',
    (cell) => {
      const r = trainSequenceModel(sineTask(20), {
        cell,
        units: 16,
        trainSize: 384,
        testSize: 256,
        epochs: 4,
        batchSize: 32,
        learningRate: 0.01,
        seed: 0,
      });
      expect(r.baselineMse).toBeGreaterThan(0.04);
      expect(r.testMse).toBeLessThan(r.baselineMse / 4);
      expect(r.trainLosses[r.trainLosses.length - 1]).toBeLessThan(r.trainLosses[0]);
    },
    180_000,
  );

  test('the tasks are seeded and their baselines are what the README says', () => {
    const sine = sineTask(20);
    expect(Array.from(sine.make(4, 1).x.dataSync())).toEqual(
      Array.from(sine.make(4, 1).x.dataSync()),
    );
    const adding = addingTask(20).make(2000, 0);
    const x = adding.x.dataSync();
    const y = adding.y.dataSync();
    // Exactly two markers per sequence, and the target is the sum of the marked values.
    for (let i = 0; i < 5; i++) {
      let markers = 0;
      let total = 0;
      for (let t = 0; t < 20; t++) {
        if (x[(i * 20 + t) * 2 + 1] === 1) {
          markers++;
          total += x[(i * 20 + t) * 2];
        }
      }
      expect(markers).toBe(2);
      expect(y[i]).toBeCloseTo(total, 6);
    }
    // Predicting 1 has mean squared error Var(U + U) = 1/6.
    let se = 0;
    for (const v of y) se += (v - 1) ** 2;
    expect(se / y.length).toBeCloseTo(1 / 6, 1);
  });
});
