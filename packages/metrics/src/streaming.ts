import { checkK, countCorrect, countTopK } from './accuracy.js';
import { type ClassOptions, type LabelOptions, pairLabels, resolveClasses } from './classes.js';
import { normalizeConfusion } from './confusion-matrix.js';
import { MetricsError } from './errors.js';
import { type MetricInput, toDense } from './input.js';
import {
  type Average,
  type PrecisionRecallOptions,
  type ScoreKind,
  type ScoreResult,
  checkZeroDivision,
  countsFromMatrix,
  scoreFromCounts,
} from './precision-recall.js';
import {
  type ClassificationReport,
  type ClassificationReportOptions,
  reportFromMatrix,
} from './report.js';

/**
 * Running weighted mean, e.g. of the loss over an epoch: `update(batchLoss, batchSize)`.
 * NaN values are not rejected; they make the mean NaN, which is how a diverging loss should show.
 *
 * @example
 * import { StreamingMean } from '@tsgrad/metrics';
 * const loss = new StreamingMean();
 * loss.update(0.5, 32).update(0.25, 32);
 * loss.compute(); // 0.375
 * loss.update([1, 2, 3]); // every element counts with weight 1
 */
export class StreamingMean {
  private sum = 0;
  private weight = 0;

  /**
   * Adds a number with `weight` (default 1), or every element of an array / tensor-like with
   * weight `weight` each.
   * @throws {MetricsError} When `weight` is negative or not finite.
   */
  update(value: number | MetricInput, weight = 1): this {
    const op = 'StreamingMean.update';
    if (!(Number.isFinite(weight) && weight >= 0)) {
      throw new MetricsError(op, `weight must be a finite number >= 0, got ${weight}`);
    }
    if (typeof value === 'number') {
      this.sum += value * weight;
      this.weight += weight;
      return this;
    }
    const { data } = toDense(op, 'value', value);
    for (let i = 0; i < data.length; i++) this.sum += data[i] * weight;
    this.weight += data.length * weight;
    return this;
  }

  /**
   * The weighted mean so far.
   * @throws {MetricsError} Before any update (or when all weights were 0).
   */
  compute(): number {
    if (this.weight === 0)
      throw new MetricsError('StreamingMean.compute', 'no values; call update() first');
    return this.sum / this.weight;
  }

  /** Forgets everything, e.g. at the start of an epoch. */
  reset(): void {
    this.sum = 0;
    this.weight = 0;
  }
}

/**
 * Running accuracy over batches; `update` takes the same inputs and options as `accuracy`.
 *
 * @example
 * import { StreamingAccuracy } from '@tsgrad/metrics';
 * const acc = new StreamingAccuracy();
 * acc.update([0, 1], [[0.9, 0.1], [0.8, 0.2]]); // one of two correct
 * acc.update([1, 1], [1, 1]); // both correct
 * acc.compute(); // 0.75
 */
export class StreamingAccuracy {
  private correct = 0;
  private total = 0;
  private readonly options: LabelOptions;

  /** @param options `threshold` for 1-D scores; `labels` / `numClasses` to validate labels. */
  constructor(options: LabelOptions = {}) {
    this.options = { ...options };
  }

  /**
   * Adds a batch: `yTrue` labels `[B]` (or one-hot `[B, C]`), `yPred` labels, `[B, C]` scores or
   * 1-D scores with `threshold`.
   * @throws {MetricsError} As `accuracy`; the batch is not counted then.
   */
  update(yTrue: MetricInput, yPred: MetricInput): this {
    const { correct, total } = countCorrect('StreamingAccuracy.update', yTrue, yPred, this.options);
    this.correct += correct;
    this.total += total;
    return this;
  }

  /**
   * Accuracy over all samples seen.
   * @throws {MetricsError} Before any update.
   */
  compute(): number {
    if (this.total === 0)
      throw new MetricsError('StreamingAccuracy.compute', 'no samples; call update() first');
    return this.correct / this.total;
  }

  /** Forgets everything. */
  reset(): void {
    this.correct = 0;
    this.total = 0;
  }
}

/**
 * Running top-k accuracy over batches; `update` takes the inputs of `topKAccuracy`. Keeps two
 * counts. The number of score columns must stay the same between batches.
 *
 * @throws {MetricsError} From the constructor when `k` is not a positive integer.
 * @example
 * import { StreamingTopKAccuracy } from '@tsgrad/metrics';
 * const top2 = new StreamingTopKAccuracy(2);
 * top2.update([0, 1], [[0.5, 0.2, 0.2], [0.3, 0.4, 0.2]]); // both hits
 * top2.update([2, 2], [[0.2, 0.4, 0.3], [0.7, 0.2, 0.1]]); // one hit
 * top2.compute(); // 0.75
 */
export class StreamingTopKAccuracy {
  private correct = 0;
  private total = 0;
  private columns = 0;

  /** @param k How many of the highest scores count as a hit (ties count in the sample's favour). */
  constructor(readonly k: number) {
    checkK('StreamingTopKAccuracy', k);
  }

  /**
   * Adds a batch: labels `[B]` (or one-hot `[B, C]`) and scores `[B, C]`.
   * @throws {MetricsError} As `topKAccuracy`, or when C differs from earlier batches; the batch
   *   is not counted then.
   */
  update(yTrue: MetricInput, yScore: MetricInput): this {
    const op = 'StreamingTopKAccuracy.update';
    const { correct, total, columns } = countTopK(op, yTrue, yScore, this.k);
    if (this.columns > 0 && columns !== this.columns) {
      throw new MetricsError(
        op,
        `earlier batches had ${this.columns} score columns, this one has ${columns}`,
      );
    }
    this.columns = columns;
    this.correct += correct;
    this.total += total;
    return this;
  }

  /** Number of samples seen. */
  get count(): number {
    return this.total;
  }

  /**
   * Top-k accuracy over all samples seen.
   * @throws {MetricsError} Before any update.
   */
  compute(): number {
    if (this.total === 0)
      throw new MetricsError('StreamingTopKAccuracy.compute', 'no samples; call update() first');
    return this.correct / this.total;
  }

  /** Forgets everything. */
  reset(): void {
    this.correct = 0;
    this.total = 0;
    this.columns = 0;
  }
}

/**
 * Running confusion matrix over batches; the base of the streaming precision, recall and F1.
 *
 * Classes are `labels`, else `0 .. numClasses-1` (else `0 .. C-1` once `[B, C]` scores are
 * seen), else the sorted labels seen so far, so the matrix can grow between updates.
 *
 * @example
 * import { StreamingConfusionMatrix, formatClassificationReport } from '@tsgrad/metrics';
 * const cm = new StreamingConfusionMatrix({ numClasses: 3 });
 * cm.update([0, 1], [0, 2]).update([2, 2], [[0.1, 0.2, 0.7], [0.6, 0.3, 0.1]]);
 * cm.compute(); // [[1, 0, 0], [0, 0, 1], [1, 0, 1]]
 * console.log(formatClassificationReport(cm.report()));
 */
export class StreamingConfusionMatrix {
  private readonly counts = new Map<number, Map<number, number>>();
  private readonly seen = new Set<number>();
  private readonly options: LabelOptions;
  private columns = 0;
  private total = 0;

  /** @param options `labels` or `numClasses` to fix the classes; `threshold` for 1-D scores. */
  constructor(options: LabelOptions = {}) {
    this.options = { ...options };
    // Validate the class options once, up front.
    resolveClasses('StreamingConfusionMatrix', [], this.classOptions());
  }

  private classOptions(): ClassOptions {
    const { labels, numClasses } = this.options;
    if (labels === undefined && numClasses === undefined && this.columns > 0) {
      return { numClasses: this.columns };
    }
    return { labels, numClasses };
  }

  /**
   * Adds a batch; inputs as for `confusionMatrix`.
   * @throws {MetricsError} As `confusionMatrix`, or when `[B, C]` scores change C between batches.
   *   The batch is not counted then.
   */
  update(yTrue: MetricInput, yPred: MetricInput): this {
    const op = 'StreamingConfusionMatrix.update';
    const t = toDense(op, 'yTrue', yTrue);
    const p = toDense(op, 'yPred', yPred);
    const cols = Math.max(t.cols > 1 ? t.cols : 0, p.cols > 1 ? p.cols : 0);
    if (cols > 0 && this.columns > 0 && cols !== this.columns) {
      throw new MetricsError(
        op,
        `earlier batches had ${this.columns} score columns, this one has ${cols}`,
      );
    }
    const opts = this.classOptions();
    if (opts.labels === undefined && opts.numClasses === undefined && cols > 0) {
      for (const l of this.seen) {
        if (l < 0 || l >= cols) {
          throw new MetricsError(
            op,
            `earlier batches had label ${l}, outside [0, ${cols}) of these scores`,
          );
        }
      }
    }
    const pair = pairLabels(op, yTrue, yPred, { ...opts, threshold: this.options.threshold });
    if (cols > 0) this.columns = cols;
    for (let i = 0; i < pair.yTrue.length; i++) {
      const a = pair.yTrue[i];
      const b = pair.yPred[i];
      this.seen.add(a);
      this.seen.add(b);
      let row = this.counts.get(a);
      if (!row) this.counts.set(a, (row = new Map()));
      row.set(b, (row.get(b) ?? 0) + 1);
    }
    this.total += pair.yTrue.length;
    return this;
  }

  /** The classes in row/column order (sorted labels seen so far when neither `labels` nor `numClasses` was given). */
  get classes(): number[] {
    return resolveClasses(
      'StreamingConfusionMatrix',
      [['seen', [...this.seen]]],
      this.classOptions(),
    ).classes;
  }

  /** Number of samples seen. */
  get count(): number {
    return this.total;
  }

  /**
   * The `[K, K]` matrix (rows: true class, columns: predicted), optionally normalized as in
   * `confusionMatrix`. Before any update it is all zeros (or `[]` when classes are not fixed).
   * @throws {MetricsError} On an unknown `normalize`.
   */
  compute(options: { normalize?: 'true' | 'pred' | 'all' } = {}): number[][] {
    const classes = this.classes;
    const m = classes.map((a) => classes.map((b) => this.counts.get(a)?.get(b) ?? 0));
    return normalizeConfusion('StreamingConfusionMatrix.compute', m, options.normalize);
  }

  /**
   * A classification report of everything seen (see `classificationReport`).
   * @throws {MetricsError} Before any update, or on bad options.
   */
  report(
    options: Pick<ClassificationReportOptions, 'targetNames' | 'zeroDivision'> = {},
  ): ClassificationReport {
    const op = 'StreamingConfusionMatrix.report';
    if (this.total === 0) throw new MetricsError(op, 'no samples; call update() first');
    return reportFromMatrix(op, this.compute(), this.classes, options);
  }

  /** Forgets all counts (fixed classes are kept). */
  reset(): void {
    this.counts.clear();
    this.seen.clear();
    this.columns = 0;
    this.total = 0;
  }
}

/** Options of the streaming precision, recall and F-scores. */
export type StreamingScoreOptions<A extends Average> = PrecisionRecallOptions & { average?: A };

abstract class StreamingScore<A extends Average> {
  /** The confusion matrix the score is computed from. */
  readonly matrix: StreamingConfusionMatrix;
  private readonly options: PrecisionRecallOptions;

  constructor(
    private readonly name: string,
    private readonly kind: ScoreKind,
    options: StreamingScoreOptions<A>,
    private readonly beta = 1,
  ) {
    const { labels, numClasses, threshold, zeroDivision = 0 } = options;
    checkZeroDivision(name, zeroDivision);
    if (typeof beta !== 'number' || !(beta >= 0))
      throw new MetricsError(name, `beta must be >= 0, got ${beta}`);
    this.options = { ...options };
    this.matrix = new StreamingConfusionMatrix({ labels, numClasses, threshold });
  }

  /**
   * Adds a batch; inputs as for `precision`.
   * @throws {MetricsError} As `StreamingConfusionMatrix.update`.
   */
  update(yTrue: MetricInput, yPred: MetricInput): this {
    this.matrix.update(yTrue, yPred);
    return this;
  }

  /**
   * The score over all samples seen, averaged as configured.
   * @throws {MetricsError} Before any update, or as `precision` (e.g. `'binary'` with 3 classes).
   */
  compute(): ScoreResult<A> {
    const op = `${this.name}.compute`;
    if (this.matrix.count === 0) throw new MetricsError(op, 'no samples; call update() first');
    const counts = countsFromMatrix(this.matrix.compute(), this.matrix.classes);
    return scoreFromCounts(op, this.kind, counts, this.options, this.beta) as ScoreResult<A>;
  }

  /** Forgets all samples. */
  reset(): void {
    this.matrix.reset();
  }
}

/**
 * Running precision over batches, from a streaming confusion matrix; options as `precision`.
 *
 * @throws {MetricsError} From the constructor on a bad `zeroDivision` or class option.
 * @example
 * import { StreamingPrecision } from '@tsgrad/metrics';
 * const p = new StreamingPrecision({ average: 'macro', numClasses: 3 });
 * p.update([0, 1, 2], [0, 2, 1]).update([0, 1, 2], [0, 0, 1]);
 * p.compute(); // 0.2222…, same as precision() on all six samples
 */
export class StreamingPrecision<A extends Average = 'binary'> extends StreamingScore<A> {
  constructor(options: StreamingScoreOptions<A> = {}) {
    super('StreamingPrecision', 'precision', options);
  }
}

/**
 * Running recall over batches, from a streaming confusion matrix; options as `recall`.
 *
 * @throws {MetricsError} From the constructor on a bad `zeroDivision` or class option.
 * @example
 * import { StreamingRecall } from '@tsgrad/metrics';
 * const r = new StreamingRecall({ threshold: 0.5 });
 * r.update([1, 1], [0.9, 0.2]).update([0, 1], [0.7, 0.9]);
 * r.compute(); // 0.666…
 */
export class StreamingRecall<A extends Average = 'binary'> extends StreamingScore<A> {
  constructor(options: StreamingScoreOptions<A> = {}) {
    super('StreamingRecall', 'recall', options);
  }
}

/**
 * Running F-beta score (F1 by default) over batches, from a streaming confusion matrix; options
 * as `f1`, plus `beta`.
 *
 * @throws {MetricsError} From the constructor when `beta` is negative or NaN, or on a bad
 *   `zeroDivision` or class option.
 * @example
 * import { StreamingF1 } from '@tsgrad/metrics';
 * const f = new StreamingF1({ average: 'weighted' });
 * f.update([0, 1, 2], [0, 2, 1]).update([0, 1, 2], [0, 0, 1]);
 * f.compute(); // 0.2666…
 */
export class StreamingF1<A extends Average = 'binary'> extends StreamingScore<A> {
  constructor(options: StreamingScoreOptions<A> & { beta?: number } = {}) {
    super('StreamingF1', 'fbeta', options, options.beta ?? 1);
  }
}
