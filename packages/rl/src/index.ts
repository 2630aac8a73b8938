export { RlError } from './errors.js';
export type { Env, ResetOptions, StepResult } from './env.js';
export { CartPole, type CartPoleOptions } from './cart-pole.js';
export {
  ReplayBuffer,
  type ReplayBufferOptions,
  type Transition,
  type TransitionArrays,
  type TransitionBatch,
} from './replay-buffer.js';
export {
  EpsilonGreedy,
  exponentialSchedule,
  greedyAction,
  linearSchedule,
  type EpsilonGreedyOptions,
  type ExponentialScheduleOptions,
  type GreedyChoice,
  type LinearScheduleOptions,
  type Schedule,
} from './epsilon-greedy.js';
export {
  TargetNetwork,
  hardUpdate,
  softUpdate,
  type Network,
  type TargetNetworkOptions,
  type WeightsByPosition,
  type WeightsByStateDict,
} from './target-sync.js';
export {
  discountedReturns,
  generalizedAdvantages,
  standardize,
  type DiscountedReturnsOptions,
  type GeneralizedAdvantagesOptions,
} from './returns.js';
export {
  MovingAverage,
  evaluatePolicy,
  runEpisode,
  type EpisodeResult,
  type Policy,
} from './episode.js';
