import { type MnistArrays, batches, permutation } from '../data.js';
import type { GcMeter } from '../gc.js';
import { type ModelKind, initialWeights, makeTrainer } from '../models.js';
import type { Row } from '../result.js';
import type { SystemContext } from '../systems.js';
import { perCall } from './matmul.js';

/** Seeds shared by every system: initial weights, the epoch's order, the warm-up model. */
const SEEDS = { weights: 1, order: 2, warmupWeights: 99, warmupOrder: 7 } as const;

/** Yields to the event loop (finalizers, GC observers) every this many steps, as `fit()` would. */
const YIELD_EVERY = 50;
const yieldToLoop = () => new Promise<void>((r) => setImmediate(r));

export interface EpochOptions {
  batchSize: number;
  /** Steps on a throwaway model before the timed epoch (JIT warm-up), default 10. */
  warmupSteps?: number;
  gc?: GcMeter;
  log?: (line: string) => void;
}

/**
 * One full epoch of the MNIST MLP over the real training set (every sample once, in a seeded
 * order, the last batch smaller when the batch size does not divide 60 000), timed as a whole;
 * then the accuracy on the 10 000 test images. Samples/s = training samples / epoch seconds.
 */
export async function runMlpEpoch(
  ctx: SystemContext,
  data: MnistArrays,
  opts: EpochOptions,
): Promise<Row> {
  const { batchSize, gc, log = () => {} } = opts;
  const n = data.trainCount;
  const warm = await makeTrainer(ctx, 'mlp', initialWeights('mlp', SEEDS.warmupWeights));
  let k = 0;
  for (const b of batches(
    data.trainImages,
    data.trainLabels,
    permutation(n, SEEDS.warmupOrder),
    batchSize,
  )) {
    if (k++ >= (opts.warmupSteps ?? 10)) break;
    await warm.step(b);
  }
  warm.dispose();

  const trainer = await makeTrainer(ctx, 'mlp', initialWeights('mlp', SEEDS.weights));
  const order = permutation(n, SEEDS.order);
  let steps = 0;
  let lossSum = 0;
  let firstLoss = Number.NaN;
  let lastLog = performance.now();
  gc?.start();
  const t0 = performance.now();
  for (const b of batches(data.trainImages, data.trainLabels, order, batchSize)) {
    const r = trainer.step(b);
    // No await for the synchronous systems: it would cost each of their steps a microtask turn.
    const loss = typeof r === 'number' ? r : await r;
    gc?.tick();
    if (steps === 0) firstLoss = loss;
    lossSum += loss * b.size;
    steps++;
    if (steps % YIELD_EVERY === 0) {
      await yieldToLoop();
      if (performance.now() - lastLog > 10_000) {
        lastLog = performance.now();
        log(
          `  ${steps} steps, ${((steps * batchSize) / ((lastLog - t0) / 1000)).toFixed(0)} samples/s so far`,
        );
      }
    }
  }
  const seconds = (performance.now() - t0) / 1000;
  gc?.stop();
  const testAccuracy = trainer.accuracy(data.testImages, data.testLabels, data.testCount);
  trainer.dispose();
  return {
    id: `mlp-${batchSize}`,
    label: `MLP 784-128-64-10, Adam, batch ${batchSize}: one epoch of MNIST`,
    unit: 'samples/s',
    value: n / seconds,
    status: 'ok',
    check: [firstLoss],
    tolerance: 1e-4,
    extra: { testAccuracy, meanLoss: lossSum / n, seconds, steps },
  };
}

export interface StepsOptions {
  batchSize: number;
  /** Untimed steps first (default 3). */
  warmupSteps?: number;
  /** Timed steps (default 20). */
  steps?: number;
  /** A first step longer than this (seconds) ends the run: the system is reported too slow. */
  slowStepSeconds?: number;
  gc?: GcMeter;
  log?: (line: string) => void;
}

const LABELS: Record<ModelKind, string> = {
  mlp: 'MLP 784-128-64-10, Adam',
  cnn: 'CNN conv32-pool-conv64-pool-dense10, Adam',
};

/**
 * A model for a fixed number of steps after warm-up, on consecutive batches of the real
 * training set (the epoch's seeded order); samples/s over the timed steps. The CNN case for
 * every system, and the MLP case for the gpu.js systems, whose software rasterizers are too slow
 * for full epochs here: an MLP row made here says `N steps` in its cell and has no test accuracy.
 * A system that throws on the first step (no kernel for a gradient) is reported unsupported with
 * the error; one whose first step exceeds `slowStepSeconds` is reported too slow with that one
 * step's rate. On gpu.js the backend's counters give kernel launches, uploads and readbacks per
 * timed step.
 */
export async function runSteps(
  ctx: SystemContext,
  data: MnistArrays,
  kind: ModelKind,
  opts: StepsOptions,
): Promise<Row> {
  const { batchSize, gc, log = () => {} } = opts;
  const warmupSteps = opts.warmupSteps ?? 3;
  const steps = opts.steps ?? 20;
  const slow = opts.slowStepSeconds ?? 20;
  const partialEpoch = kind === 'mlp';
  const base = {
    id: `${kind}-${batchSize}`,
    label: `${LABELS[kind]}, batch ${batchSize}: ${steps} steps after ${warmupSteps} warm-up steps${partialEpoch ? ', not a full epoch' : ''}`,
    unit: 'samples/s',
    tolerance: 1e-4,
  };
  const trainer = await makeTrainer(ctx, kind, initialWeights(kind, SEEDS.weights));
  const it = batches(
    data.trainImages,
    data.trainLabels,
    permutation(data.trainCount, SEEDS.order),
    batchSize,
  );
  const next = () => {
    const b = it.next();
    if (b.done)
      throw new Error(
        `bench: the training set is too small for ${warmupSteps + steps} ${kind} steps`,
      );
    return b.value;
  };
  let firstLoss: number;
  const t0 = performance.now();
  try {
    firstLoss = await trainer.step(next());
  } catch (e) {
    trainer.dispose();
    const message = (e instanceof Error ? e.message : String(e)).split('\n')[0];
    return {
      ...base,
      value: null,
      status: 'unsupported',
      note: `cannot train: ${message}`,
      check: [],
      extra: {},
    };
  }
  const first = (performance.now() - t0) / 1000;
  log(`  first step ${first.toFixed(2)} s (loss ${firstLoss.toFixed(4)})`);
  if (first > slow) {
    trainer.dispose();
    return {
      ...base,
      value: batchSize / first,
      status: 'too-slow',
      note: `too slow: its first step took ${first.toFixed(0)} s, so only that step was run (rate includes warm-up)`,
      check: [firstLoss],
      extra: { firstStepSeconds: first },
    };
  }
  for (let i = 1; i < warmupSteps; i++) await trainer.step(next());
  const counters = ctx.kind === 'tsgrad' ? ctx.counters : undefined;
  const before = counters?.();
  let lossSum = 0;
  gc?.start();
  const t1 = performance.now();
  for (let i = 0; i < steps; i++) {
    const r = trainer.step(next());
    lossSum += typeof r === 'number' ? r : await r;
    gc?.tick();
  }
  const seconds = (performance.now() - t1) / 1000;
  gc?.stop();
  trainer.dispose();
  return {
    ...base,
    value: (steps * batchSize) / seconds,
    status: 'ok',
    ...(partialEpoch
      ? {
          span: `${steps} steps`,
          note: `${steps} timed steps after ${warmupSteps} warm-up steps, not a full epoch (no test accuracy)`,
        }
      : {}),
    check: [firstLoss],
    extra: {
      seconds,
      steps,
      meanLoss: lossSum / steps,
      firstStepSeconds: first,
      ...(counters && before ? perCall(before, counters(), steps) : {}),
    },
  };
}

/** The kind of model a case group trains (undefined for matmul). */
export function modelOf(group: string): ModelKind | undefined {
  return group.startsWith('mlp') ? 'mlp' : group.startsWith('cnn') ? 'cnn' : undefined;
}
