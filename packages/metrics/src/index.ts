export { MetricsError } from './errors.js';
export type { MetricInput, TensorLike } from './input.js';
export type { ClassOptions, LabelOptions } from './classes.js';
export { type AccuracyOptions, accuracy, topKAccuracy } from './accuracy.js';
export {
  type Average,
  type PrecisionRecallOptions,
  type ScoreResult,
  f1,
  fbeta,
  precision,
  recall,
} from './precision-recall.js';
export { type ConfusionMatrixOptions, confusionMatrix } from './confusion-matrix.js';
export {
  type ClassReportRow,
  type ClassificationReport,
  type ClassificationReportOptions,
  type ReportRow,
  classificationReport,
  formatClassificationReport,
} from './report.js';
export {
  type RocAucOptions,
  type RocCurve,
  type RocCurveOptions,
  auc,
  rocAuc,
  rocCurve,
} from './roc.js';
export {
  type PrecisionRecallCurve,
  type PrecisionRecallCurveOptions,
  averagePrecision,
  precisionRecallCurve,
} from './pr-curve.js';
export {
  explainedVariance,
  meanAbsoluteError,
  meanSquaredError,
  r2Score,
  rootMeanSquaredError,
} from './regression.js';
export {
  type LogLossBaseOptions,
  type LogLossOptions,
  StreamingLogLoss,
  logLoss,
} from './log-loss.js';
export {
  type StreamingScoreOptions,
  StreamingAccuracy,
  StreamingConfusionMatrix,
  StreamingF1,
  StreamingMean,
  StreamingPrecision,
  StreamingRecall,
  StreamingTopKAccuracy,
} from './streaming.js';
export {
  StreamingExplainedVariance,
  StreamingMeanAbsoluteError,
  StreamingMeanSquaredError,
  StreamingR2Score,
  StreamingRootMeanSquaredError,
} from './streaming-regression.js';
export { StreamingAveragePrecision, StreamingRocAuc } from './streaming-curves.js';
