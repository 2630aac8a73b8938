import { memory, tensor } from '@tsgrad/tensor';
import { describe, expect, it } from 'vitest';
import type { Callback } from './callbacks/callback.js';
import { earlyStopping } from './callbacks/early-stopping.js';
import { NonFiniteLossError, terminateOnNaN } from './callbacks/terminate-on-nan.js';
import { ConcurrentFitError, Model, NotCompiledError } from './model.js';
import { LinearNet, lineData, plainSgd, squaredError } from './training/test-helpers.js';

function linearModel(lr = 0.1, l2 = 0) {
  const model = new Model(new LinearNet(1, 1, 0, l2));
  model.compile({ optimizer: plainSgd(lr), loss: squaredError, metrics: ['mae'] });
  return model;
}

describe('Model.fit', () => {
  it('fits y = 2x + 1 and reports loss, metrics and learning rate per epoch', async () => {
    const model = linearModel();
    const { x, y } = lineData(64);
    const h = await model.fit(x, y, { epochs: 30, batchSize: 8, verbose: 0 });
    expect(h.epoch).toEqual(Array.from({ length: 30 }, (_, i) => i));
    expect(h.history.loss[29]).toBeLessThan(1e-3);
    expect(h.history.loss[29]).toBeLessThan(h.history.loss[0]);
    expect(h.history.mae).toHaveLength(30);
    expect(h.history.lr[0]).toBe(0.1);
    const net = model.network as LinearNet;
    expect(net.w.item()).toBeCloseTo(2, 1);
    expect(net.b.item()).toBeCloseTo(1, 1);
  });

  it('is deterministic for a seed, and the seed changes the batches', async () => {
    const { x, y } = lineData(40);
    const run = async (seed: number) =>
      (await linearModel().fit(x, y, { epochs: 3, batchSize: 7, seed, verbose: 0 })).history.loss;
    expect(await run(5)).toEqual(await run(5));
    expect(await run(5)).not.toEqual(await run(6));
  });

  it('holds out the last samples for validation with validationSplit', async () => {
    const model = linearModel();
    const { x, y } = lineData(50);
    const batches: number[] = [];
    const h = await model.fit(x, y, {
      epochs: 1,
      batchSize: 10,
      validationSplit: 0.2,
      verbose: 0,
      callbacks: [{ onBatchEnd: (_b, logs) => void batches.push(logs.size) }],
    });
    expect(batches).toEqual([10, 10, 10, 10]);
    expect(h.history.val_loss[0]).toBeGreaterThan(0);
    expect(h.history.val_mae).toHaveLength(1);
  });

  it('accepts validationData and plain arrays', async () => {
    const model = linearModel();
    const h = await model.fit([[0], [1]], [[1], [3]], {
      epochs: 2,
      validationData: [[[2]], [[5]]],
      verbose: 0,
    });
    expect(h.history.val_loss).toHaveLength(2);
  });

  it('calls callbacks in order with batch and epoch numbers', async () => {
    const model = linearModel();
    const { x, y } = lineData(10);
    const calls: string[] = [];
    const cb: Callback = {
      onTrainBegin: () => void calls.push('train-begin'),
      onEpochBegin: (e) => void calls.push(`epoch-begin ${e}`),
      onBatchBegin: (b) => void calls.push(`batch-begin ${b}`),
      onBatchEnd: (b) => void calls.push(`batch-end ${b}`),
      onEpochEnd: (e) => void calls.push(`epoch-end ${e}`),
      onTrainEnd: () => void calls.push('train-end'),
    };
    await model.fit(x, y, { epochs: 2, batchSize: 6, verbose: 0, callbacks: [cb] });
    expect(calls).toEqual([
      'train-begin',
      'epoch-begin 0',
      'batch-begin 0',
      'batch-end 0',
      'batch-begin 1',
      'batch-end 1',
      'epoch-end 0',
      'epoch-begin 1',
      'batch-begin 0',
      'batch-end 0',
      'batch-begin 1',
      'batch-end 1',
      'epoch-end 1',
      'train-end',
    ]);
  });

  it('stops early when a callback asks', async () => {
    const model = linearModel(0); // learning rate 0: the loss never improves
    const { x, y } = lineData(10);
    const h = await model.fit(x, y, {
      epochs: 10,
      verbose: 0,
      callbacks: [earlyStopping({ monitor: 'loss', patience: 2 })],
    });
    expect(h.epoch).toEqual([0, 1, 2]);
  });

  it('stops with an error naming the epoch and batch when the loss becomes NaN', async () => {
    const model = linearModel(1e6);
    const { x, y } = lineData(32);
    const err = await model
      .fit(x, y, { epochs: 5, batchSize: 4, verbose: 0, callbacks: [terminateOnNaN()] })
      .catch((e) => e);
    expect(err).toBeInstanceOf(NonFiniteLossError);
    expect(err.message).toMatch(
      /^terminateOnNaN: loss became (NaN|Infinity) at epoch \d+, batch \d+/,
    );
  });

  it('weights samples: zero-weight samples do not pull the fit', async () => {
    const { x, y } = lineData(20);
    const yBad = tensor([
      ...(y.toArray() as number[][]).slice(0, 10),
      ...Array.from({ length: 10 }, () => [100]),
    ]);
    const w = tensor([...new Array(10).fill(1), ...new Array(10).fill(0)]);
    const model = linearModel();
    await model.fit(x, yBad, {
      epochs: 400,
      batchSize: 20,
      sampleWeight: w,
      shuffle: false,
      verbose: 0,
    });
    const net = model.network as LinearNet;
    expect(net.w.item()).toBeCloseTo(2, 0);
  });

  it('turns classWeight into per-sample weights and requires every class', async () => {
    const model = new Model(new LinearNet(2, 2));
    model.compile({
      optimizer: plainSgd(0.1),
      loss: { name: 'sparseCategoricalCrossentropy', options: { fromLogits: true } },
    });
    const x = tensor([
      [0, 1],
      [1, 0],
    ]);
    const y = tensor([0, 1], undefined, 'int32');
    await expect(model.fit(x, y, { classWeight: { 0: 1 }, verbose: 0 })).rejects.toThrow(
      'fit: classWeight has no entry for class 1',
    );
  });

  it('yields to the event loop while training', async () => {
    const model = linearModel();
    const { x, y } = lineData(64);
    let ticks = 0;
    const timer = setInterval(() => ticks++, 0);
    await model.fit(x, y, { epochs: 5, batchSize: 4, verbose: 0, yieldEvery: 0 });
    clearInterval(timer);
    expect(ticks).toBeGreaterThan(0);
  });

  it('refuses a second concurrent fit on the same model', async () => {
    const model = linearModel();
    const { x, y } = lineData(64);
    const first = model.fit(x, y, { epochs: 3, verbose: 0, yieldEvery: 0 });
    await expect(model.fit(x, y, { verbose: 0 })).rejects.toBeInstanceOf(ConcurrentFitError);
    await first;
    await expect(model.fit(x, y, { verbose: 0 })).resolves.toBeDefined();
  });

  it('resumes: 2 epochs equal 1 epoch then 1 more from initialEpoch 1', async () => {
    const { x, y } = lineData(30);
    const a = linearModel();
    await a.fit(x, y, { epochs: 2, batchSize: 4, seed: 3, verbose: 0 });
    const b = linearModel();
    await b.fit(x, y, { epochs: 1, batchSize: 4, seed: 3, verbose: 0 });
    await b.fit(x, y, { epochs: 2, initialEpoch: 1, batchSize: 4, seed: 3, verbose: 0 });
    expect((b.network as LinearNet).w.dataSync()).toEqual((a.network as LinearNet).w.dataSync());
    expect(b.epochsTrained).toBe(2);
  });

  it('trains from an async batch source', async () => {
    const model = linearModel();
    const { x, y } = lineData(16);
    async function* batches() {
      yield { x, y };
    }
    const h = await model.fit({ [Symbol.asyncIterator]: batches }, { epochs: 3, verbose: 0 });
    expect(h.history.loss).toHaveLength(3);
  });

  it('adds regularization penalties to the loss', async () => {
    const { x, y } = lineData(8);
    const plain = await linearModel(0, 0).evaluate(x, y);
    const penalized = await linearModel(0, 10).evaluate(x, y);
    expect(penalized.loss).toBeGreaterThan(plain.loss);
  });

  it('explains bad inputs', async () => {
    const model = linearModel();
    await expect(model.fit(tensor([[1], [2]]), tensor([[1]]), { verbose: 0 })).rejects.toThrow(
      'fit: x has 2 samples (shape [2,1]) but y has 1 (shape [1,1])',
    );
    await expect(model.fit(tensor([[Number.NaN]]), tensor([[1]]), { verbose: 0 })).rejects.toThrow(
      'fit: x contains NaN at flat index 0',
    );
    await expect(model.fit(tensor([], [0, 1]), tensor([], [0, 1]), { verbose: 0 })).rejects.toThrow(
      'fit: x is empty (shape [0,1])',
    );
    await expect(
      model.fit(tensor([[1]]), tensor([[1]]), { epochs: 0, verbose: 0 }),
    ).rejects.toThrow('fit: epochs must be an integer >= 1, got 0');
    await expect(
      model.fit(tensor([[1]]), tensor([[1]]), { validationSplit: 1, verbose: 0 }),
    ).rejects.toThrow('fit: validationSplit must be in [0, 1), got 1');
    await expect(
      new Model(new LinearNet(1, 1)).fit(tensor([[1]]), tensor([[1]])),
    ).rejects.toBeInstanceOf(NotCompiledError);
  });
});

describe('Model.evaluate, predict, trainOnBatch, testOnBatch', () => {
  it('predicts in batches what one call computes', () => {
    const model = linearModel();
    const x = tensor(Array.from({ length: 37 }, (_, i) => [i / 10]));
    const all = model.call(x);
    const batched = model.predict(x, { batchSize: 8 });
    expect(batched.shape).toEqual([37, 1]);
    expect(batched.dataSync()).toEqual(all.dataSync());
  });

  it('frees every intermediate of predict: only the output stays alive', () => {
    const model = linearModel();
    const x = tensor(Array.from({ length: 37 }, (_, i) => [i / 10]));
    model.predict(x, { batchSize: 8 }).dispose();
    const before = memory().numTensors;
    const out = model.predict(x, { batchSize: 8 });
    expect(memory().numTensors).toBe(before + 1);
    out.dispose();
  });

  it('evaluates the loss and metrics without training', async () => {
    const model = linearModel();
    const { x, y } = lineData(10);
    const before = (model.network as LinearNet).w.item();
    const r = await model.evaluate(x, y, { batchSize: 3 });
    expect(Object.keys(r).sort()).toEqual(['loss', 'mae']);
    expect((model.network as LinearNet).w.item()).toBe(before);
  });

  it('trainOnBatch takes one step; testOnBatch takes none', () => {
    const model = linearModel();
    const { x, y } = lineData(10);
    const before = model.testOnBatch(x, y).loss;
    expect(model.testOnBatch(x, y).loss).toBe(before);
    model.trainOnBatch(x, y);
    expect(model.testOnBatch(x, y).loss).toBeLessThan(before);
  });
});
