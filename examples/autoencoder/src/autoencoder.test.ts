import { registerWasmBackend } from '@tsgrad/backend-wasm';
import { setBackend } from '@tsgrad/tensor';
import { PNG } from 'pngjs';
import { beforeAll, describe, expect, test } from 'vitest';
import { trainAutoencoder } from './autoencoder.js';

describe('autoencoder', () => {
  beforeAll(() => setBackend(registerWasmBackend()));

  test('reconstructs test digits far better than the mean image, and draws them as a PNG', async () => {
    const show = 6;
    const r = await trainAutoencoder({
      trainSize: 2000,
      testSize: 500,
      epochs: 4,
      batchSize: 32,
      learningRate: 3e-3,
      codeSize: 32,
      seed: 0,
      show,
    });
    expect(r.meanImageMse).toBeGreaterThan(0.06);
    expect(r.testMse).toBeLessThan(0.6 * r.meanImageMse);

    // Decode with pngjs (an independent decoder): 2 rows of `show` 28×28 tiles, 2 px padding, ×3.
    const png = PNG.sync.read(Buffer.from(r.png));
    expect([png.width, png.height]).toEqual([(show * 30 + 2) * 3, (2 * 30 + 2) * 3]);
    const pixel = (row: number, col: number, y: number, x: number) =>
      png.data[((2 + row * 30 + y) * 3 * png.width + (2 + col * 30 + x) * 3) * 4];
    const orig = r.originals.dataSync();
    const rec = r.reconstructions.dataSync();
    for (let k = 0; k < show; k++)
      for (const [y, x] of [
        [14, 14],
        [10, 16],
        [20, 12],
      ]) {
        expect(pixel(0, k, y, x)).toBe(Math.round(orig[(k * 28 + y) * 28 + x] * 255));
        expect(pixel(1, k, y, x)).toBe(Math.round(rec[(k * 28 + y) * 28 + x] * 255));
      }
  });
});
