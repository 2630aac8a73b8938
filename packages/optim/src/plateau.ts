import { ValueError } from '@tsgrad/tensor';
import { check, show } from './validate.js';

/**
 * Options of `plateauController` (Keras' ReduceLROnPlateau rule).
 * @example
 * import { type PlateauOptions, plateauController } from '@tsgrad/optim';
 * const options: PlateauOptions = { factor: 0.5, patience: 1, mode: 'max' };
 * const plateau = plateauController(options);
 * plateau.update(0.8, 0.1); // null: the first value is an improvement
 * plateau.update(0.8, 0.1); // 0.05: no improvement for `patience` updates
 */
export interface PlateauOptions {
  /** Multiplier applied to the learning rate on a plateau, in (0, 1) (default 0.1). */
  factor?: number;
  /** Updates without improvement before reducing; an integer >= 0 (default 10). */
  patience?: number;
  /** The smallest change that counts as an improvement, absolute; >= 0 (default 1e-4). */
  minDelta?: number;
  /** Updates to wait after a reduction before counting again; an integer >= 0 (default 0). */
  cooldown?: number;
  /** The learning rate never goes below this; >= 0 (default 0). */
  minLr?: number;
  /** `'min'` when lower is better (a loss; default), `'max'` when higher is (an accuracy). */
  mode?: 'min' | 'max';
}

/** Drives learning-rate reductions on a plateau of a monitored metric. */
export interface PlateauController {
  /**
   * Feeds one value of the monitored metric (once per epoch, usually) with the current learning
   * rate; returns the new, reduced rate when it is time to reduce, otherwise `null`. A NaN
   * metric counts as no improvement.
   */
  update(metric: number, learningRate: number): number | null;
  /** Forgets the best value and the counters. */
  reset(): void;
  /** The best metric so far (±Infinity before the first update). */
  readonly best: number;
  /** Updates since the last improvement. */
  readonly wait: number;
  /** Updates left in the current cooldown. */
  readonly cooldownCounter: number;
}

/**
 * Keras' ReduceLROnPlateau rule as a small state machine, independent of any optimizer: after
 * `patience` updates without an improvement larger than `minDelta`, the rate becomes
 * max(rate·factor, minLr); then `cooldown` updates pass before waiting starts again.
 *
 * @throws {ValueError} for invalid options, with the bad value.
 * @example
 * const opt = sgd({ learningRate: 0.1 });
 * const plateau = plateauController({ factor: 0.5, patience: 2 });
 * for (const valLoss of [1.0, 0.9, 0.95, 0.96]) {
 *   const lr = plateau.update(valLoss, opt.learningRate);
 *   if (lr !== null) opt.learningRate = lr; // halved after the 4th value
 * }
 * opt.learningRate; // 0.05
 */
export function plateauController(options: PlateauOptions = {}): PlateauController {
  const op = 'plateauController';
  check.knownKeys(op, options, ['factor', 'patience', 'minDelta', 'cooldown', 'minLr', 'mode']);
  const {
    factor = 0.1,
    patience = 10,
    minDelta = 1e-4,
    cooldown = 0,
    minLr = 0,
    mode = 'min',
  } = options;
  check.openUnit(op, 'factor', factor);
  check.nonNegativeInteger(op, 'patience', patience);
  check.nonNegative(op, 'minDelta', minDelta);
  check.nonNegativeInteger(op, 'cooldown', cooldown);
  check.nonNegative(op, 'minLr', minLr);
  if (mode !== 'min' && mode !== 'max')
    throw new ValueError(op, `mode must be 'min' or 'max', got ${show(mode)}`);
  const improved =
    mode === 'min'
      ? (a: number, best: number) => a < best - minDelta
      : (a: number, best: number) => a > best + minDelta;
  const initial = mode === 'min' ? Infinity : -Infinity;
  let best = initial;
  let wait = 0;
  let cooldownCounter = 0;
  return {
    update(metric: number, learningRate: number): number | null {
      if (typeof metric !== 'number')
        throw new ValueError(op, `metric must be a number, got ${show(metric)}`);
      check.nonNegative(op, 'learningRate', learningRate);
      if (cooldownCounter > 0) {
        cooldownCounter--;
        wait = 0;
      }
      if (improved(metric, best)) {
        best = metric;
        wait = 0;
        return null;
      }
      if (cooldownCounter > 0) return null;
      wait++;
      if (wait < patience || !(learningRate > minLr)) return null;
      cooldownCounter = cooldown;
      wait = 0;
      return Math.max(learningRate * factor, minLr);
    },
    reset() {
      best = initial;
      wait = 0;
      cooldownCounter = 0;
    },
    get best() {
      return best;
    },
    get wait() {
      return wait;
    },
    get cooldownCounter() {
      return cooldownCounter;
    },
  };
}
