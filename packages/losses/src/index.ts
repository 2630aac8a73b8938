export { binaryCrossentropy, type BinaryCrossentropyOptions } from './binary-crossentropy.js';
export {
  categoricalCrossentropy,
  type CategoricalCrossentropyOptions,
} from './categorical-crossentropy.js';
export { EPSILON } from './constants.js';
export { hinge, squaredHinge } from './hinge.js';
export { huber, type HuberOptions } from './huber.js';
export { kullbackLeiblerDivergence } from './kullback-leibler-divergence.js';
export { logCosh } from './log-cosh.js';
export type { BoundOptions, Loss, LossConfig, LossOptions, Reduction } from './loss.js';
export { meanAbsoluteError } from './mean-absolute-error.js';
export { meanSquaredError } from './mean-squared-error.js';
export { createLoss, getLoss, lossNames } from './registry.js';
export {
  sparseCategoricalCrossentropy,
  type SparseCategoricalCrossentropyOptions,
} from './sparse-categorical-crossentropy.js';
