export {
  type Callback,
  CallbackList,
  type Logs,
  type TrainingModel,
  type TrainingParams,
} from './callback.js';
export { earlyStopping, type EarlyStoppingOptions } from './early-stopping.js';
export {
  modelCheckpoint,
  formatCheckpointPath,
  type ModelCheckpointOptions,
} from './model-checkpoint.js';
export {
  learningRateScheduler,
  reduceLROnPlateau,
  type ReduceLROnPlateauOptions,
} from './lr-callbacks.js';
export { NonFiniteLossError, terminateOnNaN } from './terminate-on-nan.js';
export { csvLogger, jsonlLogger, type CsvLoggerOptions } from './loggers.js';
export { formatLogs, progressBar, type ProgressOutput } from './progress.js';
