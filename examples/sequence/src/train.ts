import '@tsgrad/autograd';
import { noGrad } from '@tsgrad/autograd';
import { Dataset } from '@tsgrad/data';
import { type Sequential, dense, gru, lstm, sequential } from '@tsgrad/layers';
import { meanSquaredError } from '@tsgrad/losses';
import { adam } from '@tsgrad/optim';
import { scope } from '@tsgrad/tensor';
import type { Task } from './tasks.js';

export type Cell = 'lstm' | 'gru';

/** Options of {@link trainSequenceModel}. */
export interface TrainOptions {
  cell: Cell;
  units: number;
  trainSize: number;
  testSize: number;
  epochs: number;
  batchSize: number;
  learningRate: number;
  seed: number;
  onEpoch?: (epoch: number, trainLoss: number, testLoss: number) => void;
}

/** What {@link trainSequenceModel} returns. */
export interface TrainResult {
  /** Test mean squared error of the trained model. */
  testMse: number;
  /** Test mean squared error of the task's naive baseline. */
  baselineMse: number;
  /** Train loss of each epoch (mean over its batches). */
  trainLosses: number[];
  model: Sequential;
  seconds: number;
}

function build(cell: Cell, units: number, steps: number, features: number, seed: number) {
  const inputShape = [steps, features];
  return sequential([
    cell === 'lstm' ? lstm({ units, inputShape, seed }) : gru({ units, inputShape, seed }),
    dense({ units: 1, seed: seed + 1 }),
  ]);
}

/**
 * Trains a one-layer LSTM or GRU (last state → Dense(1)) on a task with mean squared error and
 * Adam, in a custom loop over a seeded, shuffled `Dataset`, and measures it on a held-out test
 * set against the naive baseline.
 */
export function trainSequenceModel(task: Task, o: TrainOptions): TrainResult {
  const t0 = performance.now();
  const train = task.make(o.trainSize, o.seed);
  const test = task.make(o.testSize, o.seed + 1000);
  const model = build(o.cell, o.units, task.steps, task.features, o.seed + 7);
  const params = model.trainableParameters();
  const opt = adam({ learningRate: o.learningRate, clipGlobalNorm: 1 });
  const batches = Dataset.fromTensors(train.x, train.y)
    .shuffle({ seed: o.seed + 3 })
    .batch(o.batchSize);
  const testMse = () => noGrad(() => meanSquaredError(test.y, model.call(test.x)).item());
  const trainLosses: number[] = [];
  for (let epoch = 1; epoch <= o.epochs; epoch++) {
    let total = 0;
    let count = 0;
    for (const { x, y } of batches) {
      total +=
        scope(() => {
          const loss = meanSquaredError(y, model.call(x, { training: true }));
          loss.backward();
          opt.step(params);
          opt.zeroGrad(params);
          return loss.item();
        }) * x.shape[0];
      count += x.shape[0];
    }
    trainLosses.push(total / count);
    o.onEpoch?.(epoch, total / count, testMse());
  }
  return {
    testMse: testMse(),
    baselineMse: meanSquaredError(test.y, test.baseline).item(),
    trainLosses,
    model,
    seconds: (performance.now() - t0) / 1000,
  };
}
