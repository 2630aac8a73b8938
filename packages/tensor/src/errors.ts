const BRAND = Symbol.for('tsgrad.error');

/**
 * Formats a shape the way every tsgrad message prints it: `[32,784]` (no spaces; `[]` for a
 * scalar).
 * @example
 * formatShape([32, 784]); // '[32,784]'
 * formatShape([]); // '[]'
 */
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
 * import { TsgradError, matmul, ones } from '@tsgrad/tensor';
 * try {
 *   matmul(ones([2, 3]), ones([4, 5]));
 * } catch (e) {
 *   if (TsgradError.isInstance(e)) console.log(e.op); // 'matmul'
 * }
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

/**
 * Shapes that do not fit the op's rule. The message names the op and every shape involved.
 * @example
 * import { ShapeError, matmul, ones } from '@tsgrad/tensor';
 * let err: unknown;
 * try {
 *   matmul(ones([2, 3]), ones([4, 5]));
 * } catch (e) {
 *   err = e;
 * }
 * err instanceof ShapeError; // true
 * (err as ShapeError).message; // 'matmul: inner dimensions differ; a has shape [2,3], b has shape [4,5]'
 */
export class ShapeError extends TsgradError {}

/**
 * A tensor of a dtype the op does not accept, or two dtypes that cannot be combined.
 * @example
 * import { DTypeError, relu, tensor } from '@tsgrad/tensor';
 * let err: unknown;
 * try {
 *   relu(tensor([true, false]));
 * } catch (e) {
 *   err = e;
 * }
 * err instanceof DTypeError; // true
 * (err as DTypeError).op; // 'relu'
 */
export class DTypeError extends TsgradError {}

/**
 * An argument outside its allowed range (an axis, a size, a hyperparameter, a label).
 * @example
 * import { ValueError, ones, sum } from '@tsgrad/tensor';
 * let err: unknown;
 * try {
 *   sum(ones([2, 3]), 2); // axis 2 of a rank-2 tensor
 * } catch (e) {
 *   err = e;
 * }
 * err instanceof ValueError; // true
 * (err as ValueError).op; // 'sum'
 */
export class ValueError extends TsgradError {}

/**
 * No backend registered under a name, or a backend that lacks a kernel for an op.
 * @example
 * import { BackendError, setBackend } from '@tsgrad/tensor';
 * let err: unknown;
 * try {
 *   setBackend('no-such-backend');
 * } catch (e) {
 *   err = e;
 * }
 * err instanceof BackendError; // true
 */
export class BackendError extends TsgradError {}

/**
 * A tensor used after `dispose()`.
 * @example
 * import { DisposedError, tensor } from '@tsgrad/tensor';
 * const t = tensor([1, 2]);
 * t.dispose();
 * let err: unknown;
 * try {
 *   t.dataSync();
 * } catch (e) {
 *   err = e;
 * }
 * err instanceof DisposedError; // true
 */
export class DisposedError extends TsgradError {}

/**
 * Misuse of the gradient machinery: backward from a non-scalar, no path to an input, setting
 * `requiresGrad` on a computed tensor, etc.
 * @example
 * import { GradientError, add, tensor } from '@tsgrad/tensor';
 * const x = tensor([1, 2]).requireGrad();
 * let err: unknown;
 * try {
 *   add(x, 1).requiresGrad = false; // only leaves can be changed
 * } catch (e) {
 *   err = e;
 * }
 * err instanceof GradientError; // true
 */
export class GradientError extends TsgradError {}
