import { floatOf, isFloat } from '../dtype.js';
import type { Tensor } from '../tensor.js';
import { sub, where } from './binary.js';
import { cast } from './cast.js';
import { logSumExp, max } from './reduce.js';
import { exp, isFinite as isFiniteOp } from './unary.js';

/**
 * log(softmax(x)) along `axis` (last by default), computed as (x − m) − logSumExp(x − m) with m
 * the (constant) row maximum: stable for any magnitude, and differentiable through its parts.
 * Shifting before logSumExp keeps float32 precision for large logits (x − logSumExp(x) would
 * round through values near the logits' magnitude, losing ~1e-4 at 1000).
 * @example logSoftmax(tensor([1000, 1000])); // [-0.6931, -0.6931]
 */
export function logSoftmax(x: Tensor, axis = -1): Tensor {
  const xf = isFloat(x.dtype) ? x : cast(x, floatOf(x.dtype));
  const m = max(xf, axis, true).detach();
  const shifted = sub(xf, where(isFiniteOp(m), m, 0));
  return sub(shifted, logSumExp(shifted, axis, true));
}

/**
 * exp(x) / Σexp(x) along `axis` (last by default), via logSoftmax so large logits never overflow.
 * @example softmax(tensor([1, 1])); // [0.5, 0.5]
 */
export function softmax(x: Tensor, axis = -1): Tensor {
  return exp(logSoftmax(x, axis));
}
