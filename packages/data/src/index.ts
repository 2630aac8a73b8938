export { DataError } from './errors.js';
export {
  encodeIdx,
  isGzip,
  maybeGunzip,
  parseIdx,
  type IdxArrays,
  type IdxData,
  type IdxDType,
  type ParseIdxOptions,
} from './idx.js';
export {
  MNIST_FILES,
  mnistFromBuffers,
  type Mnist,
  type MnistBuffers,
  type MnistOptions,
  type MnistSplit,
} from './mnist.js';
export {
  FASHION_MNIST_CLASSES,
  loadFashionMnist,
  loadMnist,
  type LoadMnistOptions,
} from './load-mnist.js';
export type { Labels, Matrix } from './inputs.js';
export {
  MinMaxScaler,
  minMaxScaler,
  type MinMaxScalerJSON,
  type MinMaxScalerOptions,
} from './min-max-scaler.js';
export {
  StandardScaler,
  standardScaler,
  type StandardScalerJSON,
  type StandardScalerOptions,
} from './standard-scaler.js';
export { normalizeImages, type NormalizeImagesOptions } from './normalize-images.js';
export { oneHot } from './one-hot.js';
export { LabelEncoder, labelEncoder, type Label, type LabelEncoderJSON } from './label-encoder.js';
export {
  Discretizer,
  discretizer,
  type DiscretizerJSON,
  type DiscretizerOptions,
} from './discretizer.js';
export { collate, type Batch } from './collate.js';
export { Dataset, type BatchOptions, type ShuffleOptions } from './dataset.js';
export {
  trainTestSplit,
  trainTestSplitIndices,
  type SplitIndices,
  type TrainTestSplit,
  type TrainTestSplitOptions,
} from './split.js';
export { kFold, stratifiedKFold, type KFoldOptions } from './k-fold.js';
export {
  computeClassWeights,
  oversample,
  sampleWeightsFromClassWeights,
  type Oversampled,
} from './class-balance.js';
export {
  augment,
  gaussianNoise,
  randomFlip,
  randomRotation,
  randomShift,
  randomZoom,
  type AugmentOptions,
  type AugmentRandomOptions,
  type AugmentSamplingOptions,
} from './augment.js';
export { encodePng, type EncodePngOptions, type RasterImage } from './png.js';
export { imageGrid, imageGridPng, type ImageGridOptions } from './image-grid.js';
