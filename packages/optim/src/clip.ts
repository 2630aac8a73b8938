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
} from '@tsgrad/tensor';
import { check } from './validate.js';

/**
 * Limits every gradient element to [−clipValue, clipValue].
 * @throws {ValueError} for a clipValue that is not > 0.
 * @example const [g] = clipByValue([tensor([-3, 0.5, 2])], 1); // [-1, 0.5, 1]
 */
export function clipByValue(grads: readonly Tensor[], clipValue: number): Tensor[] {
  check.positive('clipByValue', 'clipValue', clipValue);
  return grads.map((g) => clip(g, -clipValue, clipValue));
}

/**
 * Rescales each gradient on its own so its L2 norm is at most `maxNorm`:
 * g · maxNorm / max(‖g‖, maxNorm) (unchanged when already within).
 * @throws {ValueError} for a maxNorm that is not > 0.
 * @example const [g] = clipByNorm([tensor([3, 4])], 1); // [0.6, 0.8]
 */
export function clipByNorm(grads: readonly Tensor[], maxNorm: number): Tensor[] {
  check.positive('clipByNorm', 'maxNorm', maxNorm);
  return grads.map((g) => mul(g, div(maxNorm, maximum(sqrt(sum(square(g))), maxNorm))));
}

/**
 * The L2 norm of all gradients together, √(Σ‖gᵢ‖²), as a scalar tensor of the widest float
 * dtype among them (float32 for an empty list).
 * @example globalNorm([tensor([3]), tensor([4])]).item(); // 5
 */
export function globalNorm(grads: readonly Tensor[]): Tensor {
  const dtype: DType = grads.some((g) => g.dtype === 'float64') ? 'float64' : 'float32';
  let total = scalar(0, dtype);
  for (const g of grads) total = add(total, sum(square(cast(g, dtype))));
  return sqrt(total);
}

/**
 * Rescales all gradients by the same factor so their global norm (see `globalNorm`) is at most
 * `maxNorm`: gᵢ · maxNorm / max(norm, maxNorm), as TensorFlow's `clip_by_global_norm`. The
 * direction of the combined update is kept. A NaN or infinite norm gives NaN gradients.
 *
 * Returns the clipped gradients and the norm before clipping (a scalar tensor; `.item()` reads it).
 * @throws {ValueError} for a maxNorm that is not > 0.
 * @example
 * const { grads, norm } = clipByGlobalNorm([tensor([3]), tensor([4])], 1);
 * norm.item(); // 5; grads: [0.6], [0.8]
 */
export function clipByGlobalNorm(
  grads: readonly Tensor[],
  maxNorm: number,
): { grads: Tensor[]; norm: Tensor } {
  check.positive('clipByGlobalNorm', 'maxNorm', maxNorm);
  const norm = globalNorm(grads);
  const scale = div(maxNorm, maximum(norm, maxNorm));
  return { grads: grads.map((g) => mul(g, cast(scale, g.dtype))), norm };
}
