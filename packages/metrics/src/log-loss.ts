import { MetricsError } from './errors.js';
import {
  type Dense,
  type MetricInput,
  assertNoNaN,
  assertNonEmpty,
  assertSameRows,
  formatShape,
  toDense,
  toLabels,
} from './input.js';

/** How far a row of probabilities (or of soft targets) may sum from 1. */
const SUM_TOLERANCE = 1e-4;

/** Options shared by {@link logLoss} and {@link StreamingLogLoss}. */
export interface LogLossBaseOptions {
  /**
   * Probabilities are clipped to `[eps, 1 − eps]` before the log, so a confident mistake costs
   * `−log(eps)` instead of Infinity. Default `Number.EPSILON` (2.2e-16, scikit-learn's float64
   * eps); must be in `[0, 0.5)`. `0` disables clipping.
   */
  eps?: number;
  /**
   * The class of each column of `[N, C]` probabilities, in column order; for 1-D probabilities,
   * `[negative, positive]`. Default `0 .. C-1` (`[0, 1]` for 1-D). Integer `yTrue` labels must
   * be among them.
   */
  labels?: readonly number[];
  /**
   * `true` (default): the weighted mean `Σ wᵢ·lᵢ / Σ wᵢ`; `false`: the weighted sum `Σ wᵢ·lᵢ`
   * (scikit-learn's `normalize`).
   */
  normalize?: boolean;
}

/** Options of {@link logLoss}. */
export interface LogLossOptions extends LogLossBaseOptions {
  /** Per-sample weights `[N]`, each finite and `>= 0`. Default: all 1. */
  sampleWeight?: MetricInput;
}

interface Checked {
  eps: number;
  labels: readonly number[] | undefined;
  normalize: boolean;
}

/** Validates the options once (the streaming accumulator checks them in its constructor). */
export function checkLogLossOptions(op: string, options: LogLossBaseOptions): Checked {
  const { eps = Number.EPSILON, labels, normalize = true } = options;
  if (typeof eps !== 'number' || !(eps >= 0 && eps < 0.5)) {
    throw new MetricsError(op, `eps must be a number in [0, 0.5), got ${String(eps)}`);
  }
  if (typeof normalize !== 'boolean') {
    throw new MetricsError(op, `normalize must be a boolean, got ${String(normalize)}`);
  }
  if (labels !== undefined) {
    if (!Array.isArray(labels) || labels.length < 2) {
      throw new MetricsError(
        op,
        `labels must list at least two classes, got ${JSON.stringify(labels)}`,
      );
    }
    const seen = new Set<number>();
    labels.forEach((l, i) => {
      if (!Number.isInteger(l)) throw new MetricsError(op, `labels[${i}] is ${l}, not an integer`);
      if (seen.has(l)) throw new MetricsError(op, `labels lists ${l} twice`);
      seen.add(l);
    });
  }
  return { eps, labels, normalize };
}

function at(name: string, d: Dense, flat: number): string {
  return d.cols === 0
    ? `${name}[${flat}]`
    : `${name}[${Math.floor(flat / d.cols)}][${flat % d.cols}]`;
}

/** Every value in [0, 1], and (for 2-D inputs with C > 1) every row summing to 1. */
function checkProbabilities(op: string, name: string, d: Dense, hint: string): void {
  for (let i = 0; i < d.data.length; i++) {
    const v = d.data[i];
    if (!(v >= 0 && v <= 1)) {
      throw new MetricsError(op, `${at(name, d, i)} is ${v}, not a probability in [0, 1]${hint}`);
    }
  }
  if (d.cols < 2) return;
  for (let r = 0; r < d.rows; r++) {
    let total = 0;
    for (let j = 0; j < d.cols; j++) total += d.data[r * d.cols + j];
    if (Math.abs(total - 1) > SUM_TOLERANCE) {
      throw new MetricsError(
        op,
        `${name}[${r}] sums to ${total}, not 1 (within ${SUM_TOLERANCE})${hint}`,
      );
    }
  }
}

/** Per-sample losses `−Σⱼ tᵢⱼ·log(clip(pᵢⱼ))` and the class count C. */
export function perSampleLogLoss(
  op: string,
  yTrue: MetricInput,
  yPred: MetricInput,
  { eps, labels }: Checked,
): { losses: Float64Array; classes: number } {
  const t = toDense(op, 'yTrue', yTrue);
  const p = toDense(op, 'yPred', yPred);
  assertSameRows(op, 'yTrue', t, 'yPred', p);
  assertNonEmpty(op, t);
  assertNoNaN(op, 'yTrue', t);
  assertNoNaN(op, 'yPred', p);
  const binary = p.cols <= 1;
  const c = binary ? 2 : p.cols;
  const classes = labels ?? Array.from({ length: c }, (_, j) => j);
  if (classes.length !== c) {
    throw new MetricsError(
      op,
      binary
        ? `labels has ${classes.length} entries but 1-D yPred (probability of labels[1]) is binary`
        : `labels has ${classes.length} entries but yPred of shape ${formatShape(p.shape)} has ${c} columns`,
    );
  }
  checkProbabilities(
    op,
    'yPred',
    p,
    binary
      ? '; 1-D yPred is the probability of the positive class (apply sigmoid to logits)'
      : '; yPred must hold probabilities (apply softmax to logits)',
  );
  const clipped = (v: number) => Math.min(Math.max(v, eps), 1 - eps);
  // The probability of class column j for sample i.
  const prob = binary
    ? (i: number, j: number) => clipped(j === 1 ? p.data[i] : 1 - p.data[i])
    : (i: number, j: number) => clipped(p.data[i * c + j]);
  const losses = new Float64Array(p.rows);
  if (t.cols > 1) {
    if (t.cols !== c) {
      throw new MetricsError(
        op,
        `yTrue has shape ${formatShape(t.shape)} but yPred has ${c} classes (shape ${formatShape(p.shape)})`,
      );
    }
    checkProbabilities(op, 'yTrue', t, '; [N, C] yTrue holds one-hot or soft targets');
    for (let i = 0; i < t.rows; i++) {
      let l = 0;
      for (let j = 0; j < c; j++) {
        const w = t.data[i * c + j];
        if (w !== 0) l -= w * Math.log(prob(i, j));
      }
      losses[i] = l;
    }
    return { losses, classes: c };
  }
  const column = new Map(classes.map((l, j) => [l, j]));
  const truth = toLabels(op, 'yTrue', t).labels;
  for (let i = 0; i < truth.length; i++) {
    const j = column.get(truth[i]);
    if (j === undefined) {
      throw new MetricsError(
        op,
        `label ${truth[i]} in yTrue[${i}] is not one of the classes ${formatShape(classes)}${labels ? '' : ' (pass labels to name the columns)'}`,
      );
    }
    losses[i] = -Math.log(prob(i, j));
  }
  return { losses, classes: c };
}

/** Validated sample weights for `n` samples (all 1 when absent). */
export function sampleWeights(
  op: string,
  weights: MetricInput | undefined,
  n: number,
): ArrayLike<number> {
  if (weights === undefined) return new Float64Array(n).fill(1);
  const w = toDense(op, 'sampleWeight', weights);
  if (w.cols > 1 || w.rows !== n) {
    throw new MetricsError(
      op,
      `sampleWeight must have one weight per sample [${n}], got shape ${formatShape(w.shape)}`,
    );
  }
  for (let i = 0; i < w.data.length; i++) {
    const v = w.data[i];
    if (!(Number.isFinite(v) && v >= 0)) {
      throw new MetricsError(op, `sampleWeight[${i}] is ${v}, expected a finite number >= 0`);
    }
  }
  return w.data;
}

/**
 * Log loss (cross-entropy) of predicted probabilities, scikit-learn's `log_loss`:
 * `−(1/Σwᵢ) Σᵢ wᵢ Σⱼ tᵢⱼ·log(pᵢⱼ)`, with each `pᵢⱼ` clipped to `[eps, 1 − eps]`. Lower is better;
 * 0 is perfect, and always predicting the class frequencies scores their entropy.
 *
 * - `yPred` `[N, C]`: probabilities of each class (rows sum to 1 within 1e-4; apply softmax to
 *   logits first). Columns are `labels`, else classes `0 .. C-1`.
 * - `yPred` `[N]` (or `[N, 1]`): the probability of the positive class (`labels[1]`, default 1)
 *   of a binary problem.
 * - `yTrue`: integer labels `[N]` among the classes, or `[N, C]` one-hot / soft targets (rows
 *   summing to 1).
 *
 * A single class present in `yTrue` is fine: the columns say which classes exist (scikit-learn
 * asks for `labels` then). Unlike scikit-learn, probabilities outside `[0, 1]` and rows that do
 * not sum to 1 are errors, not warnings.
 *
 * @returns A number `>= 0`: the weighted mean, or with `normalize: false` the weighted sum.
 * @throws {MetricsError} On length mismatch, empty input, NaN, values outside `[0, 1]`, rows not
 *   summing to 1, a label that is not a class, `labels` of the wrong length, negative or
 *   non-finite weights, weights summing to 0 (with `normalize`), or a bad `eps`.
 *
 * @example
 * import { logLoss } from '@tsgrad/metrics';
 * logLoss([1, 0, 0, 1], [[0.1, 0.9], [0.9, 0.1], [0.8, 0.2], [0.35, 0.65]]); // 0.2161…
 * logLoss([1, 0], [0.8, 0.4]); // 0.3669… = −(log 0.8 + log 0.6) / 2
 * logLoss([1, 1], [0.5, 1]); // 0.3465… (only one class present)
 * logLoss([1, 0], [0.8, 0.4], { sampleWeight: [3, 1] }); // 0.2950…
 */
export function logLoss(
  yTrue: MetricInput,
  yPred: MetricInput,
  options: LogLossOptions = {},
): number {
  const op = 'logLoss';
  const checked = checkLogLossOptions(op, options);
  const { losses } = perSampleLogLoss(op, yTrue, yPred, checked);
  const w = sampleWeights(op, options.sampleWeight, losses.length);
  let total = 0;
  let weight = 0;
  for (let i = 0; i < losses.length; i++) {
    if (w[i] === 0) continue;
    total += w[i] * losses[i];
    weight += w[i];
  }
  if (!checked.normalize) return total;
  if (weight === 0) throw new MetricsError(op, 'sampleWeight sums to 0; the mean is undefined');
  return total / weight;
}

/**
 * Running log loss over batches: `update(yTrue, yPred, sampleWeight?)` takes the inputs of
 * {@link logLoss}; `compute()` gives what `logLoss` gives on all samples together. Keeps two
 * numbers, not the predictions. The number of classes must stay the same between batches.
 *
 * @throws {MetricsError} From the constructor on a bad `eps`, `labels` or `normalize`.
 * @example
 * import { StreamingLogLoss } from '@tsgrad/metrics';
 * const ll = new StreamingLogLoss();
 * ll.update([1, 0], [[0.1, 0.9], [0.9, 0.1]]).update([0, 1], [[0.8, 0.2], [0.35, 0.65]]);
 * ll.compute(); // 0.2161…, as logLoss on all four samples
 */
export class StreamingLogLoss {
  private total = 0;
  private weight = 0;
  private samples = 0;
  private classes = 0;
  private readonly options: Checked;

  constructor(options: LogLossBaseOptions = {}) {
    this.options = checkLogLossOptions('StreamingLogLoss', options);
  }

  /**
   * Adds a batch; inputs and per-sample weights `[B]` as for `logLoss`.
   * @throws {MetricsError} As `logLoss`, or when the number of classes differs from earlier
   *   batches. The batch is not counted then.
   */
  update(yTrue: MetricInput, yPred: MetricInput, sampleWeight?: MetricInput): this {
    const op = 'StreamingLogLoss.update';
    const { losses, classes } = perSampleLogLoss(op, yTrue, yPred, this.options);
    if (this.classes > 0 && classes !== this.classes) {
      throw new MetricsError(
        op,
        `earlier batches had ${this.classes} classes, this one has ${classes}`,
      );
    }
    const w = sampleWeights(op, sampleWeight, losses.length);
    this.classes = classes;
    for (let i = 0; i < losses.length; i++) {
      if (w[i] === 0) continue;
      this.total += w[i] * losses[i];
      this.weight += w[i];
    }
    this.samples += losses.length;
    return this;
  }

  /** Number of samples seen. */
  get count(): number {
    return this.samples;
  }

  /**
   * The log loss over all samples seen (weighted mean, or sum with `normalize: false`).
   * @throws {MetricsError} Before any update, or (with `normalize`) when every weight was 0.
   */
  compute(): number {
    const op = 'StreamingLogLoss.compute';
    if (this.samples === 0) throw new MetricsError(op, 'no samples; call update() first');
    if (!this.options.normalize) return this.total;
    if (this.weight === 0) throw new MetricsError(op, 'every sample weight was 0');
    return this.total / this.weight;
  }

  /** Forgets everything, e.g. at the start of an epoch. */
  reset(): void {
    this.total = 0;
    this.weight = 0;
    this.samples = 0;
    this.classes = 0;
  }
}
