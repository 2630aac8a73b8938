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

export function defineOp<A = undefined>(def: OpDef<A>): OpDef<A> {
  return def;
}

/** Runs an op through the engine's single path. */
export function runOp<A>(def: OpDef<A>, inputs: readonly Tensor[], attrs: A): Tensor {
  return ENGINE.run(def, inputs, attrs);
}

/**
 * Gives `value` a hand-written gradient: returns a tensor with `value`'s data whose backward
 * calls `backward(dy)` for the gradients of `inputs`. The basis of `customGrad` in autograd.
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
