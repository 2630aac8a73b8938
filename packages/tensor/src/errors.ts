const BRAND = Symbol.for('tsgrad.error');

/** Formats a shape the way every tsgrad message prints it: `[32,784]`. */
export function formatShape(shape: readonly number[]): string {
  return `[${shape.join(',')}]`;
}

/**
 * Base class of every error tsgrad throws on purpose.
 *
 * Checks work across duplicate installs (two copies of `@tsgrad/tensor` in one bundle) because
 * they test a `Symbol.for` brand rather than the class identity.
 *
 * @example
 * try { matmul(a, b); } catch (e) { if (TsgradError.isInstance(e)) console.log(e.op); }
 */
export class TsgradError extends Error {
  readonly [BRAND] = true;
  /** The op, layer or function that raised the error, e.g. `'matmul'`. */
  readonly op: string;

  constructor(op: string, message: string, options?: { cause?: unknown }) {
    super(`${op}: ${message}`, options);
    this.op = op;
    this.name = new.target.name;
  }

  /** True for any tsgrad error, from this or another copy of the package. */
  static isInstance(value: unknown): value is TsgradError {
    return typeof value === 'object' && value !== null && (value as any)[BRAND] === true;
  }
}

/** Shapes that do not fit the op's rule. The message names the op and every shape involved. */
export class ShapeError extends TsgradError {}

/** A tensor of a dtype the op does not accept, or two dtypes that cannot be combined. */
export class DTypeError extends TsgradError {}

/** An argument outside its allowed range (an axis, a size, a hyperparameter, a label). */
export class ValueError extends TsgradError {}

/** No backend registered under a name, or a backend that lacks a kernel for an op. */
export class BackendError extends TsgradError {}

/** A tensor used after `dispose()`. */
export class DisposedError extends TsgradError {}

/** Misuse of the gradient machinery: backward from a non-scalar, no path to an input, etc. */
export class GradientError extends TsgradError {}
