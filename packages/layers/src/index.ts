export {
  Container,
  Layer,
  formatLayerShape,
  functionalCall,
  regularizationLosses,
  type AnyLayer,
  type CallOptions,
  type ForwardContext,
  type LayerClass,
  type LayerOptions,
  type LayerShape,
  type SerializedLayer,
  type WeightOptions,
} from './layer.js';
export { Module } from './module.js';
export { Sequential, sequential, type SequentialOptions } from './sequential.js';
export {
  layerFromConfig,
  registerLayer,
  registeredLayerNames,
  serializeLayer,
} from './registry.js';
export { resetLayerNames, uniqueLayerName } from './names.js';
export {
  activationNames,
  canonicalActivation,
  getActivation,
  registerActivation,
  type ActivationFn,
  type ActivationIdentifier,
} from './activations.js';
/**
 * The initializers as a namespace, for `kernelInitializer: initializers.heNormal({ seed: 0 })`:
 * `zeros`, `ones`, `constant`, `randomUniform`, `randomNormal`, `truncatedNormal`,
 * `varianceScaling`, `glorotUniform`, `glorotNormal`, `heUniform`, `heNormal`, `lecunUniform`,
 * `lecunNormal`, `orthogonal`, plus `getInitializer`, `computeFans` and the rest of the module.
 * Each makes an `Initializer`; names (`'heNormal'`, `'he_normal'`) work wherever one is taken.
 */
export * as initializers from './initializers.js';
export {
  computeFans,
  getInitializer,
  initializerNames,
  serializeInitializer,
  type FloatDType,
  type Initializer,
  type InitializerIdentifier,
  type SerializedInitializer,
} from './initializers.js';
/**
 * The regularizers as a namespace: `regularizers.l1`, `l2`, `l1l2`, `getRegularizer` and
 * `serializeRegularizer` (also exported on their own). Each makes a `Regularizer` whose penalty
 * `l1·Σ|w| + l2·Σw²` a layer adds to `regularizationLoss()`.
 */
export * as regularizers from './regularizers.js';
export {
  getRegularizer,
  l1,
  l1l2,
  l2,
  serializeRegularizer,
  type Regularizer,
  type RegularizerIdentifier,
} from './regularizers.js';
export { formatCount } from './summary.js';

export { Dense, dense, type DenseOptions } from './layers/dense.js';
export { Conv2D, conv2d, type Conv2DOptions } from './layers/conv2d.js';
export {
  AvgPool2D,
  MaxPool2D,
  avgPool2d,
  maxPool2d,
  type Pool2DOptions,
} from './layers/pooling.js';
export { Flatten, flatten } from './layers/flatten.js';
export { Reshape, reshape, type ReshapeOptions } from './layers/reshape.js';
export { Dropout, dropout, type DropoutOptions } from './layers/dropout.js';
export {
  BatchNormalization,
  batchNormalization,
  type BatchNormalizationOptions,
} from './layers/batch-normalization.js';
export {
  LayerNormalization,
  layerNormalization,
  type LayerNormalizationOptions,
} from './layers/layer-normalization.js';
export { Embedding, embedding, type EmbeddingOptions } from './layers/embedding.js';
export { RecurrentLayer, type RecurrentOptions, type RecurrentOutput } from './layers/recurrent.js';
export { SimpleRNN, simpleRNN } from './layers/simple-rnn.js';
export { LSTM, lstm, type LSTMOptions } from './layers/lstm.js';
export { GRU, gru, type GRUOptions } from './layers/gru.js';
export {
  GlobalAveragePooling2D,
  GlobalMaxPooling2D,
  globalAveragePooling2d,
  globalMaxPooling2d,
  type GlobalPoolingOptions,
} from './layers/global-pooling.js';
export {
  Activation,
  ELU,
  GELU,
  LeakyReLU,
  LogSoftmax,
  ReLU,
  Sigmoid,
  Softmax,
  Tanh,
  activation,
  eluLayer,
  geluLayer,
  leakyReluLayer,
  logSoftmaxLayer,
  reluLayer,
  sigmoidLayer,
  softmaxLayer,
  tanhLayer,
  type ActivationOptions,
  type ELUOptions,
  type LeakyReLUOptions,
  type SoftmaxOptions,
} from './layers/activation-layers.js';
