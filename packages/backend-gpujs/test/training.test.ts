import '@tsgrad/autograd';
import { describe, expect, it } from 'vitest';
import { registerGpujsBackend } from '../src/index.js';
import { registerMnistTraining } from './register-training.js';
import { trainMlp } from './training.js';

// gpu.js's cpu and webasm modes need nothing installed; headlessgl trains in
// headlessgl.device.test.ts, WebGL2 in the browser test.
const backends = (['cpu', 'webasm'] as const).map((mode) =>
  registerGpujsBackend({ mode, name: `gpujs-train-${mode}`, strict: true, priority: 0 }),
);

describe('a small MLP trains the same on gpu.js as on the CPU', () => {
  const reference = trainMlp('cpu', 8);

  it('the CPU run learns (sanity)', () => {
    expect(reference.losses[7]).toBeLessThan(reference.losses[0] * 0.8);
  });

  for (const name of backends) {
    it(`${name}: same losses and weights after 8 steps, flat buffer count`, () => {
      const run = trainMlp(name, 8);
      for (let i = 0; i < 8; i++) expect(run.losses[i]).toBeCloseTo(reference.losses[i], 3);
      run.weights.forEach((w, k) => {
        const ref = reference.weights[k];
        let worst = 0;
        for (let i = 0; i < w.length; i++)
          worst = Math.max(worst, Math.abs(w[i] - ref[i]) / (1e-3 + Math.abs(ref[i])));
        expect(worst, `parameter ${k}`).toBeLessThan(1e-2);
      });
      // After the first step (kernels compiled, data uploaded) no step keeps more buffers.
      expect(new Set(run.buffers.slice(1)).size).toBe(1);
    });
  }
});

registerMnistTraining(['cpu', 'webasm']);
