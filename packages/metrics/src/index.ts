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
  meanAbsoluteError,
  meanSquaredError,
  r2Score,
  rootMeanSquaredError,
} from './regression.js';
export {
  type StreamingScoreOptions,
  StreamingAccuracy,
  StreamingConfusionMatrix,
  StreamingF1,
  StreamingMean,
  StreamingPrecision,
  StreamingRecall,
} from './streaming.js';
