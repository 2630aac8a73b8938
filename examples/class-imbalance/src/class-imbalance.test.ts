import { describe, expect, test } from 'vitest';
import { compareWeighting } from './class-imbalance.js';

const mean = (a: number[]) => a.reduce((s, v) => s + v, 0) / a.length;

describe('class imbalance', () => {
  test('balanced class weights recover the rare digits that the plain loss misses', async () => {
    const r = await compareWeighting({
      majority: 400,
      minority: 10,
      testSize: 1000,
      epochs: 5,
      batchSize: 64,
      learningRate: 1e-3,
      seed: 0,
      backend: 'wasm',
    });
    expect(r.counts).toEqual([400, 400, 400, 400, 400, 10, 10, 10, 10, 10]);
    // n / (classes · count): 2050 / (10 · 400) and 2050 / (10 · 10)
    expect(r.classWeights[0]).toBeCloseTo(0.5125, 6);
    expect(r.classWeights[9]).toBeCloseTo(20.5, 6);

    const rarePlain = mean(r.plain.recall.slice(5));
    const rareWeighted = mean(r.weighted.recall.slice(5));
    expect(rarePlain).toBeLessThan(0.2); // the plain model mostly predicts digits 0–4
    expect(rareWeighted).toBeGreaterThan(rarePlain + 0.2);
    expect(r.weighted.macroRecall).toBeGreaterThan(r.plain.macroRecall + 0.08);
    expect(mean(r.weighted.recall.slice(0, 5))).toBeGreaterThan(0.85); // at a small cost here

    // Confusion matrices: rows are the true digits of the 1,000 test images.
    for (const s of [r.plain, r.weighted]) {
      expect(s.confusionMatrix.flat().reduce((a, b) => a + b, 0)).toBe(1000);
      const row5 = s.confusionMatrix[5];
      expect(row5[5] / row5.reduce((a, b) => a + b, 0)).toBeCloseTo(s.recall[5], 10);
    }
  }, 240_000);
});
