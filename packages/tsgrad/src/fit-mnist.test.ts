import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadMnist } from '@tsgrad/data';
import * as layers from '@tsgrad/layers';
import * as optim from '@tsgrad/optim';
import { type Tensor, full, slice, tensor } from '@tsgrad/tensor';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Callback } from './callbacks/callback.js';
import { earlyStopping } from './callbacks/early-stopping.js';
import { reduceLROnPlateau } from './callbacks/lr-callbacks.js';
import { modelCheckpoint } from './callbacks/model-checkpoint.js';
import { NonFiniteLossError, terminateOnNaN } from './callbacks/terminate-on-nan.js';
import { loadModel } from './io/save-model.js';
import type { Model } from './model.js';
import { sequential } from './sequential.js';

// A seeded 2,000-image subset of the real MNIST training set and 500 test images.
let xTrain: Tensor;
let yTrain: Tensor;
let xTest: Tensor;
let yTest: Tensor;
let dir: string;

beforeAll(async () => {
  const mnist = await loadMnist({ trainLimit: 2000, testLimit: 500 });
  xTrain = mnist.train.images;
  yTrain = mnist.train.labels;
  xTest = mnist.test.images;
  yTest = mnist.test.labels;
  dir = await mkdtemp(join(tmpdir(), 'tsgrad-fit-'));
}, 120_000);

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

function mlp(seed = 0, learningRate = 2e-3, dropoutRate = 0): Model {
  const model = sequential([
    layers.flatten({ inputShape: [28, 28, 1] }),
    layers.dense({ units: 64, activation: 'relu', seed }),
    ...(dropoutRate > 0 ? [layers.dropout({ rate: dropoutRate, seed: seed + 2 })] : []),
    layers.dense({ units: 10, seed: seed + 1 }),
  ]);
  model.compile({
    optimizer: optim.adam({ learningRate }),
    loss: { name: 'sparseCategoricalCrossentropy', options: { fromLogits: true } },
    metrics: ['accuracy'],
  });
  return model;
}

// Weight values in state-dict order (names differ between models: dense, dense_1, ...).
const flatWeights = (m: Model) => [...m.getWeights().values()].map((t) => Array.from(t.dataSync()));

/** How many values differ (a count, so a failure does not diff 50,000 numbers). */
function differing(a: number[][], b: number[][]): number {
  if (a.length !== b.length) return Number.POSITIVE_INFINITY;
  let n = 0;
  a.forEach((row, i) => {
    if (row.length !== b[i].length) n += Math.max(row.length, b[i].length);
    else for (let j = 0; j < row.length; j++) if (!Object.is(row[j], b[i][j])) n++;
  });
  return n;
}

describe('fit on a 2,000-image MNIST subset', { timeout: 180_000 }, () => {
  it('reaches 85% test accuracy in 5 epochs, with validation numbers per epoch', async () => {
    const model = mlp();
    const h = await model.fit(xTrain, yTrain, {
      epochs: 5,
      batchSize: 32,
      validationSplit: 0.1,
      verbose: 0,
    });
    expect(h.history.loss[4]).toBeLessThan(h.history.loss[0]);
    expect(h.history.val_accuracy).toHaveLength(5);
    const { accuracy } = await model.evaluate(xTest, yTest, { batchSize: 250 });
    expect(accuracy).toBeGreaterThan(0.85);
  });

  it('is reproducible: the same seed gives the same history and weights', async () => {
    const run = async () => {
      const m = mlp(3);
      const h = await m.fit(xTrain, yTrain, { epochs: 1, batchSize: 64, seed: 9, verbose: 0 });
      return { loss: h.history.loss, w: flatWeights(m) };
    };
    const [a, b] = [await run(), await run()];
    expect(a.loss).toEqual(b.loss);
    expect(differing(a.w, b.w)).toBe(0);
  });
});

describe('callbacks on a real model', { timeout: 180_000 }, () => {
  it('early stopping stops and puts back the weights of the best epoch', async () => {
    const model = mlp(0, 0.05); // a rate this high overfits 200 samples fast
    const snapshots: number[][][] = [];
    const snapshot: Callback = { onEpochEnd: () => void snapshots.push(flatWeights(model)) };
    const stopper = earlyStopping({ monitor: 'val_loss', patience: 1, restoreBestWeights: true });
    const h = await model.fit(slice(xTrain, [0], [250]), slice(yTrain, [0], [250]), {
      epochs: 30,
      batchSize: 25,
      validationSplit: 0.2,
      verbose: 0,
      callbacks: [snapshot, stopper],
    });
    expect(stopper.stoppedEpoch).toBeGreaterThan(0);
    expect(h.epoch.length).toBe(stopper.stoppedEpoch + 1);
    expect(h.epoch.length).toBeLessThan(30);
    const best = h.history.val_loss.indexOf(Math.min(...h.history.val_loss));
    expect(stopper.bestEpoch).toBe(best);
    expect(differing(flatWeights(model), snapshots[best])).toBe(0);
  });

  it('checkpoints appear on disk and load to the same predictions', async () => {
    const model = mlp();
    const ckpt = join(dir, 'ckpt', 'epoch-{epoch:02d}');
    const saver = modelCheckpoint(ckpt);
    await model.fit(slice(xTrain, [0], [300]), slice(yTrain, [0], [300]), {
      epochs: 2,
      batchSize: 50,
      verbose: 0,
      callbacks: [saver],
    });
    expect((await readdir(join(dir, 'ckpt'))).sort()).toEqual(['epoch-01', 'epoch-02']);
    expect(saver.lastSaved).toBe(join(dir, 'ckpt', 'epoch-02'));
    const loaded = await loadModel(join(dir, 'ckpt', 'epoch-02'));
    expect(Array.from(loaded.predict(xTest).dataSync())).toEqual(
      Array.from(model.predict(xTest).dataSync()),
    );
    expect(loaded.epochsTrained).toBe(2);
  });

  it('reduceLROnPlateau lowers the rate when the monitor stops improving', async () => {
    const model = mlp();
    const h = await model.fit(slice(xTrain, [0], [200]), slice(yTrain, [0], [200]), {
      epochs: 4,
      batchSize: 50,
      verbose: 0,
      // minDelta larger than any possible improvement: every epoch is a plateau.
      callbacks: [reduceLROnPlateau({ monitor: 'loss', factor: 0.5, patience: 1, minDelta: 1e9 })],
    });
    // Epoch 0 improves on nothing; each later epoch waits, and patience 1 reduces right away.
    expect(h.history.lr).toEqual([0.002, 0.002, 0.001, 0.0005]);
    expect(model.learningRate).toBe(0.00025);
  });

  it('terminateOnNaN stops a diverging run with an error naming the epoch and batch', async () => {
    const model = sequential([
      layers.flatten({ inputShape: [28, 28, 1] }),
      layers.dense({ units: 10, seed: 0 }),
    ]);
    model.compile({ optimizer: optim.sgd({ learningRate: 1e30 }), loss: 'mse' });
    const batches: number[] = [];
    const err = await model
      .fit(slice(xTrain, [0], [256]), full([256, 10], 1), {
        epochs: 3,
        batchSize: 16,
        shuffle: false,
        verbose: 0,
        callbacks: [{ onBatchEnd: (b) => void batches.push(b) }, terminateOnNaN()],
      })
      .then(
        () => null,
        (e: unknown) => e,
      );
    expect(err).toBeInstanceOf(NonFiniteLossError);
    expect((err as Error).message).toMatch(/epoch 1, batch \d+/);
    expect(batches.length).toBeLessThan(16);
  });
});

describe('saving and resuming', { timeout: 180_000 }, () => {
  it('save → load → predict gives identical outputs and the same compile settings', async () => {
    const model = mlp();
    await model.fit(slice(xTrain, [0], [200]), slice(yTrain, [0], [200]), {
      epochs: 1,
      verbose: 0,
    });
    await model.save(join(dir, 'saved'));
    const loaded = await loadModel(join(dir, 'saved'));
    expect(Array.from(loaded.predict(xTest).dataSync())).toEqual(
      Array.from(model.predict(xTest).dataSync()),
    );
    expect(loaded.summary()).toBe(model.summary());
    const a = await model.evaluate(xTest, yTest);
    const b = await loaded.evaluate(xTest, yTest);
    expect(b).toEqual(a);
  });

  it('stopping after epoch 2 and resuming from the checkpoint equals an uninterrupted run', async () => {
    const x = slice(xTrain, [0], [400]);
    const y = slice(yTrain, [0], [400]);
    const options = { epochs: 4, batchSize: 32, seed: 5, verbose: 0 as const };
    // Dropout too: its mask stream is saved with the checkpoint and continues from there.
    const straight = mlp(7, 2e-3, 0.3);
    await straight.fit(x, y, options);

    const interrupted = mlp(7, 2e-3, 0.3);
    const stopAfter2: Callback = {
      onEpochEnd: (epoch) => {
        if (epoch === 1) interrupted.stopTraining = true;
      },
    };
    const ckpt = join(dir, 'resume', 'epoch-{epoch}');
    await interrupted.fit(x, y, { ...options, callbacks: [modelCheckpoint(ckpt), stopAfter2] });
    expect(interrupted.epochsTrained).toBe(2);

    const resumed = await loadModel(join(dir, 'resume', 'epoch-2'));
    await resumed.fit(x, y, { ...options, initialEpoch: resumed.epochsTrained });
    expect(resumed.epochsTrained).toBe(4);
    expect(differing(flatWeights(resumed), flatWeights(straight))).toBe(0);
  });
});

describe('bad inputs are refused before training starts', { timeout: 180_000 }, () => {
  const started: string[] = [];
  const watch: Callback = { onTrainBegin: () => void started.push('begin') };
  const x = () => slice(xTrain, [0], [10]);
  const y = () => slice(yTrain, [0], [10]);
  const refuse = async (run: () => Promise<unknown>, message: string | RegExp) => {
    started.length = 0;
    await expect(run()).rejects.toThrow(message);
    expect(started).toEqual([]);
  };

  it('x and y of different lengths', async () => {
    await refuse(
      () => mlp().fit(x(), slice(yTrain, [0], [9]), { verbose: 0, callbacks: [watch] }),
      'fit: x has 10 samples (shape [10,28,28,1]) but y has 9 (shape [9])',
    );
  });

  it('an input shape the model does not take', async () => {
    await refuse(
      () =>
        mlp().fit(slice(x(), [0, 0], [10, 27]), y(), {
          verbose: 0,
          callbacks: [watch],
        }),
      /^fit: the model does not accept x of shape \[10,27,28,1\]: .*\[1,27,28,1\]/,
    );
  });

  it('labels out of range for the loss', async () => {
    const bad = tensor([0, 1, 2, 3, 4, 5, 6, 7, 8, 10], undefined, 'int32');
    await refuse(
      () => mlp().fit(x(), bad, { verbose: 0, callbacks: [watch] }),
      'fit: y[9] is 10, out of range for sparseCategoricalCrossentropy with 10 classes (model output [10,10]); labels must be integers in [0, 10)',
    );
  });

  it('NaN or infinite values in the data', async () => {
    const values = x().dataSync().slice();
    values[100] = Number.NaN;
    await refuse(
      () => mlp().fit(tensor(values, [10, 28, 28, 1]), y(), { verbose: 0, callbacks: [watch] }),
      'fit: x contains NaN at flat index 100; clean or impute the data before training',
    );
    values[100] = Number.POSITIVE_INFINITY;
    await refuse(
      () => mlp().fit(tensor(values, [10, 28, 28, 1]), y(), { verbose: 0, callbacks: [watch] }),
      'fit: x contains Infinity at flat index 100',
    );
  });

  it('batch size 0', async () => {
    await refuse(
      () => mlp().fit(x(), y(), { batchSize: 0, verbose: 0, callbacks: [watch] }),
      'fit: batchSize must be an integer >= 1, got 0',
    );
  });

  it('an unknown loss or optimizer name', () => {
    const m = sequential([layers.dense({ units: 1, inputShape: [2] })]);
    expect(() => m.compile({ optimizer: 'adamm', loss: 'mse' })).toThrow(
      /unknown optimizer "adamm"; known optimizers: sgd, adagrad, rmsprop, adam, adamw/,
    );
    expect(() => m.compile({ optimizer: 'adam', loss: 'meanSquareError' })).toThrow(
      /unknown loss "meanSquareError"; known losses: meanSquaredError/,
    );
  });
});
