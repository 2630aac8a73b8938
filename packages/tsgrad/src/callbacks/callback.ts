import type { Tensor } from '@tsgrad/tensor';

/** Numbers reported during training: `loss`, metrics, their `val_` twins, `lr`. */
export type Logs = Record<string, number>;

/** What a callback may use of the model being trained. */
export interface TrainingModel {
  /** Set to true to stop after the current batch/epoch. */
  stopTraining: boolean;
  /** The optimizer's current learning rate (readable and writable). */
  learningRate: number;
  /** A snapshot copy of all weights and state, by stable name. */
  getWeights(): Map<string, Tensor>;
  /** Restores a snapshot from `getWeights()`. */
  setWeights(weights: Map<string, Tensor>): void;
  /** Saves architecture, weights and optimizer state to a directory (atomic writes). */
  save(dir: string): Promise<void>;
}

/** Parameters `fit()` tells callbacks at the start. */
export interface TrainingParams {
  epochs: number;
  initialEpoch: number;
  stepsPerEpoch: number;
  samples: number;
  batchSize: number;
  verbose: 0 | 1 | 2;
  metrics: string[];
}

/**
 * Hooks into `fit()`. Every method is optional and may be async (fit awaits it). Epochs are
 * 0-based in calls; messages shown to people count from 1.
 *
 * @example
 * const printer: Callback = { onEpochEnd: (epoch, logs) => console.log(epoch, logs.loss) };
 * await model.fit(x, y, { callbacks: [printer] });
 */
export interface Callback {
  setModel?(model: TrainingModel): void;
  setParams?(params: TrainingParams): void;
  onTrainBegin?(logs: Logs): void | Promise<void>;
  onTrainEnd?(logs: Logs): void | Promise<void>;
  onEpochBegin?(epoch: number, logs: Logs): void | Promise<void>;
  onEpochEnd?(epoch: number, logs: Logs): void | Promise<void>;
  onBatchBegin?(batch: number, logs: Logs): void | Promise<void>;
  onBatchEnd?(batch: number, logs: Logs): void | Promise<void>;
}

/** Calls a list of callbacks in order. */
export class CallbackList {
  constructor(readonly callbacks: Callback[]) {}

  setModel(model: TrainingModel): void {
    for (const c of this.callbacks) c.setModel?.(model);
  }

  setParams(params: TrainingParams): void {
    for (const c of this.callbacks) c.setParams?.(params);
  }

  async trainBegin(logs: Logs): Promise<void> {
    for (const c of this.callbacks) await c.onTrainBegin?.(logs);
  }

  async trainEnd(logs: Logs): Promise<void> {
    for (const c of this.callbacks) await c.onTrainEnd?.(logs);
  }

  async epochBegin(epoch: number, logs: Logs): Promise<void> {
    for (const c of this.callbacks) await c.onEpochBegin?.(epoch, logs);
  }

  async epochEnd(epoch: number, logs: Logs): Promise<void> {
    for (const c of this.callbacks) await c.onEpochEnd?.(epoch, logs);
  }

  async batchBegin(batch: number, logs: Logs): Promise<void> {
    for (const c of this.callbacks) await c.onBatchBegin?.(batch, logs);
  }

  async batchEnd(batch: number, logs: Logs): Promise<void> {
    for (const c of this.callbacks) await c.onBatchEnd?.(batch, logs);
  }
}
