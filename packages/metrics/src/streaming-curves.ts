import { MetricsError } from './errors.js';
import {
  type MetricInput,
  type TensorLike,
  assertNoNaN,
  assertNonEmpty,
  assertSameRows,
  formatShape,
  toDense,
  toLabels,
} from './input.js';
import { type PrecisionRecallCurveOptions, averagePrecision } from './pr-curve.js';
import { type RocAucOptions, rocAuc } from './roc.js';

/**
 * Keeps every label and score seen, for the metrics that rank all samples together (ROC AUC,
 * average precision): they have no exact summary smaller than the scores themselves. Memory is
 * one float per score plus one per label, 8 bytes each.
 */
class ScoreStore {
  private labels: Float64Array[] = [];
  private scores: Float64Array[] = [];
  private rows = 0;
  /** Score columns: 0 for 1-D scores, else C; fixed by the first batch. */
  private cols = -1;

  update(op: string, yTrue: MetricInput, yScore: MetricInput): void {
    const t = toDense(op, 'yTrue', yTrue);
    const s = toDense(op, 'yScore', yScore);
    assertSameRows(op, 'yTrue', t, 'yScore', s);
    assertNonEmpty(op, t);
    assertNoNaN(op, 'yScore', s);
    if (t.cols > 1) {
      throw new MetricsError(op, `yTrue must be 1-D [N] labels, got shape ${formatShape(t.shape)}`);
    }
    const cols = s.cols <= 1 ? 0 : s.cols;
    if (this.cols >= 0 && cols !== this.cols) {
      const was = this.cols === 0 ? '1-D scores' : `${this.cols} score columns`;
      const now = cols === 0 ? '1-D scores' : `${cols}`;
      throw new MetricsError(op, `earlier batches had ${was}, this one has ${now}`);
    }
    const labels = Float64Array.from(toLabels(op, 'yTrue', t).labels);
    this.cols = cols;
    this.labels.push(labels);
    this.scores.push(Float64Array.from(s.data));
    this.rows += t.rows;
  }

  get count(): number {
    return this.rows;
  }

  /** Everything seen, as one label array and one score tensor-like. */
  all(op: string): { yTrue: Float64Array; yScore: TensorLike } {
    if (this.rows === 0) throw new MetricsError(op, 'no samples; call update() first');
    const concat = (parts: Float64Array[]) => {
      const out = new Float64Array(parts.reduce((n, p) => n + p.length, 0));
      let at = 0;
      for (const p of parts) {
        out.set(p, at);
        at += p.length;
      }
      return out;
    };
    // Keep the concatenation, so repeated compute() calls do not copy again.
    const yTrue = concat(this.labels);
    const scores = concat(this.scores);
    this.labels = [yTrue];
    this.scores = [scores];
    const shape = this.cols === 0 ? [this.rows] : [this.rows, this.cols];
    return { yTrue, yScore: { shape, dataSync: () => scores } };
  }

  reset(): void {
    this.labels = [];
    this.scores = [];
    this.rows = 0;
    this.cols = -1;
  }
}

/** Runs the batch metric, reporting its errors under the accumulator's name. */
function rethrowAs<T>(op: string, f: () => T): T {
  try {
    return f();
  } catch (e) {
    if (MetricsError.isInstance(e)) {
      throw new MetricsError(op, e.message.slice(e.op.length + 2), { cause: e });
    }
    throw e;
  }
}

/**
 * ROC AUC over batches. The area depends on how every score ranks against every other, so this
 * accumulator **keeps all labels and scores** it is given (8 bytes per label and per score) and
 * `compute()` runs `rocAuc` on them: exact, with the same options (binary with `posLabel`, or
 * one-vs-rest `average` for `[B, C]` scores). The score columns must stay the same between
 * batches. For a bounded-memory estimate, update it on a sample of the batches.
 *
 * @throws {MetricsError} From the constructor on a bad `average`.
 * @example
 * import { StreamingRocAuc } from '@tsgrad/metrics';
 * const roc = new StreamingRocAuc();
 * roc.update([0, 0], [0.1, 0.4]).update([1, 1], [0.35, 0.8]);
 * roc.compute(); // 0.75, as rocAuc on all four samples
 */
export class StreamingRocAuc {
  private readonly store = new ScoreStore();
  private readonly options: RocAucOptions;

  constructor(options: RocAucOptions = {}) {
    const { average = 'macro' } = options;
    if (average !== 'macro' && average !== 'weighted') {
      throw new MetricsError(
        'StreamingRocAuc',
        `average must be 'macro' or 'weighted', got ${String(average)}`,
      );
    }
    this.options = { ...options };
  }

  /**
   * Adds a batch: integer labels `[B]` and scores `[B]` (or `[B, C]`), as for `rocAuc`; they are
   * copied, so the caller may reuse its buffers.
   * @throws {MetricsError} On length mismatch, an empty batch, NaN scores, non-integer labels,
   *   or score columns that differ from earlier batches; the batch is not kept then.
   */
  update(yTrue: MetricInput, yScore: MetricInput): this {
    this.store.update('StreamingRocAuc.update', yTrue, yScore);
    return this;
  }

  /** Number of samples kept. */
  get count(): number {
    return this.store.count;
  }

  /**
   * `rocAuc` of every sample kept.
   * @throws {MetricsError} Before any update, or as `rocAuc` (only one class present, a class
   *   that never occurs in one-vs-rest, more than two classes with 1-D scores).
   */
  compute(): number {
    const op = 'StreamingRocAuc.compute';
    const { yTrue, yScore } = this.store.all(op);
    return rethrowAs(op, () => rocAuc(yTrue, yScore, this.options));
  }

  /** Drops every kept sample. */
  reset(): void {
    this.store.reset();
  }
}

/**
 * Average precision over batches. Like {@link StreamingRocAuc} it **keeps all labels and
 * scores** (8 bytes each) and `compute()` runs `averagePrecision` on them, exactly. Binary only:
 * 1-D scores `[B]` for the positive class (`posLabel`, default 1).
 *
 * @example
 * import { StreamingAveragePrecision } from '@tsgrad/metrics';
 * const ap = new StreamingAveragePrecision();
 * ap.update([0, 0], [0.1, 0.4]).update([1, 1], [0.35, 0.8]);
 * ap.compute(); // 0.8333…, as averagePrecision on all four samples
 */
export class StreamingAveragePrecision {
  private readonly store = new ScoreStore();
  private readonly options: PrecisionRecallCurveOptions;

  constructor(options: PrecisionRecallCurveOptions = {}) {
    this.options = { ...options };
  }

  /**
   * Adds a batch: binary labels `[B]` and scores `[B]`, copied.
   * @throws {MetricsError} On length mismatch, an empty batch, NaN scores, non-integer labels,
   *   or 2-D scores; the batch is not kept then.
   */
  update(yTrue: MetricInput, yScore: MetricInput): this {
    const op = 'StreamingAveragePrecision.update';
    const s = toDense(op, 'yScore', yScore);
    if (s.cols > 1) {
      throw new MetricsError(
        op,
        `yScore must be 1-D [N] scores for the positive class, got shape ${formatShape(s.shape)}`,
      );
    }
    this.store.update(op, yTrue, yScore);
    return this;
  }

  /** Number of samples kept. */
  get count(): number {
    return this.store.count;
  }

  /**
   * `averagePrecision` of every sample kept.
   * @throws {MetricsError} Before any update, or as `averagePrecision` (no positive sample,
   *   more than two classes).
   */
  compute(): number {
    const op = 'StreamingAveragePrecision.compute';
    const { yTrue, yScore } = this.store.all(op);
    return rethrowAs(op, () => averagePrecision(yTrue, yScore, this.options));
  }

  /** Drops every kept sample. */
  reset(): void {
    this.store.reset();
  }
}
