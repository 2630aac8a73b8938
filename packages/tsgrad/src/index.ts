/**
 * tsgrad: deep-learning training in TypeScript. Tensor ops and autograd at the top level, the
 * other packages as namespaces, and the Keras-like `Model` (`compile`, `fit`, `evaluate`,
 * `predict`, `save`) with callbacks, saving and the training report.
 *
 * @example
 * import { sequential, layers, callbacks } from 'tsgrad';
 * const model = sequential([layers.dense({ units: 10, inputShape: [784] })]);
 * model.compile({ optimizer: 'adam', loss: { name: 'sparseCategoricalCrossentropy', options: { fromLogits: true } }, metrics: ['accuracy'] });
 */
export * from '@tsgrad/tensor';
export * from '@tsgrad/autograd';
export * as layers from '@tsgrad/layers';
export * as losses from '@tsgrad/losses';
export * as optim from '@tsgrad/optim';
export * as data from '@tsgrad/data';
export * as metrics from '@tsgrad/metrics';
export * as callbacks from './callbacks/index.js';
export { registerWasmBackend, ready as wasmReady } from '@tsgrad/backend-wasm';

export {
  ConcurrentFitError,
  Model,
  NotCompiledError,
  type Batch,
  type BatchSource,
  type EvaluateOptions,
  type FitOptions,
} from './model.js';
export { sequential } from './sequential.js';
export { History } from './training/history.js';
export type { ArrayInput } from './training/inputs.js';
export type {
  CompileConfig,
  LossFunction,
  LossSpec,
  TrainingOptimizer,
} from './training/compile.js';
export { METRIC_NAMES, type TargetKind, type TrainingMetric } from './training/metric-set.js';
export type { Network } from './training/network.js';
export { LayerNetwork, asNetwork } from './training/network-adapter.js';
export type { Callback, Logs, TrainingModel, TrainingParams } from './callbacks/callback.js';
export { loadModel, saveModel, type ModelJson } from './io/save-model.js';
export { ModelFileError } from './io/safe-json.js';
export {
  SafetensorsError,
  decodeSafetensors,
  encodeSafetensors,
  type StoredArray,
} from './io/safetensors.js';
export { writeFileAtomic } from './io/atomic-write.js';
export {
  renderTrainingReport,
  type ReportRow,
  type TrainingReportInput,
} from './report/html-report.js';
