import type { LayerClass } from './layer.js';
import {
  Activation,
  ELU,
  GELU,
  LeakyReLU,
  LogSoftmax,
  ReLU,
  Sigmoid,
  Softmax,
  Tanh,
} from './layers/activation-layers.js';
import { BatchNormalization } from './layers/batch-normalization.js';
import { Conv2D } from './layers/conv2d.js';
import { Dense } from './layers/dense.js';
import { Dropout } from './layers/dropout.js';
import { Embedding } from './layers/embedding.js';
import { Flatten } from './layers/flatten.js';
import { GlobalAveragePooling2D, GlobalMaxPooling2D } from './layers/global-pooling.js';
import { GRU } from './layers/gru.js';
import { LayerNormalization } from './layers/layer-normalization.js';
import { LSTM } from './layers/lstm.js';
import { AvgPool2D, MaxPool2D } from './layers/pooling.js';
import { Reshape } from './layers/reshape.js';
import { SimpleRNN } from './layers/simple-rnn.js';
import { Sequential } from './sequential.js';

/** @internal The classes `layerFromConfig` knows without registration. */
export function builtinLayerClasses(): LayerClass[] {
  return [
    Sequential,
    Dense,
    Conv2D,
    MaxPool2D,
    AvgPool2D,
    Flatten,
    Reshape,
    Dropout,
    BatchNormalization,
    LayerNormalization,
    Embedding,
    SimpleRNN,
    LSTM,
    GRU,
    GlobalAveragePooling2D,
    GlobalMaxPooling2D,
    Activation,
    ReLU,
    LeakyReLU,
    ELU,
    GELU,
    Sigmoid,
    Tanh,
    Softmax,
    LogSoftmax,
  ] as unknown as LayerClass[];
}
