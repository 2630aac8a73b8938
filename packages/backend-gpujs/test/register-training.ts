/**
 * The MNIST-subset training tests as vitest tests: the CPU reference run and one run per gpu.js
 * mode given, for the MLP and the CNN; each must reach ACCURACY_THRESHOLD with a flat buffer
 * (and, in GL modes, texture) count across epochs.
 */
import { describe, expect, it } from 'vitest';
import { type GpujsMode, registerGpujsBackend } from '../src/index.js';
import {
  ACCURACY_THRESHOLD,
  type MnistRun,
  type MnistSubset,
  SUBSET,
  TRAINING,
  loadMnistSubset,
  trainMnist,
} from './mnist.js';

/**
 * Registers the tests for the gpu.js `modes` (each run gets a backend of its own, so its buffer
 * and texture counts are its own).
 */
export function registerMnistTraining(modes: readonly GpujsMode[]): void {
  for (const kind of ['mlp', 'cnn'] as const) {
    describe(`MNIST subset (${SUBSET.train} train / ${SUBSET.test} test images), ${kind}`, () => {
      // Loaded and trained lazily, inside the tests: the engine's current backend is global, so
      // nothing may run concurrently with another test.
      let subset: Promise<MnistSubset> | undefined;
      const data = () => {
        subset ??= loadMnistSubset(SUBSET.train, SUBSET.test);
        return subset;
      };
      let referenceRun: Promise<MnistRun> | undefined;
      const reference = () => {
        referenceRun ??= data().then((d) => trainMnist('cpu', kind, d, TRAINING));
        return referenceRun;
      };

      it(`cpu backend (reference) reaches ${ACCURACY_THRESHOLD}`, async () => {
        const ref = await reference();
        console.log(
          `[backend-gpujs] ${kind} on cpu: accuracy ${ref.accuracy}, epoch losses ${ref.epochLoss.map((l) => l.toFixed(4))}`,
        );
        expect(ref.accuracy).toBeGreaterThanOrEqual(ACCURACY_THRESHOLD);
        expect(ref.epochLoss[TRAINING.epochs - 1]).toBeLessThan(ref.epochLoss[0]);
      });

      for (const mode of modes) {
        const name = registerGpujsBackend({
          mode,
          name: `gpujs-${mode}-mnist-${kind}`,
          strict: true,
          priority: 0,
        });
        it(`${name} reaches ${ACCURACY_THRESHOLD}, matches the CPU run, flat buffers`, async () => {
          const ref = await reference();
          const run = await trainMnist(name, kind, await data(), TRAINING);
          console.log(
            `[backend-gpujs] ${kind} on ${name}: accuracy ${run.accuracy}, epoch losses ${run.epochLoss.map((l) => l.toFixed(4))}, buffers ${run.buffers}, textures ${run.textures}`,
          );
          expect(run.accuracy).toBeGreaterThanOrEqual(ACCURACY_THRESHOLD);
          // float32 on both, in a different order of operations: the runs agree closely.
          expect(Math.abs(run.accuracy - ref.accuracy)).toBeLessThanOrEqual(0.02);
          for (let i = 0; i < run.epochLoss.length; i++)
            expect(run.epochLoss[i]).toBeCloseTo(ref.epochLoss[i], 2);
          expect(new Set(run.buffers).size, `buffers per epoch ${run.buffers}`).toBe(1);
          if (run.textures.length > 0)
            expect(new Set(run.textures).size, `textures per epoch ${run.textures}`).toBe(1);
        });
      }
    });
  }
}
