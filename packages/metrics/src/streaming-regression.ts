import { MetricsError } from './errors.js';
import type { MetricInput } from './input.js';
import { finiteRatioScore, pair } from './regression.js';

/**
 * Per-output running statistics of a regression: counts, means and sums of squared deviations
 * of the targets and of the residuals `e = yTrue − yPred`, merged batch by batch with Chan et
 * al.'s pairwise update (numerically stable, unlike Σy² − (Σy)²/n), plus Σe² and Σ|e|.
 */
class RegressionStats {
  n = 0;
  outputs = 0;
  meanY = new Float64Array(0);
  m2Y = new Float64Array(0);
  meanE = new Float64Array(0);
  m2E = new Float64Array(0);
  sumSqE = new Float64Array(0);
  sumAbsE = new Float64Array(0);

  update(op: string, yTrue: MetricInput, yPred: MetricInput): void {
    const { t, p, outputs } = pair(op, yTrue, yPred);
    if (this.n > 0 && outputs !== this.outputs) {
      throw new MetricsError(
        op,
        `earlier batches had ${this.outputs} outputs, this one has ${outputs} (yTrue shape [${t.shape.join(',')}])`,
      );
    }
    if (this.n === 0) this.init(outputs);
    const nb = t.rows;
    for (let d = 0; d < outputs; d++) {
      // This batch's own statistics, two-pass.
      let sy = 0;
      let se = 0;
      for (let i = 0; i < nb; i++) {
        const y = t.data[i * outputs + d];
        sy += y;
        se += y - p.data[i * outputs + d];
      }
      const my = sy / nb;
      const me = se / nb;
      let m2y = 0;
      let m2e = 0;
      let sq = 0;
      let ab = 0;
      for (let i = 0; i < nb; i++) {
        const y = t.data[i * outputs + d];
        const e = y - p.data[i * outputs + d];
        m2y += (y - my) ** 2;
        m2e += (e - me) ** 2;
        sq += e * e;
        ab += Math.abs(e);
      }
      // Merge with what came before.
      const na = this.n;
      const n = na + nb;
      const dy = my - this.meanY[d];
      const de = me - this.meanE[d];
      this.meanY[d] += (dy * nb) / n;
      this.meanE[d] += (de * nb) / n;
      this.m2Y[d] += m2y + (dy * dy * na * nb) / n;
      this.m2E[d] += m2e + (de * de * na * nb) / n;
      this.sumSqE[d] += sq;
      this.sumAbsE[d] += ab;
    }
    this.n += nb;
  }

  private init(outputs: number): void {
    this.outputs = outputs;
    this.meanY = new Float64Array(outputs);
    this.m2Y = new Float64Array(outputs);
    this.meanE = new Float64Array(outputs);
    this.m2E = new Float64Array(outputs);
    this.sumSqE = new Float64Array(outputs);
    this.sumAbsE = new Float64Array(outputs);
  }

  /** Mean over outputs of `f(d)` (scikit-learn's `multioutput='uniform_average'`). */
  average(op: string, minSamples: number, f: (d: number) => number): number {
    if (this.n === 0) throw new MetricsError(op, 'no samples; call update() first');
    if (this.n < minSamples) {
      throw new MetricsError(op, `needs at least ${minSamples} samples, got ${this.n}`);
    }
    let total = 0;
    for (let d = 0; d < this.outputs; d++) total += f(d);
    return total / this.outputs;
  }

  reset(): void {
    this.n = 0;
    this.init(0);
  }
}

/** The shared shape of the regression accumulators. */
abstract class StreamingRegression {
  protected readonly stats = new RegressionStats();

  constructor(private readonly name: string) {}

  /**
   * Adds a batch: targets `[B]` or `[B, D]` and predictions of the same shape, as for the batch
   * function. D must stay the same between batches.
   * @throws {MetricsError} On a shape mismatch, an empty batch, NaN, or a change of D; the batch
   *   is not counted then.
   */
  update(yTrue: MetricInput, yPred: MetricInput): this {
    this.stats.update(`${this.name}.update`, yTrue, yPred);
    return this;
  }

  /** Number of samples seen. */
  get count(): number {
    return this.stats.n;
  }

  /** The score over every sample seen. */
  abstract compute(): number;

  protected op(): string {
    return `${this.name}.compute`;
  }

  /** Forgets everything, e.g. at the start of an epoch. */
  reset(): void {
    this.stats.reset();
  }
}

/**
 * Running mean squared error over batches; `compute()` equals `meanSquaredError` on all samples
 * together. Keeps a few numbers per output, not the predictions.
 *
 * @throws {MetricsError} From `compute()` before any update.
 * @example
 * import { StreamingMeanSquaredError } from '@tsgrad/metrics';
 * const mse = new StreamingMeanSquaredError();
 * mse.update([3, -0.5], [2.5, 0.0]).update([2, 7], [2, 8]);
 * mse.compute(); // 0.375
 */
export class StreamingMeanSquaredError extends StreamingRegression {
  constructor() {
    super('StreamingMeanSquaredError');
  }
  compute(): number {
    const s = this.stats;
    return s.average(this.op(), 1, (d) => s.sumSqE[d] / s.n);
  }
}

/**
 * Running root mean squared error over batches (with D outputs, the mean of the per-output
 * RMSEs, as `rootMeanSquaredError`).
 *
 * @throws {MetricsError} From `compute()` before any update.
 * @example
 * import { StreamingRootMeanSquaredError } from '@tsgrad/metrics';
 * const rmse = new StreamingRootMeanSquaredError();
 * rmse.update([3, -0.5], [2.5, 0.0]).update([2, 7], [2, 8]);
 * rmse.compute(); // 0.6123…
 */
export class StreamingRootMeanSquaredError extends StreamingRegression {
  constructor() {
    super('StreamingRootMeanSquaredError');
  }
  compute(): number {
    const s = this.stats;
    return s.average(this.op(), 1, (d) => Math.sqrt(s.sumSqE[d] / s.n));
  }
}

/**
 * Running mean absolute error over batches; `compute()` equals `meanAbsoluteError` on all
 * samples together.
 *
 * @throws {MetricsError} From `compute()` before any update.
 * @example
 * import { StreamingMeanAbsoluteError } from '@tsgrad/metrics';
 * const mae = new StreamingMeanAbsoluteError();
 * mae.update([3, -0.5], [2.5, 0.0]).update([2, 7], [2, 8]);
 * mae.compute(); // 0.5
 */
export class StreamingMeanAbsoluteError extends StreamingRegression {
  constructor() {
    super('StreamingMeanAbsoluteError');
  }
  compute(): number {
    const s = this.stats;
    return s.average(this.op(), 1, (d) => s.sumAbsE[d] / s.n);
  }
}

/**
 * Running coefficient of determination R² over batches; `compute()` equals `r2Score` on all
 * samples together (same conventions for constant targets). The total sum of squares is merged
 * across batches exactly, so it does not matter how the samples were split.
 *
 * @throws {MetricsError} From `compute()` before any update or with fewer than two samples.
 * @example
 * import { StreamingR2Score } from '@tsgrad/metrics';
 * const r2 = new StreamingR2Score();
 * r2.update([3, -0.5], [2.5, 0.0]).update([2, 7], [2, 8]);
 * r2.compute(); // 0.9486…
 */
export class StreamingR2Score extends StreamingRegression {
  constructor() {
    super('StreamingR2Score');
  }
  compute(): number {
    const s = this.stats;
    return s.average(this.op(), 2, (d) => finiteRatioScore(s.sumSqE[d], s.m2Y[d]));
  }
}

/**
 * Running explained variance score over batches; `compute()` equals `explainedVariance` on all
 * samples together.
 *
 * @throws {MetricsError} From `compute()` before any update or with fewer than two samples.
 * @example
 * import { StreamingExplainedVariance } from '@tsgrad/metrics';
 * const ev = new StreamingExplainedVariance();
 * ev.update([3, -0.5], [2.5, 0.0]).update([2, 7], [2, 8]);
 * ev.compute(); // 0.9571…
 */
export class StreamingExplainedVariance extends StreamingRegression {
  constructor() {
    super('StreamingExplainedVariance');
  }
  compute(): number {
    const s = this.stats;
    return s.average(this.op(), 2, (d) => finiteRatioScore(s.m2E[d], s.m2Y[d]));
  }
}
