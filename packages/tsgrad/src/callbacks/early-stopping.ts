import type { Tensor } from '@tsgrad/tensor';
import { ValueError } from '@tsgrad/tensor';
import type { Callback, Logs, TrainingModel } from './callback.js';
import { type MonitorMode, improvement, readMonitor } from './monitor.js';

export interface EarlyStoppingOptions {
  /** Value to watch (default 'val_loss'). */
  monitor?: string;
  /** Smallest change that counts as an improvement (default 0). */
  minDelta?: number;
  /** Epochs without improvement before stopping (default 0). */
  patience?: number;
  mode?: MonitorMode;
  /** Stop unless the value beats this from the start. */
  baseline?: number;
  /** At the end, put back the weights of the best epoch (default false, as in Keras). */
  restoreBestWeights?: boolean;
}

/**
 * Stops training when `monitor` has not improved for `patience` epochs; with
 * `restoreBestWeights` the weights of the best epoch are put back when training ends.
 * `stoppedEpoch` and `bestEpoch` tell what happened (0-based).
 * @example callbacks: [earlyStopping({ monitor: 'val_loss', patience: 3, restoreBestWeights: true })]
 */
export function earlyStopping(
  options: EarlyStoppingOptions = {},
): Callback & { stoppedEpoch: number; bestEpoch: number; best: number } {
  const monitor = options.monitor ?? 'val_loss';
  const patience = options.patience ?? 0;
  if (!Number.isInteger(patience) || patience < 0)
    throw new ValueError('earlyStopping', `patience must be an integer >= 0, got ${patience}`);
  const cmp = improvement('earlyStopping', monitor, options.mode ?? 'auto', options.minDelta ?? 0);
  let model: TrainingModel;
  let wait = 0;
  let bestWeights: Map<string, Tensor> | null = null;
  const state = {
    stoppedEpoch: -1,
    bestEpoch: -1,
    best: cmp.initial,
    setModel(m: TrainingModel) {
      model = m;
    },
    onTrainBegin() {
      wait = 0;
      state.stoppedEpoch = -1;
      state.bestEpoch = -1;
      state.best = options.baseline ?? cmp.initial;
      bestWeights = null;
    },
    onEpochEnd(epoch: number, logs: Logs) {
      const current = readMonitor('earlyStopping', monitor, logs);
      if (current === undefined) return;
      if (cmp.better(current, state.best)) {
        state.best = current;
        state.bestEpoch = epoch;
        wait = 0;
        if (options.restoreBestWeights) bestWeights = model.getWeights();
        return;
      }
      wait++;
      if (wait >= patience) {
        state.stoppedEpoch = epoch;
        model.stopTraining = true;
      }
    },
    onTrainEnd() {
      // Keras 3 semantics: the best weights come back whenever they were recorded.
      if (options.restoreBestWeights && bestWeights) model.setWeights(bestWeights);
    },
  };
  return state;
}
