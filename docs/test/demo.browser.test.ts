import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { findChromium, runDemoTest } from '../scripts/demo-test.mjs';

// Trains the demo in headless Chromium on the built site (docs/.vitepress/dist).
describe.skipIf(!findChromium())('the MNIST demo page (headless Chromium)', () => {
  it('trains on gpu.js WebGL2: the loss falls, test accuracy passes 80%, a drawn 1 is predicted', async () => {
    const r = await runDemoTest({ threshold: 0.8, epochs: 5 });
    expect(r.skipped).toBeUndefined();
    expect(r.backend).toBe('gpujs');
    expect(r.backendLine).toMatch(/gpu\.js \(webgl2\)/);
    expect(r.accuracy).toBeGreaterThanOrEqual(0.8);
    expect(r.smoothed).toBeLessThan(r.first * 0.5);
    expect(r.prediction).toMatch(/^Prediction: \d/);
  }, 900_000);

  it('without WebGL falls back to the CPU backend, says why, and still trains', async () => {
    const r = await runDemoTest({
      threshold: 0.8,
      epochs: 5,
      webgl: false,
      screenshotPath: join(
        dirname(fileURLToPath(import.meta.url)),
        '..',
        '..',
        'out',
        'docs-demo-cpu.png',
      ),
    });
    expect(r.backend).toBe('cpu');
    expect(r.backendLine).toMatch(
      /CPU \(TypeScript kernels\) — fell back to the CPU: WebGL2 is not available here/,
    );
    expect(r.accuracy).toBeGreaterThanOrEqual(0.8);
    expect(r.smoothed).toBeLessThan(r.first * 0.5);
  }, 900_000);
});
