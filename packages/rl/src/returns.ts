import { RlError, checkRange } from './errors.js';

/** Options of {@link discountedReturns}. */
export interface DiscountedReturnsOptions {
  /** Discount factor γ in [0, 1]. */
  gamma: number;
  /**
   * Per step, true (or 1) where the episode terminated after that step: the return does not
   * carry over it. Lets one call handle several episodes laid end to end. Default: none.
   */
  dones?: ArrayLike<boolean | number>;
  /**
   * Value of the state after the last step (0 when the last step ended its episode), for a
   * rollout cut off mid-episode. Default 0.
   */
  bootstrapValue?: number;
}

function checkRewards(op: string, rewards: ArrayLike<number>): void {
  for (let t = 0; t < rewards.length; t++) {
    if (!Number.isFinite(rewards[t]))
      throw new RlError(op, `rewards[${t}] must be finite, got ${rewards[t]}`);
  }
}

function checkDones(op: string, dones: ArrayLike<boolean | number> | undefined, n: number): void {
  if (dones && dones.length !== n)
    throw new RlError(op, `dones has ${dones.length} entries but rewards has ${n}`);
}

/**
 * Discounted returns `G_t = r_t + γ·G_{t+1}` computed backwards in one pass: the Monte Carlo
 * targets of REINFORCE (Williams 1992) and of a value baseline.
 *
 * @throws {RlError} for γ outside [0, 1], non-finite rewards, or `dones` of another length.
 * @example
 * discountedReturns([1, 1, 1], { gamma: 0.9 }); // Float64Array [2.71, 1.9, 1]
 * discountedReturns([1, 1, 1, 1], { gamma: 0.5, dones: [0, 1, 0, 0] }); // Float64Array [1.5, 1, 1.5, 1]
 */
export function discountedReturns(
  rewards: ArrayLike<number>,
  options: DiscountedReturnsOptions,
): Float64Array {
  const op = 'discountedReturns';
  const { gamma, dones, bootstrapValue = 0 } = options;
  checkRange(op, 'gamma', gamma, 0, 1);
  if (!Number.isFinite(bootstrapValue))
    throw new RlError(op, `bootstrapValue must be finite, got ${bootstrapValue}`);
  checkRewards(op, rewards);
  checkDones(op, dones, rewards.length);
  const out = new Float64Array(rewards.length);
  let g = bootstrapValue;
  for (let t = rewards.length - 1; t >= 0; t--) {
    if (dones?.[t]) g = 0;
    g = rewards[t] + gamma * g;
    out[t] = g;
  }
  return out;
}

/** Options of {@link generalizedAdvantages}. */
export interface GeneralizedAdvantagesOptions {
  /** `r_t`, one per step. */
  rewards: ArrayLike<number>;
  /** The critic's `V(s_t)`, one per step. */
  values: ArrayLike<number>;
  /** True (or 1) where the episode terminated after step t. Default: none. */
  dones?: ArrayLike<boolean | number>;
  /** `V` of the state after the last step (0 if that step ended its episode). Default 0. */
  lastValue?: number;
  /** Discount factor γ in [0, 1]. */
  gamma: number;
  /** λ in [0, 1]: 0 gives one-step TD advantages, 1 gives Monte Carlo returns minus V. */
  lambda: number;
}

/**
 * Generalized advantage estimation (Schulman et al., "High-dimensional continuous control using
 * generalized advantage estimation", 2016): `δ_t = r_t + γ·V_{t+1} − V_t`,
 * `A_t = δ_t + γλ·A_{t+1}`, cut at terminal steps. `returns = advantages + values` are the
 * critic's targets. For A2C use λ = 1 (n-step returns) or 0.95 as in PPO.
 *
 * @throws {RlError} for γ or λ outside [0, 1], or arrays of different lengths.
 * @example
 * const { advantages, returns } = generalizedAdvantages({
 *   rewards: [1, 1, 1],
 *   values: [2, 1.5, 1],
 *   dones: [0, 0, 1],
 *   gamma: 0.99,
 *   lambda: 0.95,
 * });
 */
export function generalizedAdvantages(options: GeneralizedAdvantagesOptions): {
  advantages: Float64Array;
  returns: Float64Array;
} {
  const op = 'generalizedAdvantages';
  const { rewards, values, dones, lastValue = 0, gamma, lambda } = options;
  checkRange(op, 'gamma', gamma, 0, 1);
  checkRange(op, 'lambda', lambda, 0, 1);
  checkRewards(op, rewards);
  if (values.length !== rewards.length)
    throw new RlError(op, `values has ${values.length} entries but rewards has ${rewards.length}`);
  checkDones(op, dones, rewards.length);
  if (!Number.isFinite(lastValue))
    throw new RlError(op, `lastValue must be finite, got ${lastValue}`);
  const n = rewards.length;
  const advantages = new Float64Array(n);
  const returns = new Float64Array(n);
  let next = lastValue;
  let adv = 0;
  for (let t = n - 1; t >= 0; t--) {
    const notDone = dones?.[t] ? 0 : 1;
    const delta = rewards[t] + gamma * next * notDone - values[t];
    adv = delta + gamma * lambda * notDone * adv;
    advantages[t] = adv;
    returns[t] = adv + values[t];
    next = values[t];
  }
  return { advantages, returns };
}

/**
 * Shifts and scales to mean 0 and standard deviation 1 (population std, plus `epsilon` so a
 * constant input gives zeros): the usual normalization of returns or advantages before a
 * policy-gradient step.
 *
 * @throws {RlError} for an empty input.
 * @example standardize([1, 2, 3]); // Float64Array [-1.2247, 0, 1.2247]
 */
export function standardize(values: ArrayLike<number>, epsilon = 1e-8): Float64Array {
  const n = values.length;
  if (n === 0) throw new RlError('standardize', 'values is empty');
  let mean = 0;
  for (let i = 0; i < n; i++) mean += values[i];
  mean /= n;
  let v = 0;
  for (let i = 0; i < n; i++) v += (values[i] - mean) ** 2;
  const std = Math.sqrt(v / n);
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = (values[i] - mean) / (std + epsilon);
  return out;
}
