const BRAND = Symbol.for('tsgrad.error');
const METRICS_BRAND = Symbol.for('tsgrad.metrics.error');

/**
 * The one error class `@tsgrad/metrics` throws on purpose: mismatched lengths, empty inputs,
 * labels that are not integers or fall outside the class range, NaN scores, bad options.
 *
 * The message starts with the function that raised it (`'precision: yTrue has 10 elements but
 * yPred has 12'`), which is also in `op`. It carries the shared `Symbol.for('tsgrad.error')`
 * brand, so `TsgradError.isInstance` from `@tsgrad/tensor` recognises it too, without this package
 * depending on tensor; `MetricsError.isInstance` checks a metrics-specific brand, so it works
 * across duplicate installs of this package but is false for other tsgrad errors.
 *
 * @example
 * import { accuracy, MetricsError } from '@tsgrad/metrics';
 * try {
 *   accuracy([], []);
 * } catch (e) {
 *   if (MetricsError.isInstance(e)) console.log(e.op, e.message); // 'accuracy' 'accuracy: empty input'
 * }
 */
export class MetricsError extends Error {
  readonly [BRAND] = true;
  readonly [METRICS_BRAND] = true;
  /** The function that raised the error, e.g. `'rocAuc'`. */
  readonly op: string;

  constructor(op: string, message: string, options?: { cause?: unknown }) {
    super(`${op}: ${message}`, options);
    this.op = op;
    this.name = 'MetricsError';
  }

  /** True for a `MetricsError` from this or another copy of `@tsgrad/metrics`. */
  static isInstance(value: unknown): value is MetricsError {
    return typeof value === 'object' && value !== null && (value as any)[METRICS_BRAND] === true;
  }
}
