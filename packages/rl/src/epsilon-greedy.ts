import { Generator, defaultGenerator } from '@tsgrad/tensor';
import { RlError, checkInteger, checkRange } from './errors.js';

/** A value as a function of the step count (0 for the first step), such as ε. */
export type Schedule = (step: number) => number;

/** Options of {@link linearSchedule}. */
export interface LinearScheduleOptions {
  /** Value at step 0. */
  start: number;
  /** Value from step `steps` on. */
  end: number;
  /** Steps to go from `start` to `end` (> 0). */
  steps: number;
}

/**
 * Linear decay from `start` to `end` over `steps` steps, then constant, as in the DQN paper
 * (ε from 1 to 0.1 over the first million frames) and Stable-Baselines3's
 * `exploration_fraction`.
 *
 * @throws {RlError} for a non-finite start or end, or steps not > 0.
 * @example
 * const eps = linearSchedule({ start: 1, end: 0.05, steps: 10_000 });
 * eps(0); // 1
 * eps(5_000); // 0.525
 * eps(20_000); // 0.05
 */
export function linearSchedule(options: LinearScheduleOptions): Schedule {
  const op = 'linearSchedule';
  const { start, end, steps } = options;
  checkFinite(op, 'start', start);
  checkFinite(op, 'end', end);
  if (!(Number.isFinite(steps) && steps > 0))
    throw new RlError(op, `steps must be a finite number > 0, got ${steps}`);
  return (step) => {
    const t = Math.min(Math.max(step, 0) / steps, 1);
    return start + (end - start) * t;
  };
}

/** Options of {@link exponentialSchedule}. */
export interface ExponentialScheduleOptions {
  /** Value at step 0. */
  start: number;
  /** The value it decays toward. */
  end: number;
  /** Factor per step in (0, 1]: `value(t) = end + (start − end) · decay^t`. */
  decay: number;
}

/**
 * Exponential decay from `start` toward `end`: `end + (start − end) · decay^t`. PyTorch's DQN
 * tutorial writes the same curve as `end + (start − end) · exp(−t / EPS_DECAY)`, that is
 * `decay = exp(−1 / EPS_DECAY)`.
 *
 * @throws {RlError} for a non-finite start or end, or decay outside (0, 1].
 * @example
 * const eps = exponentialSchedule({ start: 1, end: 0.05, decay: 0.999 });
 * eps(0); // 1
 * eps(1000); // 0.399 (0.05 + 0.95 · 0.999^1000)
 */
export function exponentialSchedule(options: ExponentialScheduleOptions): Schedule {
  const op = 'exponentialSchedule';
  const { start, end, decay } = options;
  checkFinite(op, 'start', start);
  checkFinite(op, 'end', end);
  if (!(decay > 0 && decay <= 1)) throw new RlError(op, `decay must be in (0, 1], got ${decay}`);
  return (step) => end + (start - end) * decay ** Math.max(step, 0);
}

function checkFinite(op: string, name: string, value: number): void {
  if (!Number.isFinite(value))
    throw new RlError(op, `${name} must be a finite number, got ${value}`);
}

/**
 * The index of the largest value; ties go to the lowest index (as NumPy's `argmax`).
 * @throws {RlError} for an empty array.
 * @example greedyAction([0.1, 0.7, 0.7]); // 1
 */
export function greedyAction(values: ArrayLike<number>): number {
  if (values.length === 0) throw new RlError('greedyAction', 'values is empty');
  let best = 0;
  for (let i = 1; i < values.length; i++) if (values[i] > values[best]) best = i;
  return best;
}

/** What {@link EpsilonGreedy.select} takes: the greedy action, the action values, or a function giving either. */
export type GreedyChoice = number | ArrayLike<number> | (() => number | ArrayLike<number>);

/** Options of {@link EpsilonGreedy}. */
export interface EpsilonGreedyOptions {
  /** Actions are `0 .. numActions - 1`. */
  numActions: number;
  /** ε as a constant in [0, 1] or a schedule of the selection count. */
  epsilon: number | Schedule;
  /** Seeds the generator. Default: a fork of tensor's global generator. */
  seed?: number;
  /** Draws from this generator instead (shared, not copied). */
  generator?: Generator;
}

/**
 * ε-greedy exploration: with probability ε a uniformly random action, otherwise the greedy one.
 * ε follows a schedule of the number of selections made so far.
 *
 * `select` takes the greedy choice lazily (a function), so the network is evaluated only when
 * the action is not random — most of the time early in training.
 *
 * @throws {RlError} for a bad option, ε outside [0, 1], or a greedy action out of range.
 * @example
 * const explore = new EpsilonGreedy({
 *   numActions: 2,
 *   epsilon: linearSchedule({ start: 1, end: 0.05, steps: 10_000 }),
 *   seed: 0,
 * });
 * const qValues = () => [0.3, 0.8]; // in DQN: the network's output for the current state
 * const action = explore.select(qValues); // random with probability ε, else 1
 * explore.steps; // 1
 * explore.epsilon; // 0.999905 (ε for the next selection)
 */
export class EpsilonGreedy {
  readonly numActions: number;
  private readonly schedule: Schedule;
  private readonly generator: Generator;
  private count = 0;

  constructor(options: EpsilonGreedyOptions) {
    const op = 'EpsilonGreedy';
    const known = ['numActions', 'epsilon', 'seed', 'generator'];
    for (const key of Object.keys(options)) {
      if (!known.includes(key))
        throw new RlError(op, `unknown option '${key}' (known options: ${known.join(', ')})`);
    }
    checkInteger(op, 'numActions', options.numActions, 1);
    this.numActions = options.numActions;
    const eps = options.epsilon;
    if (typeof eps === 'number') {
      checkRange(op, 'epsilon', eps, 0, 1);
      this.schedule = () => eps;
    } else if (typeof eps === 'function') {
      this.schedule = eps;
    } else {
      throw new RlError(op, `epsilon must be a number or a schedule function, got ${typeof eps}`);
    }
    if (options.generator && options.seed !== undefined)
      throw new RlError(op, 'pass either seed or generator, not both');
    this.generator =
      options.generator ??
      (options.seed !== undefined ? new Generator(options.seed) : defaultGenerator().fork());
  }

  /** Selections made so far (the step the schedule is evaluated at). */
  get steps(): number {
    return this.count;
  }

  set steps(value: number) {
    checkInteger('EpsilonGreedy.steps', 'steps', value, 0);
    this.count = value;
  }

  /** ε for the next selection. */
  get epsilon(): number {
    const eps = this.schedule(this.count);
    checkRange('EpsilonGreedy', `epsilon at step ${this.count}`, eps, 0, 1);
    return eps;
  }

  /**
   * Picks an action and advances the schedule by one step.
   * @param greedy the greedy action, the action values (argmax is taken), or a function
   *   returning either; the function is called only when the action is not random.
   * @example explore.select([0.2, 0.9]); // 1 with probability 1 − ε/2
   */
  select(greedy: GreedyChoice): number {
    const eps = this.epsilon;
    this.count++;
    if (this.generator.uniform() < eps) return this.generator.integer(0, this.numActions);
    const choice = typeof greedy === 'function' ? greedy() : greedy;
    if (typeof choice === 'number') {
      checkInteger('EpsilonGreedy.select', 'the greedy action', choice, 0, this.numActions - 1);
      return choice;
    }
    if (choice.length !== this.numActions)
      throw new RlError(
        'EpsilonGreedy.select',
        `got ${choice.length} action values, expected numActions ${this.numActions}`,
      );
    return greedyAction(choice);
  }
}
