import { ValueError } from '@tsgrad/tensor';
import type { Callback, Logs, TrainingModel } from './callback.js';
import { type MonitorMode, improvement, readMonitor } from './monitor.js';

export interface ReduceLROnPlateauOptions {
  monitor?: string;
  /** Multiplier applied to the learning rate (default 0.1). */
  factor?: number;
  /** Epochs without improvement before reducing (default 10). */
  patience?: number;
  mode?: MonitorMode;
  minDelta?: number;
  /** Epochs to wait after a reduction before counting again (default 0). */
  cooldown?: number;
  /** Lower bound of the learning rate (default 0). */
  minLr?: number;
  /** Print a line when reducing. */
  verbose?: boolean;
}

/**
 * Multiplies the learning rate by `factor` when `monitor` has stopped improving for `patience`
 * epochs (Keras semantics).
 * @example callbacks: [reduceLROnPlateau({ monitor: 'val_loss', factor: 0.5, patience: 2 })]
 */
export function reduceLROnPlateau(options: ReduceLROnPlateauOptions = {}): Callback {
  const monitor = options.monitor ?? 'val_loss';
  const factor = options.factor ?? 0.1;
  const patience = options.patience ?? 10;
  const cooldown = options.cooldown ?? 0;
  const minLr = options.minLr ?? 0;
  if (!(factor > 0 && factor < 1))
    throw new ValueError('reduceLROnPlateau', `factor must be in (0, 1), got ${factor}`);
  if (!Number.isInteger(patience) || patience < 0)
    throw new ValueError('reduceLROnPlateau', `patience must be an integer >= 0, got ${patience}`);
  if (!(minLr >= 0)) throw new ValueError('reduceLROnPlateau', `minLr must be >= 0, got ${minLr}`);
  const cmp = improvement(
    'reduceLROnPlateau',
    monitor,
    options.mode ?? 'auto',
    options.minDelta ?? 1e-4,
  );
  let model: TrainingModel;
  let best = cmp.initial;
  let wait = 0;
  let cooldownLeft = 0;
  return {
    setModel(m) {
      model = m;
    },
    onTrainBegin() {
      best = cmp.initial;
      wait = 0;
      cooldownLeft = 0;
    },
    onEpochEnd(epoch: number, logs: Logs) {
      logs.lr = model.learningRate;
      const current = readMonitor('reduceLROnPlateau', monitor, logs);
      if (current === undefined) return;
      if (cooldownLeft > 0) {
        cooldownLeft--;
        wait = 0;
      }
      if (cmp.better(current, best)) {
        best = current;
        wait = 0;
        return;
      }
      if (cooldownLeft > 0) return;
      wait++;
      if (wait >= patience) {
        const old = model.learningRate;
        const next = Math.max(old * factor, minLr);
        if (old - next > 1e-12 * old) {
          model.learningRate = next;
          if (options.verbose)
            console.log(`Epoch ${epoch + 1}: reduceLROnPlateau reducing learning rate to ${next}.`);
          cooldownLeft = cooldown;
          wait = 0;
        }
      }
    },
  };
}

/**
 * Sets the learning rate at the start of every epoch from `schedule(epoch, currentLr)`.
 * @example callbacks: [learningRateScheduler((epoch, lr) => (epoch < 5 ? lr : lr * 0.9))]
 */
export function learningRateScheduler(
  schedule: (epoch: number, lr: number) => number,
  verbose = false,
): Callback {
  let model: TrainingModel;
  return {
    setModel(m) {
      model = m;
    },
    onEpochBegin(epoch: number) {
      const lr = schedule(epoch, model.learningRate);
      if (!(typeof lr === 'number' && lr > 0 && Number.isFinite(lr))) {
        throw new ValueError(
          'learningRateScheduler',
          `schedule returned ${lr} for epoch ${epoch + 1}; a learning rate must be a finite number > 0`,
        );
      }
      model.learningRate = lr;
      if (verbose)
        console.log(`Epoch ${epoch + 1}: learningRateScheduler setting learning rate to ${lr}.`);
    },
  };
}
