import type { Env } from './env.js';
import { RlError, checkInteger } from './errors.js';

/** A policy: the action to take given an observation (and the step within the episode). */
export type Policy = (observation: Float32Array, step: number) => number;

/** What {@link runEpisode} returns. */
export interface EpisodeResult {
  /** Sum of the rewards (undiscounted). */
  return: number;
  /** Steps taken. */
  steps: number;
  /** Whether it ended by a terminal state (else by truncation or `maxSteps`). */
  terminated: boolean;
}

/**
 * Plays one episode with a fixed policy (no learning) and returns its total reward.
 *
 * @param options.seed reseeds the environment's reset, for a reproducible start.
 * @param options.maxSteps stops after this many steps even if the environment would go on
 *   (default: unbounded; CartPole truncates at 500 itself).
 * @throws {RlError} for a bad `maxSteps`.
 * @example
 * const env = new CartPole({ seed: 0 });
 * runEpisode(env, (obs) => (obs[2] > 0 ? 1 : 0)).return;
 */
export function runEpisode(
  env: Env,
  policy: Policy,
  options: { seed?: number; maxSteps?: number } = {},
): EpisodeResult {
  const maxSteps = options.maxSteps ?? Number.POSITIVE_INFINITY;
  if (maxSteps !== Number.POSITIVE_INFINITY) checkInteger('runEpisode', 'maxSteps', maxSteps, 1);
  let obs = env.reset(options.seed === undefined ? {} : { seed: options.seed });
  let total = 0;
  for (let t = 0; t < maxSteps; t++) {
    const step = env.step(policy(obs, t));
    total += step.reward;
    if (step.terminated || step.truncated)
      return { return: total, steps: t + 1, terminated: step.terminated };
    obs = step.observation;
  }
  return { return: total, steps: maxSteps, terminated: false };
}

/**
 * Plays `episodes` episodes with a fixed policy and returns each one's total reward — for
 * evaluating a trained agent greedily, or measuring a random baseline.
 *
 * @throws {RlError} for `episodes` not a positive integer.
 * @example
 * const g = new Generator(1);
 * const returns = evaluatePolicy(new CartPole({ seed: 0 }), () => g.integer(0, 2), 100);
 * const average = returns.reduce((a, b) => a + b, 0) / returns.length; // about 22: a random policy
 */
export function evaluatePolicy(env: Env, policy: Policy, episodes: number): number[] {
  checkInteger('evaluatePolicy', 'episodes', episodes, 1);
  const out: number[] = [];
  for (let i = 0; i < episodes; i++) out.push(runEpisode(env, policy).return);
  return out;
}

/**
 * The mean of the last `window` values pushed, e.g. episode returns for the "average return
 * ≥ 195 over 100 consecutive episodes" criterion.
 *
 * @throws {RlError} for a window that is not a positive integer, or a non-finite value.
 * @example
 * const avg = new MovingAverage(3);
 * avg.push(10).push(20).push(30).push(40);
 * avg.mean; // 30 (the last three)
 * avg.full; // true
 */
export class MovingAverage {
  private readonly values: Float64Array;
  private next = 0;
  private count = 0;

  constructor(readonly window: number) {
    checkInteger('MovingAverage', 'window', window, 1);
    this.values = new Float64Array(window);
  }

  /** Adds a value, dropping the oldest once `window` are held. */
  push(value: number): this {
    if (!Number.isFinite(value))
      throw new RlError('MovingAverage.push', `value must be finite, got ${value}`);
    if (this.count < this.window) this.count++;
    this.values[this.next] = value;
    this.next = (this.next + 1) % this.window;
    return this;
  }

  /** Values held (at most `window`). */
  get size(): number {
    return this.count;
  }

  /** Whether `window` values are held. */
  get full(): boolean {
    return this.count === this.window;
  }

  /** Mean of the values held (NaN when empty). */
  get mean(): number {
    if (this.count === 0) return Number.NaN;
    // Summed over the window each time (at most `window` additions), so no rounding drift.
    let s = 0;
    for (let i = 0; i < this.count; i++) s += this.values[i];
    return s / this.count;
  }
}
