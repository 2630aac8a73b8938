import { ValueError } from '@tsgrad/tensor';
import { check, show } from './validate.js';

/** A schedule's JSON form: its name and parameters (nested schedules as configs). */
export interface ScheduleConfig {
  name: string;
  [key: string]: unknown;
}

/**
 * A learning-rate schedule: a function of the step (0 for the first update: the number of
 * updates already made), plus `getConfig()` for saving. Any optimizer takes one as its
 * `learningRate`.
 *
 * @example
 * const lr = cosineDecay({ initialLearningRate: 1e-3, decaySteps: 1000 });
 * lr(0); // 0.001
 * const opt = adam({ learningRate: lr });
 */
export interface Schedule {
  (step: number): number;
  getConfig(): ScheduleConfig;
}

function makeSchedule(config: ScheduleConfig, fn: (step: number) => number): Schedule {
  const frozen = JSON.parse(JSON.stringify(config)) as ScheduleConfig;
  return Object.assign((step: number) => fn(step), {
    getConfig: () => JSON.parse(JSON.stringify(frozen)) as ScheduleConfig,
  });
}

function checkNumber(op: string, key: string, v: unknown, allowZero: boolean): void {
  if (allowZero) check.nonNegative(op, key, v);
  else check.positive(op, key, v);
}

/**
 * A fixed learning rate.
 * @throws {ValueError} for a value that is not > 0.
 * @example constant(0.01)(500); // 0.01
 */
export function constant(value: number): Schedule {
  check.positive('constant', 'value', value);
  return makeSchedule({ name: 'constant', value }, () => value);
}

/**
 * Options of `stepDecay`.
 * @example
 * import { type StepDecayOptions, stepDecay } from '@tsgrad/optim';
 * const options: StepDecayOptions = { initialLearningRate: 0.1, stepSize: 10, gamma: 0.5 };
 * stepDecay(options)(25); // 0.025
 */
export interface StepDecayOptions {
  /** The rate before the first decay; > 0 (required). */
  initialLearningRate: number;
  /** Steps between decays; an integer >= 1 (required). */
  stepSize: number;
  /** Multiplier at each decay; > 0 (default 0.1). */
  gamma?: number;
}

/**
 * initialLearningRate · gamma^⌊step / stepSize⌋, as PyTorch's `StepLR`.
 * @throws {ValueError} for a non-positive rate or gamma, or a stepSize that is not an integer >= 1.
 * @example stepDecay({ initialLearningRate: 0.1, stepSize: 30, gamma: 0.1 })(65); // 0.001
 */
export function stepDecay(options: StepDecayOptions): Schedule {
  const op = 'stepDecay';
  check.knownKeys(op, options, ['initialLearningRate', 'stepSize', 'gamma']);
  const { initialLearningRate, stepSize, gamma = 0.1 } = options;
  check.positive(op, 'initialLearningRate', initialLearningRate);
  check.positiveInteger(op, 'stepSize', stepSize);
  check.positive(op, 'gamma', gamma);
  return makeSchedule(
    { name: op, initialLearningRate, stepSize, gamma },
    (step) => initialLearningRate * gamma ** Math.floor(step / stepSize),
  );
}

/**
 * Options of `exponentialDecay`.
 * @example
 * import { type ExponentialDecayOptions, exponentialDecay } from '@tsgrad/optim';
 * const options: ExponentialDecayOptions = { initialLearningRate: 0.1, decaySteps: 100, decayRate: 0.5, staircase: true };
 * exponentialDecay(options)(150); // 0.05
 */
export interface ExponentialDecayOptions {
  /** The rate at step 0; > 0 (required). */
  initialLearningRate: number;
  /** Steps over which the rate is multiplied by `decayRate`; > 0 (required). */
  decaySteps: number;
  /** Multiplier per `decaySteps` steps; > 0 (required; < 1 to decay). */
  decayRate: number;
  /** Decay in whole periods (⌊step / decaySteps⌋) rather than continuously (default false). */
  staircase?: boolean;
}

/**
 * initialLearningRate · decayRate^(step / decaySteps), as Keras' `ExponentialDecay`.
 * @throws {ValueError} for non-positive values.
 * @example exponentialDecay({ initialLearningRate: 0.1, decaySteps: 100, decayRate: 0.5 })(50); // 0.0707
 */
export function exponentialDecay(options: ExponentialDecayOptions): Schedule {
  const op = 'exponentialDecay';
  check.knownKeys(op, options, ['initialLearningRate', 'decaySteps', 'decayRate', 'staircase']);
  const { initialLearningRate, decaySteps, decayRate, staircase = false } = options;
  check.positive(op, 'initialLearningRate', initialLearningRate);
  check.positive(op, 'decaySteps', decaySteps);
  check.positive(op, 'decayRate', decayRate);
  check.boolean(op, 'staircase', staircase);
  return makeSchedule(
    { name: op, initialLearningRate, decaySteps, decayRate, staircase },
    (step) => {
      const p = step / decaySteps;
      return initialLearningRate * decayRate ** (staircase ? Math.floor(p) : p);
    },
  );
}

/**
 * Options of `piecewiseConstant`.
 * @example
 * import { type PiecewiseConstantOptions, piecewiseConstant } from '@tsgrad/optim';
 * const options: PiecewiseConstantOptions = { boundaries: [100], values: [0.1, 0.01] };
 * piecewiseConstant(options)(100); // 0.1 (boundaries are inclusive)
 * piecewiseConstant(options)(101); // 0.01
 */
export interface PiecewiseConstantOptions {
  /** Step boundaries: strictly increasing finite numbers (required). */
  boundaries: number[];
  /** The rates, one more than `boundaries`; each >= 0 (required). */
  values: number[];
}

/**
 * values[0] while step <= boundaries[0], values[i] while boundaries[i−1] < step <= boundaries[i],
 * and the last value after the last boundary — Keras' `PiecewiseConstantDecay`.
 * @throws {ValueError} when boundaries are not increasing or values are not one more than them.
 * @example piecewiseConstant({ boundaries: [100, 200], values: [1, 0.5, 0.1] })(150); // 0.5
 */
export function piecewiseConstant(options: PiecewiseConstantOptions): Schedule {
  const op = 'piecewiseConstant';
  check.knownKeys(op, options, ['boundaries', 'values']);
  const { boundaries, values } = options;
  if (
    !Array.isArray(boundaries) ||
    !Array.isArray(values) ||
    values.length !== boundaries.length + 1
  ) {
    throw new ValueError(
      op,
      `needs one more value than boundaries, got ${show(boundaries)} and ${show(values)}`,
    );
  }
  boundaries.forEach((b, i) => {
    if (typeof b !== 'number' || !Number.isFinite(b) || (i > 0 && !(b > boundaries[i - 1]))) {
      throw new ValueError(
        op,
        `boundaries must be increasing finite numbers, got ${show(boundaries)}`,
      );
    }
  });
  values.forEach((v, i) => {
    check.nonNegative(op, `values[${i}]`, v);
  });
  const b = [...boundaries];
  const v = [...values];
  return makeSchedule({ name: op, boundaries: b, values: v }, (step) => {
    for (let i = 0; i < b.length; i++) if (step <= b[i]) return v[i];
    return v[v.length - 1];
  });
}

/**
 * Options of `linearWarmup`.
 * @example
 * import { type LinearWarmupOptions, linearWarmup } from '@tsgrad/optim';
 * const options: LinearWarmupOptions = { warmupSteps: 10, schedule: 0.1, startLearningRate: 0.01 };
 * linearWarmup(options)(5); // 0.055
 * linearWarmup(options)(10); // 0.1
 */
export interface LinearWarmupOptions {
  /** Steps of warmup; an integer >= 1 (required). */
  warmupSteps: number;
  /** The schedule (or fixed rate > 0) that follows; the warmup ends at its first value (required). */
  schedule: Schedule | number;
  /** The rate at step 0; >= 0 (default 0). */
  startLearningRate?: number;
}

/**
 * A linear ramp from `startLearningRate` (step 0) towards `schedule(0)` over `warmupSteps`, then
 * `schedule(step − warmupSteps)`: the wrapped schedule starts counting when the warmup ends.
 * @throws {ValueError} for a warmupSteps that is not an integer >= 1 or a negative start.
 * @example
 * const lr = linearWarmup({ warmupSteps: 100, schedule: cosineDecay({ initialLearningRate: 1e-3, decaySteps: 900 }) });
 * lr(50); // 0.0005
 */
export function linearWarmup(options: LinearWarmupOptions): Schedule {
  const op = 'linearWarmup';
  check.knownKeys(op, options, ['warmupSteps', 'schedule', 'startLearningRate']);
  const { warmupSteps, startLearningRate = 0 } = options;
  check.positiveInteger(op, 'warmupSteps', warmupSteps);
  check.nonNegative(op, 'startLearningRate', startLearningRate);
  const inner = toSchedule(op, 'schedule', options.schedule);
  const target = inner(0);
  return makeSchedule(
    { name: op, warmupSteps, startLearningRate, schedule: inner.getConfig() },
    (step) =>
      step < warmupSteps
        ? startLearningRate + ((target - startLearningRate) * step) / warmupSteps
        : inner(step - warmupSteps),
  );
}

/**
 * Options of `cosineDecay` (Keras' `CosineDecay`).
 * @example
 * import { type CosineDecayOptions, cosineDecay } from '@tsgrad/optim';
 * const options: CosineDecayOptions = { initialLearningRate: 0.1, decaySteps: 100, alpha: 0.1 };
 * cosineDecay(options)(100); // 0.01: alpha·initialLearningRate at the end
 */
export interface CosineDecayOptions {
  /**
   * The rate at step 0 (the warmup's start when there is a warmup); > 0, or >= 0 with a
   * `warmupTarget` (required).
   */
  initialLearningRate: number;
  /** Steps of the cosine decay (after the warmup); an integer >= 1 (required). */
  decaySteps: number;
  /** The final rate as a fraction of the decay's starting rate, in [0, 1] (default 0). */
  alpha?: number;
  /** Steps of linear warmup before the decay; an integer >= 0 (default 0; needs `warmupTarget`). */
  warmupSteps?: number;
  /** The rate reached at the end of the warmup, where the decay starts; > 0 (default: none). */
  warmupTarget?: number;
}

/**
 * Cosine decay, as Keras' `CosineDecay`: from rate r0 (initialLearningRate, or warmupTarget after
 * a warmup) to alpha·r0 following r0·((1 − alpha)·½(1 + cos(π·t/decaySteps)) + alpha), then
 * constant. With `warmupSteps` and `warmupTarget`, the rate first rises linearly from
 * initialLearningRate to warmupTarget.
 * @throws {ValueError} for invalid values, or warmupSteps without warmupTarget.
 * @example
 * cosineDecay({ initialLearningRate: 0.1, decaySteps: 100 })(50); // 0.05
 * cosineDecay({ initialLearningRate: 0, warmupTarget: 1e-3, warmupSteps: 100, decaySteps: 1000 });
 */
export function cosineDecay(options: CosineDecayOptions): Schedule {
  const op = 'cosineDecay';
  check.knownKeys(op, options, [
    'initialLearningRate',
    'decaySteps',
    'alpha',
    'warmupSteps',
    'warmupTarget',
  ]);
  const { initialLearningRate, decaySteps, alpha = 0, warmupSteps = 0, warmupTarget } = options;
  checkNumber(op, 'initialLearningRate', initialLearningRate, warmupTarget !== undefined);
  check.positiveInteger(op, 'decaySteps', decaySteps);
  check.unit(op, 'alpha', alpha);
  check.nonNegativeInteger(op, 'warmupSteps', warmupSteps);
  if (warmupTarget !== undefined) check.positive(op, 'warmupTarget', warmupTarget);
  if (warmupSteps > 0 && warmupTarget === undefined) {
    throw new ValueError(
      op,
      'warmupSteps needs warmupTarget (the learning rate reached at the end of the warmup)',
    );
  }
  const decay = (t: number, from: number) =>
    from *
    ((1 - alpha) * 0.5 * (1 + Math.cos((Math.PI * Math.min(t, decaySteps)) / decaySteps)) + alpha);
  const config: ScheduleConfig = { name: op, initialLearningRate, decaySteps, alpha, warmupSteps };
  if (warmupTarget === undefined)
    return makeSchedule(config, (step) => decay(step, initialLearningRate));
  return makeSchedule({ ...config, warmupTarget }, (step) =>
    step < warmupSteps
      ? initialLearningRate + ((warmupTarget - initialLearningRate) * step) / warmupSteps
      : decay(step - warmupSteps, warmupTarget),
  );
}

/**
 * Options of `oneCycle` (PyTorch's `OneCycleLR`, cosine annealing).
 * @example
 * import { type OneCycleOptions, oneCycle } from '@tsgrad/optim';
 * const options: OneCycleOptions = { maxLr: 0.1, totalSteps: 100, divFactor: 10 };
 * oneCycle(options)(0); // 0.01: maxLr / divFactor
 */
export interface OneCycleOptions {
  /** The peak rate; > 0 (required). */
  maxLr: number;
  /** Steps of the whole cycle; an integer >= 1 (required). */
  totalSteps: number;
  /** Fraction of the steps spent rising, in (0, 1) (default 0.3). */
  pctStart?: number;
  /** The start rate is maxLr / divFactor; > 0 (default 25). */
  divFactor?: number;
  /** The final rate is the start rate / finalDivFactor; > 0 (default 1e4). */
  finalDivFactor?: number;
}

/**
 * The one-cycle policy (Smith & Topin, 2018) as PyTorch's `OneCycleLR` with cosine annealing:
 * from maxLr/divFactor up to maxLr over the first pctStart·totalSteps − 1 steps, then down to
 * maxLr/(divFactor·finalDivFactor) at step totalSteps − 1, and that value afterwards (PyTorch
 * raises there instead). Momentum is not cycled.
 * @throws {ValueError} for invalid values.
 * @example oneCycle({ maxLr: 0.1, totalSteps: 100 })(29); // 0.1 (the peak)
 */
export function oneCycle(options: OneCycleOptions): Schedule {
  const op = 'oneCycle';
  check.knownKeys(op, options, ['maxLr', 'totalSteps', 'pctStart', 'divFactor', 'finalDivFactor']);
  const { maxLr, totalSteps, pctStart = 0.3, divFactor = 25, finalDivFactor = 1e4 } = options;
  check.positive(op, 'maxLr', maxLr);
  check.positiveInteger(op, 'totalSteps', totalSteps);
  check.openUnit(op, 'pctStart', pctStart);
  check.positive(op, 'divFactor', divFactor);
  check.positive(op, 'finalDivFactor', finalDivFactor);
  const initial = maxLr / divFactor;
  const final = initial / finalDivFactor;
  const peak = pctStart * totalSteps - 1;
  const end = totalSteps - 1;
  // cos annealing from a to b as pct goes 0 → 1
  const anneal = (a: number, b: number, pct: number) =>
    b + ((a - b) / 2) * (Math.cos(Math.PI * pct) + 1);
  return makeSchedule(
    { name: op, maxLr, totalSteps, pctStart, divFactor, finalDivFactor },
    (step) => {
      const s = Math.min(step, end);
      if (s <= peak && peak > 0) return anneal(initial, maxLr, s / peak);
      return anneal(maxLr, final, (s - peak) / (end - peak));
    },
  );
}

const SCHEDULES: Record<string, (config: any) => Schedule> = {
  constant: (c) => constant(c.value),
  stepDecay,
  exponentialDecay,
  piecewiseConstant,
  linearWarmup: (c) =>
    linearWarmup({
      ...c,
      schedule: typeof c.schedule === 'number' ? c.schedule : scheduleFromConfig(c.schedule),
    }),
  cosineDecay,
  oneCycle,
};

/**
 * Rebuilds a schedule from `schedule.getConfig()`.
 * @throws {ValueError} for an unknown name (listing the known ones) or invalid parameters.
 * @example scheduleFromConfig({ name: 'stepDecay', initialLearningRate: 0.1, stepSize: 10 });
 */
export function scheduleFromConfig(config: ScheduleConfig): Schedule {
  if (config === null || typeof config !== 'object' || typeof config.name !== 'string') {
    throw new ValueError('scheduleFromConfig', `expected { name, ... }, got ${show(config)}`);
  }
  const make = SCHEDULES[config.name];
  if (!make) {
    throw new ValueError(
      'scheduleFromConfig',
      `unknown schedule '${config.name}' (known: ${Object.keys(SCHEDULES).join(', ')})`,
    );
  }
  const { name: _name, ...rest } = config;
  return make(rest);
}

/** @internal A number becomes `constant(n)`; a function must be a schedule. */
export function toSchedule(op: string, key: string, v: Schedule | number): Schedule {
  if (typeof v === 'number') return constant(v);
  if (typeof v !== 'function' || typeof (v as Schedule).getConfig !== 'function') {
    throw new ValueError(
      op,
      `${key} must be a number or a schedule (with getConfig), got ${show(v)}`,
    );
  }
  return v;
}
