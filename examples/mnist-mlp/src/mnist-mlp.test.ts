import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { data, loadModel } from 'tsgrad';
import { trainMnistMlp } from './mnist-mlp.js';

const outDir = mkdtempSync(join(tmpdir(), 'tsgrad-mnist-mlp-'));
afterAll(() => rmSync(outDir, { recursive: true, force: true }));

describe('MNIST MLP with fit()', () => {
  test('learns digits from 3,000 images and writes checkpoint, model, log and report', async () => {
    const r = await trainMnistMlp({
      trainSize: 3000,
      testSize: 1000,
      epochs: 4,
      batchSize: 64,
      learningRate: 2e-3,
      patience: 2,
      seed: 0,
      outDir,
      backend: 'wasm',
      verbose: 0,
    });
    expect(r.testAccuracy).toBeGreaterThan(0.85);
    expect(r.history.history.val_accuracy.at(-1)).toBeGreaterThan(0.85);
    const losses = r.history.history.loss;
    expect(losses.at(-1)).toBeLessThan(losses[0]);
    // Every test image is counted once in the confusion matrix, mostly on the diagonal.
    const total = r.confusionMatrix.flat().reduce((a, b) => a + b, 0);
    const diagonal = r.confusionMatrix.reduce((a, row, i) => a + row[i], 0);
    expect(total).toBe(1000);
    expect(diagonal / total).toBeCloseTo(r.testAccuracy, 6);

    const html = readFileSync(r.files.report, 'utf8');
    expect(html).toMatch(/^<!doctype html>/i);
    expect(html).toContain('<svg');
    expect(html).toContain('val_loss');
    const csv = readFileSync(r.files.csv, 'utf8').trim().split('\n');
    expect(csv).toHaveLength(1 + r.history.epoch.length);
    expect(csv[0]).toContain('val_accuracy');
    expect(existsSync(join(r.files.checkpoint, 'model.json'))).toBe(true);

    // The saved model predicts exactly what the trained one does.
    const { test: t } = await data.loadMnist({ testLimit: 20 });
    const again = await loadModel(r.files.model);
    expect(Array.from(again.predict(t.images).dataSync())).toEqual(
      Array.from(r.model.predict(t.images).dataSync()),
    );
  }, 240_000);
});
