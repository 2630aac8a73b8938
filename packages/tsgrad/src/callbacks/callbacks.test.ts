import { mkdtemp, readFile, readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Tensor, tensor } from '@tsgrad/tensor';
import { describe, expect, it } from 'vitest';
import type { Callback, Logs, TrainingModel, TrainingParams } from './callback.js';
import {
  NonFiniteLossError,
  csvLogger,
  earlyStopping,
  formatCheckpointPath,
  formatLogs,
  jsonlLogger,
  learningRateScheduler,
  modelCheckpoint,
  progressBar,
  reduceLROnPlateau,
  terminateOnNaN,
} from './index.js';

/** A stand-in model whose "weights" are the epoch they were taken at. */
function fakeModel() {
  const saved: string[] = [];
  let weightsEpoch = 0;
  const m: TrainingModel & {
    saved: string[];
    weightsEpoch: () => number;
    setEpoch(e: number): void;
  } = {
    stopTraining: false,
    learningRate: 0.1,
    saved,
    getWeights: () => new Map<string, Tensor>([['w', tensor([weightsEpoch])]]),
    setWeights: (w) => {
      weightsEpoch = w.get('w')!.item();
    },
    save: async (dir) => {
      saved.push(dir);
    },
    weightsEpoch: () => weightsEpoch,
    setEpoch(e) {
      weightsEpoch = e;
    },
  };
  return m;
}

/** Drives callbacks through epochs with the given per-epoch logs, like fit() does. */
async function drive(cbs: Callback[], model: ReturnType<typeof fakeModel>, epochs: Logs[]) {
  for (const c of cbs) c.setModel?.(model);
  for (const c of cbs) await c.onTrainBegin?.({});
  let ran = 0;
  for (let e = 0; e < epochs.length && !model.stopTraining; e++) {
    model.setEpoch(e);
    for (const c of cbs) await c.onEpochBegin?.(e, {});
    for (const c of cbs) await c.onEpochEnd?.(e, { ...epochs[e] });
    ran++;
  }
  for (const c of cbs) await c.onTrainEnd?.({});
  return ran;
}

const losses = (...v: number[]) => v.map((val_loss) => ({ loss: val_loss, val_loss }));

describe('earlyStopping', () => {
  it('stops after `patience` epochs without improvement and restores the best weights', async () => {
    const model = fakeModel();
    const es = earlyStopping({ patience: 2, restoreBestWeights: true });
    const ran = await drive([es], model, losses(1.0, 0.8, 0.9, 0.85, 0.7));
    expect(ran).toBe(4); // epochs 3 and 4 (0-based 2, 3) did not beat 0.8
    expect(es.bestEpoch).toBe(1);
    expect(es.stoppedEpoch).toBe(3);
    expect(model.weightsEpoch()).toBe(1);
  });

  it('counts minDelta and maximizes accuracy-like monitors in auto mode', async () => {
    const model = fakeModel();
    const es = earlyStopping({ monitor: 'val_accuracy', minDelta: 0.01, patience: 1 });
    const ran = await drive([es], model, [
      { val_accuracy: 0.5 },
      { val_accuracy: 0.505 },
      { val_accuracy: 0.9 },
    ]);
    expect(ran).toBe(2);
  });

  it('validates its options', () => {
    expect(() => earlyStopping({ patience: -1 })).toThrow(
      'earlyStopping: patience must be an integer >= 0, got -1',
    );
    expect(() => earlyStopping({ mode: 'up' as any })).toThrow(
      "earlyStopping: mode must be 'auto', 'min' or 'max', got 'up'",
    );
  });
});

describe('reduceLROnPlateau', () => {
  it('multiplies the learning rate after a plateau, respecting minLr and cooldown', async () => {
    const model = fakeModel();
    const cb = reduceLROnPlateau({ factor: 0.5, patience: 1, minLr: 0.03, cooldown: 1 });
    await drive([cb], model, losses(1, 1, 1, 1, 1, 1));
    // plateau at epoch 1 → 0.05; cooldown epoch 2; epoch 3 → 0.03 (minLr); then stays
    expect(model.learningRate).toBeCloseTo(0.03, 10);
  });
});

describe('learningRateScheduler', () => {
  it('sets the rate at the start of each epoch, and rejects bad rates', async () => {
    const model = fakeModel();
    const seen: number[] = [];
    await drive(
      [
        learningRateScheduler((e) => 0.1 / (e + 1)),
        { onEpochEnd: () => void seen.push(model.learningRate) },
      ],
      model,
      losses(1, 1, 1),
    );
    expect(seen).toEqual([0.1, 0.05, 0.1 / 3]);
    await expect(drive([learningRateScheduler(() => -1)], fakeModel(), losses(1))).rejects.toThrow(
      'learningRateScheduler: schedule returned -1 for epoch 1',
    );
  });
});

describe('terminateOnNaN', () => {
  it('throws an error naming the epoch and batch', () => {
    const cb = terminateOnNaN();
    cb.onEpochBegin!(2, {});
    cb.onBatchEnd!(0, { loss: 0.3 });
    let err: unknown;
    try {
      cb.onBatchEnd!(6, { loss: Number.NaN });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(NonFiniteLossError);
    expect((err as Error).message).toContain('loss became NaN at epoch 3, batch 7');
  });
});

describe('modelCheckpoint', () => {
  it('fills placeholders from the epoch and logs', () => {
    expect(formatCheckpointPath('ck/e{epoch:03d}-{val_loss:.2f}', 4, { val_loss: 0.12345 })).toBe(
      'ck/e005-0.12',
    );
    expect(() => formatCheckpointPath('{nope}', 0, { loss: 1 })).toThrow(
      "modelCheckpoint: path template {nope} names 'nope'",
    );
  });

  it('saves every epoch, or only improvements with saveBestOnly', async () => {
    const every = fakeModel();
    await drive([modelCheckpoint('ck-{epoch}')], every, losses(3, 2, 4));
    expect(every.saved).toEqual(['ck-1', 'ck-2', 'ck-3']);
    const best = fakeModel();
    await drive([modelCheckpoint('best', { saveBestOnly: true })], best, losses(3, 2, 4, 1));
    expect(best.saved).toEqual(['best', 'best', 'best']);
  });
});

describe('loggers', () => {
  it('write CSV and JSON lines per epoch', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'tsgrad-log-'));
    const csv = join(dir, 'log.csv');
    const jsonl = join(dir, 'log.jsonl');
    await drive([csvLogger(csv), jsonlLogger(jsonl)], fakeModel(), [
      { loss: 0.5, accuracy: 0.8 },
      { loss: 0.25, accuracy: 0.9 },
    ]);
    expect(await readFile(csv, 'utf8')).toBe('epoch,accuracy,loss\n0,0.8,0.5\n1,0.9,0.25\n');
    const lines = (await readFile(jsonl, 'utf8'))
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines).toEqual([
      { epoch: 0, loss: 0.5, accuracy: 0.8 },
      { epoch: 1, loss: 0.25, accuracy: 0.9 },
    ]);
    // Appending keeps the header and adds rows.
    await drive([csvLogger(csv, { append: true })], fakeModel(), [{ loss: 0.1, accuracy: 0.95 }]);
    expect((await readFile(csv, 'utf8')).split('\n')).toContain('0,0.95,0.1');
    expect((await readdir(dir)).length).toBe(2);
  });
});

describe('progressBar', () => {
  const params: TrainingParams = {
    epochs: 2,
    initialEpoch: 0,
    stepsPerEpoch: 3,
    samples: 96,
    batchSize: 32,
    verbose: 1,
    metrics: [],
  };

  it('prints one plain line per epoch when the output is not a terminal', async () => {
    const lines: string[] = [];
    const cb = progressBar({ output: { isTTY: false, write: (s) => lines.push(s) } });
    cb.setParams!(params);
    await cb.onTrainBegin?.({});
    for (let e = 0; e < 2; e++) {
      cb.onEpochBegin!(e, {});
      for (let b = 0; b < 3; b++) cb.onBatchEnd!(b, { loss: 1 });
      cb.onEpochEnd!(e, { loss: 0.5, accuracy: 0.75, lr: 0.001 });
    }
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(
      /^Epoch 1\/2 - [\d.]+s \(\d+ samples\/s\) - loss: 0\.5000 - accuracy: 0\.7500 - lr: 0\.00100\n$/,
    );
  });

  it('formats small and large numbers readably', () => {
    expect(formatLogs({ loss: 0.00001234, big: 123456 })).toBe('loss: 1.234e-5 - big: 1.235e+5');
  });
});

describe('progressBar off a terminal', () => {
  it('adds a progress line with ETA during long epochs with verbose 1', async () => {
    const lines: string[] = [];
    const bar = progressBar({
      verbose: 1,
      intervalSeconds: 0,
      output: { isTTY: false, write: (s) => void lines.push(s) },
    });
    bar.setParams?.({
      epochs: 1,
      initialEpoch: 0,
      stepsPerEpoch: 4,
      samples: 8,
      batchSize: 2,
      verbose: 1,
      metrics: [],
    });
    await bar.onTrainBegin?.({});
    await bar.onEpochBegin?.(0, {});
    await bar.onBatchEnd?.(0, { loss: 0.5 });
    await bar.onEpochEnd?.(0, { loss: 0.4 });
    expect(lines[0]).toMatch(/^ {2}1\/4 batches - ETA \d+(\.\d)?s - loss: 0\.5000\n$/);
    expect(lines[1]).toMatch(/^Epoch 1\/1 - .* - loss: 0\.4000\n$/);
  });
});
