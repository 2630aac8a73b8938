import {
  type DType,
  type Tensor,
  add,
  cast,
  clip,
  div,
  maximum,
  mul,
  scalar,
  sqrt,
  square,
  sum,
  Tensor as TensorClass,
  ValueError,
} from '@tsgrad/tensor';
import { check } from './validate.js';

/** A gradient as `.grad` holds it: a tensor, or `null` for a parameter that got none. */
type MaybeGradient = Tensor | null;

/** Checks each entry is a Tensor or null (a parameter without gradient), naming the position. */
function checkGrads(op: string, grads: readonly unknown[]): void {
  if (!Array.isArray(grads)) {
    throw new ValueError(op, `grads must be an array of tensors (or nulls), got ${typeof grads}`);
  }
  grads.forEach((g, i) => {
    if (g !== null && !(g instanceof TensorClass)) {
      throw new ValueError(
        op,
        `grads[${i}] must be a Tensor or null (no gradient), got ${g === undefined ? 'undefined' : typeof g}`,
      );
    }
  });
}

/**
 * Limits every gradient element to [−clipValue, clipValue]. Each output has its input's shape
 * and dtype; `null` entries (parameters without a gradient) stay `null`.
 * @throws {ValueError} for a clipValue that is not > 0, or an entry that is neither a Tensor
 *   nor null.
 * @example
 * const [g] = clipByValue([tensor([-3, 0.5, 2])], 1);
 * g.toArray(); // [-1, 0.5, 1]
 */
export function clipByValue<G extends MaybeGradient>(grads: readonly G[], clipValue: number): G[] {
  check.positive('clipByValue', 'clipValue', clipValue);
  checkGrads('clipByValue', grads);
  return grads.map((g) => (g === null ? g : clip(g, -clipValue, clipValue))) as G[];
}

/**
 * Rescales each gradient on its own so its L2 norm is at most `maxNorm`:
 * g · maxNorm / max(‖g‖, maxNorm) (unchanged when already within). Shapes and dtypes are kept;
 * `null` entries stay `null`.
 * @throws {ValueError} for a maxNorm that is not > 0, or an entry that is neither a Tensor nor
 *   null.
 * @example
 * const [g] = clipByNorm([tensor([3, 4])], 1);
 * g.toArray(); // [0.6, 0.8]
 */
export function clipByNorm<G extends MaybeGradient>(grads: readonly G[], maxNorm: number): G[] {
  check.positive('clipByNorm', 'maxNorm', maxNorm);
  checkGrads('clipByNorm', grads);
  return grads.map((g) =>
    g === null ? g : mul(g, div(maxNorm, maximum(sqrt(sum(square(g))), maxNorm))),
  ) as G[];
}

/**
 * The L2 norm of all gradients together, √(Σ‖gᵢ‖²), as a scalar tensor (shape `[]`) of the
 * widest float dtype among them (float32 for an empty list). `null` entries are skipped.
 * @throws {ValueError} for an entry that is neither a Tensor nor null.
 * @example globalNorm([tensor([3]), null, tensor([4])]).item(); // 5
 */
export function globalNorm(grads: readonly MaybeGradient[]): Tensor {
  checkGrads('globalNorm', grads);
  const present = grads.filter((g): g is Tensor => g !== null);
  const dtype: DType = present.some((g) => g.dtype === 'float64') ? 'float64' : 'float32';
  let total = scalar(0, dtype);
  for (const g of present) total = add(total, sum(square(cast(g, dtype))));
  return sqrt(total);
}

/**
 * Rescales all gradients by the same factor so their global norm (see `globalNorm`) is at most
 * `maxNorm`: gᵢ · maxNorm / max(norm, maxNorm), as TensorFlow's `clip_by_global_norm`. The
 * direction of the combined update is kept. A NaN or infinite norm gives NaN gradients.
 *
 * `null` entries — parameters that got no gradient, as `.grad` reads before any backward or
 * after `zeroGrad` — are skipped, as PyTorch's `clip_grad_norm_` skips parameters without
 * `.grad` and as the optimizers' own `clipGlobalNorm` option does: they add nothing to the norm
 * and stay `null` in the result, so positions still line up with the parameters.
 *
 * Returns the clipped gradients (each with its input's shape and dtype) and the norm before
 * clipping (a scalar tensor; `.item()` reads it).
 * @throws {ValueError} for a maxNorm that is not > 0, or an entry that is neither a Tensor nor
 *   null.
 * @example
 * const { grads, norm } = clipByGlobalNorm([tensor([3]), null, tensor([4])], 1);
 * norm.item(); // 5
 * grads[0]!.toArray(); // [0.6]
 * grads[1]; // null
 * grads[2]!.toArray(); // [0.8]
 */
export function clipByGlobalNorm<G extends MaybeGradient>(
  grads: readonly G[],
  maxNorm: number,
): { grads: G[]; norm: Tensor } {
  check.positive('clipByGlobalNorm', 'maxNorm', maxNorm);
  checkGrads('clipByGlobalNorm', grads);
  const norm = globalNorm(grads);
  const scale = div(maxNorm, maximum(norm, maxNorm));
  return {
    grads: grads.map((g) => (g === null ? g : mul(g, cast(scale, g.dtype)))) as G[],
    norm,
  };
}
