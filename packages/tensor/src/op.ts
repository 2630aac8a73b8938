import type { DType } from './dtype.js';
import { ENGINE } from './engine.js';
import type { Tensor } from './tensor.js';

/** What a backward rule receives besides the upstream gradient. */
export interface BackwardContext<A> {
  readonly inputs: readonly Tensor[];
  readonly output: Tensor;
  readonly attrs: A;
  /**
   * Which inputs need a gradient (they require grad). Rules may skip the others and return
   * null for them — worth it for costly ones (matmul, conv2d).
   */
  readonly needsGrad: readonly boolean[];
}

/**
 * The one place an op is defined: its id (also its kernel id unless `kernel` says otherwise),
 * its shape rule (validates inputs, returns the output shape and dtype, throws errors that name
 * the op and the shapes) and its backward rule, written with public ops so it runs on every
 * backend and can itself be differentiated.
 *
 * An op without `backward` is not differentiable: its outputs never require gradients, and
 * inputs reached only through it get zero gradients.
 */
export interface OpDef<A = undefined> {
  readonly id: string;
  readonly kernel?: string;
  infer(inputs: readonly Tensor[], attrs: A): { shape: readonly number[]; dtype: DType };
  backward?(dy: Tensor, ctx: BackwardContext<A>): (Tensor | null)[];
}

/**
 * Defines an op (see {@link OpDef}): returns `def` typed, to be run with `runOp`. `kernel`
 * names the backend kernel (default: the id); the shape rule runs before any kernel, so
 * kernels receive valid inputs only.
 * @example
 * import { type Tensor, ShapeError, defineOp, formatShape, mul, runOp, tensor } from '@tsgrad/tensor';
 * // An elementwise product that refuses to broadcast, on the existing 'mul' kernel.
 * const STRICT_MUL = defineOp({
 *   id: 'strictMul',
 *   kernel: 'mul',
 *   infer: ([a, b]) => {
 *     if (formatShape(a.shape) !== formatShape(b.shape))
 *       throw new ShapeError('strictMul', `a has shape ${formatShape(a.shape)} but b has shape ${formatShape(b.shape)}`);
 *     return { shape: a.shape, dtype: a.dtype };
 *   },
 *   backward: (dy, { inputs: [a, b] }) => [mul(dy, b), mul(dy, a)],
 * });
 * const strictMul = (a: Tensor, b: Tensor) => runOp(STRICT_MUL, [a, b], undefined);
 * strictMul(tensor([1, 2]), tensor([3, 4])).toArray(); // [3, 8]
 */
export function defineOp<A = undefined>(def: OpDef<A>): OpDef<A> {
  return def;
}

/**
 * Runs an op through the engine's single path: the shape rule (which throws for bad inputs),
 * then the current backend's kernel, then — when gradients are enabled and an input requires
 * them — a record for backward.
 * @throws {BackendError} when the backend has no kernel for the op; whatever the shape rule
 *   throws.
 * @example
 * const NEGATE = defineOp({ id: 'neg', infer: ([x]) => ({ shape: x.shape, dtype: x.dtype }) });
 * runOp(NEGATE, [tensor([1, -2])], undefined).toArray(); // [-1, 2]
 */
export function runOp<A>(def: OpDef<A>, inputs: readonly Tensor[], attrs: A): Tensor {
  return ENGINE.run(def, inputs, attrs);
}

/**
 * Gives `value` a hand-written gradient: returns a tensor with `value`'s data (same shape and
 * storage) whose backward calls `backward(dy)` for the gradients of `inputs` (one per input,
 * `null` for none). The basis of `customGrad` in autograd.
 * @example
 * import { round, sum, tensor, withGradient } from '@tsgrad/tensor';
 * import '@tsgrad/autograd'; // for backward()
 * const x = tensor([0.3, 1.7]).requireGrad();
 * // The straight-through estimator: round forward, identity backward
 * const y = withGradient(round(x), [x], (dy) => [dy]);
 * sum(y).backward();
 * y.toArray(); // [0, 2]
 * x.grad!.toArray(); // [1, 1]
 */
export function withGradient(
  value: Tensor,
  inputs: readonly Tensor[],
  backward: (dy: Tensor) => (Tensor | null)[],
): Tensor {
  const def: OpDef<undefined> = {
    id: 'customGradient',
    infer: () => ({ shape: value.shape, dtype: value.dtype }),
    backward: (dy) => backward(dy),
  };
  return ENGINE.record(def, inputs, value);
}
