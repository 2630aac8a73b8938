export { Adagrad, adagrad, type AdagradOptions } from './adagrad.js';
export { Adam, adam, type AdamOptions } from './adam.js';
export { AdamW, adamw, type AdamWOptions } from './adamw.js';
export { Adamax, adamax, type AdamaxOptions } from './adamax.js';
export { clipByGlobalNorm, clipByNorm, clipByValue, globalNorm } from './clip.js';
export { Nadam, nadam, type NadamOptions } from './nadam.js';
export {
  Optimizer,
  type OptimizerConfig,
  type OptimizerOptions,
  type OptimizerState,
  type ParamState,
  type UpdateContext,
  type UpdateResult,
} from './optimizer.js';
export { plateauController, type PlateauController, type PlateauOptions } from './plateau.js';
export { getOptimizer, optimizerFromConfig, optimizerNames } from './registry.js';
export { RMSprop, rmsprop, type RmspropOptions } from './rmsprop.js';
export {
  constant,
  cosineDecay,
  exponentialDecay,
  linearWarmup,
  oneCycle,
  piecewiseConstant,
  scheduleFromConfig,
  stepDecay,
  type CosineDecayOptions,
  type ExponentialDecayOptions,
  type LinearWarmupOptions,
  type OneCycleOptions,
  type PiecewiseConstantOptions,
  type Schedule,
  type ScheduleConfig,
  type StepDecayOptions,
} from './schedules.js';
export { SGD, sgd, type SgdOptions } from './sgd.js';
