import { StreamingConfusionMatrix } from '@tsgrad/metrics';
import {
  type Tensor,
  ValueError,
  abs,
  argmax,
  cast,
  equal,
  greater,
  mean,
  reshape,
  square,
  sub,
  sum,
} from '@tsgrad/tensor';

/** A metric `fit()` and `evaluate()` accumulate over batches. */
export interface TrainingMetric {
  readonly name: string;
  update(yTrue: Tensor, yPred: Tensor): void;
  result(): number;
  reset(): void;
}

/** How predictions relate to targets; decides what 'accuracy' means (as in Keras). */
export type TargetKind = 'sparse' | 'categorical' | 'binary' | 'regression';

class MeanOfBatches implements TrainingMetric {
  private total = 0;
  private count = 0;
  constructor(
    readonly name: string,
    private readonly perSample: (yTrue: Tensor, yPred: Tensor) => Tensor,
  ) {}
  update(yTrue: Tensor, yPred: Tensor): void {
    const v = this.perSample(yTrue, yPred);
    this.total += sum(v).item();
    this.count += v.size;
  }
  result(): number {
    return this.count === 0 ? Number.NaN : this.total / this.count;
  }
  reset(): void {
    this.total = 0;
    this.count = 0;
  }
}

function labelsOf(kind: TargetKind, yTrue: Tensor): Tensor {
  if (kind === 'sparse') return reshape(cast(yTrue, 'int32'), [-1]);
  return argmax(yTrue, -1);
}

function predictedClasses(kind: TargetKind, yPred: Tensor, fromLogits: boolean): Tensor {
  if (kind === 'binary') return reshape(cast(greater(yPred, fromLogits ? 0 : 0.5), 'int32'), [-1]);
  return argmax(yPred, -1);
}

/**
 * Class-based precision/recall/F1 (macro-averaged over the classes present in the targets or
 * the predictions), from a streaming confusion matrix. Binary targets count class 1 only, as
 * Keras' Precision/Recall do.
 */
class ConfusionBased implements TrainingMetric {
  private cm = new StreamingConfusionMatrix();
  private numClasses = 0;
  constructor(
    readonly name: string,
    private readonly kind: TargetKind,
    private readonly fromLogits: boolean,
    private readonly which: 'precision' | 'recall' | 'f1',
  ) {}
  update(yTrue: Tensor, yPred: Tensor): void {
    if (this.numClasses === 0) {
      // The class count is the model's output width (2 for a single binary output).
      this.numClasses = this.kind === 'binary' ? 2 : Math.max(yPred.shape[yPred.rank - 1], 2);
      this.cm = new StreamingConfusionMatrix({ numClasses: this.numClasses });
    }
    const t =
      this.kind === 'binary' ? reshape(cast(yTrue, 'int32'), [-1]) : labelsOf(this.kind, yTrue);
    this.cm.update(
      Array.from(t.dataSync()),
      Array.from(predictedClasses(this.kind, yPred, this.fromLogits).dataSync()),
    );
  }
  result(): number {
    if (this.numClasses === 0) return Number.NaN;
    const m = this.cm.compute();
    const k = m.length;
    const score = (c: number): number | null => {
      const tp = m[c][c];
      let col = 0;
      let row = 0;
      for (let j = 0; j < k; j++) {
        col += m[j][c];
        row += m[c][j];
      }
      if (row === 0 && col === 0) return null;
      const p = col === 0 ? 0 : tp / col;
      const r = row === 0 ? 0 : tp / row;
      if (this.which === 'precision') return p;
      if (this.which === 'recall') return r;
      return p + r === 0 ? 0 : (2 * p * r) / (p + r);
    };
    if (this.kind === 'binary') return score(1) ?? 0;
    let acc = 0;
    let classes = 0;
    for (let c = 0; c < k; c++) {
      const s = score(c);
      if (s === null) continue;
      acc += s;
      classes++;
    }
    return classes === 0 ? 0 : acc / classes;
  }
  reset(): void {
    this.cm = new StreamingConfusionMatrix({ numClasses: Math.max(this.numClasses, 2) });
  }
}

/**
 * The metric names `compile({ metrics })` accepts.
 * @example console.log(METRIC_NAMES.includes('accuracy')); // true
 */
export const METRIC_NAMES = [
  'accuracy',
  'acc',
  'binaryAccuracy',
  'categoricalAccuracy',
  'sparseCategoricalAccuracy',
  'mse',
  'meanSquaredError',
  'mae',
  'meanAbsoluteError',
  'precision',
  'recall',
  'f1',
] as const;

/**
 * Builds the metric named `name` for the kind of targets the loss implies. 'accuracy' follows
 * Keras: sparse labels compare with argmax of predictions, one-hot targets compare argmaxes,
 * binary targets threshold at 0.5 (0 for logits).
 * @throws {ValueError} listing the known names.
 */
export function createMetric(name: string, kind: TargetKind, fromLogits: boolean): TrainingMetric {
  const acc = (k: TargetKind) => (yTrue: Tensor, yPred: Tensor) =>
    cast(
      equal(
        k === 'binary' ? reshape(cast(yTrue, 'int32'), [-1]) : labelsOf(k, yTrue),
        predictedClasses(k, yPred, fromLogits),
      ),
      'float32',
    );
  switch (name) {
    case 'accuracy':
    case 'acc':
      if (kind === 'regression')
        throw new ValueError('compile', `metric '${name}' needs a classification loss`);
      return new MeanOfBatches(name, acc(kind));
    case 'binaryAccuracy':
      return new MeanOfBatches(name, acc('binary'));
    case 'categoricalAccuracy':
      return new MeanOfBatches(name, acc('categorical'));
    case 'sparseCategoricalAccuracy':
      return new MeanOfBatches(name, acc('sparse'));
    case 'mse':
    case 'meanSquaredError':
      return new MeanOfBatches(name, (t, p) => mean(square(sub(p, t)), -1));
    case 'mae':
    case 'meanAbsoluteError':
      return new MeanOfBatches(name, (t, p) => mean(abs(sub(p, t)), -1));
    case 'precision':
    case 'recall':
    case 'f1':
      if (kind === 'regression')
        throw new ValueError('compile', `metric '${name}' needs a classification loss`);
      return new ConfusionBased(name, kind, fromLogits, name);
    default:
      throw new ValueError(
        'compile',
        `unknown metric '${name}'; known metrics: ${METRIC_NAMES.join(', ')}`,
      );
  }
}
