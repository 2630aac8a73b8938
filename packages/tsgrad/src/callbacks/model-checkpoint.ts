import { ValueError } from '@tsgrad/tensor';
import type { Callback, Logs, TrainingModel } from './callback.js';
import { type MonitorMode, improvement, readMonitor } from './monitor.js';

export interface ModelCheckpointOptions {
  /** Value deciding what "best" means (default 'val_loss'). */
  monitor?: string;
  /** Only save when `monitor` improves (default false: save every epoch). */
  saveBestOnly?: boolean;
  mode?: MonitorMode;
  /** Save every `period` epochs (default 1). */
  period?: number;
}

/**
 * Fills `{epoch}`, `{epoch:03d}`, `{val_loss:.4f}`-style placeholders from the epoch (1-based)
 * and the logs.
 */
export function formatCheckpointPath(template: string, epoch: number, logs: Logs): string {
  return template.replace(
    /\{([a-zA-Z_]+)(?::(0?)(\d*)(?:\.(\d+))?([df]))?\}/g,
    (whole, key: string, zero, width, prec, kind) => {
      const v = key === 'epoch' ? epoch + 1 : logs[key];
      if (v === undefined)
        throw new ValueError(
          'modelCheckpoint',
          `path template ${whole} names '${key}', which is not among the logs (${Object.keys(logs).join(', ')})`,
        );
      let s =
        kind === 'f'
          ? v.toFixed(prec ? Number(prec) : 6)
          : kind === 'd'
            ? String(Math.round(v))
            : String(v);
      if (width) s = s.padStart(Number(width), zero ? '0' : ' ');
      return s;
    },
  );
}

/**
 * Saves the model (architecture, weights, optimizer state) into a directory at the end of
 * epochs — every epoch, or only when `monitor` improves. Each file is written atomically, so an
 * interruption never leaves a half-written checkpoint. `dir` may hold placeholders:
 * `checkpoints/epoch-{epoch:03d}`.
 * @example callbacks: [modelCheckpoint('best-model', { monitor: 'val_accuracy', saveBestOnly: true })]
 */
export function modelCheckpoint(
  dir: string,
  options: ModelCheckpointOptions = {},
): Callback & { lastSaved: string | null } {
  if (!dir) throw new ValueError('modelCheckpoint', 'needs a directory path');
  const monitor = options.monitor ?? 'val_loss';
  const period = options.period ?? 1;
  if (!Number.isInteger(period) || period < 1)
    throw new ValueError('modelCheckpoint', `period must be an integer >= 1, got ${period}`);
  const cmp = improvement('modelCheckpoint', monitor, options.mode ?? 'auto', 0);
  let model: TrainingModel;
  let best = cmp.initial;
  const self = {
    lastSaved: null as string | null,
    setModel(m: TrainingModel) {
      model = m;
    },
    onTrainBegin() {
      best = cmp.initial;
    },
    async onEpochEnd(epoch: number, logs: Logs) {
      if ((epoch + 1) % period !== 0) return;
      if (options.saveBestOnly) {
        const current = readMonitor('modelCheckpoint', monitor, logs);
        if (current === undefined || !cmp.better(current, best)) return;
        best = current;
      }
      const path = formatCheckpointPath(dir, epoch, logs);
      await model.save(path);
      self.lastSaved = path;
    },
  };
  return self;
}
