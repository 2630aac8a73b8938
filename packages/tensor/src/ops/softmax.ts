import { floatOf, isFloat } from '../dtype.js';
import { ENGINE } from '../engine.js';
import { defineOp, runOp } from '../op.js';
import { normalizeAxis } from '../shape.js';
import type { Tensor } from '../tensor.js';
import { mul, sub, where } from './binary.js';
import { cast } from './cast.js';
import { logSumExp, max, sum } from './reduce.js';
import { exp, isFinite as isFiniteOp } from './unary.js';

/**
 * The optional fused kernel `logSoftmax` (one pass per slice, where the composite below runs
 * ~10 ops), promoted for speed; backends without it run the composite, which is its reference.
 * Its gradient, dy − softmax(x)·Σdy with softmax = exp(output), is written with public ops, so
 * it runs anywhere and can itself be differentiated.
 */
const LOG_SOFTMAX = defineOp<{ axis: number }>({
  id: 'logSoftmax',
  infer: ([x]) => ({ shape: x.shape, dtype: x.dtype }),
  backward: (dy, { output, attrs: { axis } }) => [sub(dy, mul(exp(output), sum(dy, axis, true)))],
});

/**
 * log(softmax(x)) along `axis` (last by default), computed as (x − m) − logSumExp(x − m) with m
 * the (constant) row maximum: stable for any magnitude, and differentiable through its parts.
 * Shifting before logSumExp keeps float32 precision for large logits (x − logSumExp(x) would
 * round through values near the logits' magnitude, losing ~1e-4 at 1000). A backend with the
 * optional `logSoftmax` kernel computes the same values in one pass.
 * @example logSoftmax(tensor([1000, 1000])); // [-0.6931, -0.6931]
 */
export function logSoftmax(x: Tensor, axis = -1): Tensor {
  const xf = isFloat(x.dtype) ? x : cast(x, floatOf(x.dtype));
  if (ENGINE.backend.kernels.logSoftmax)
    return runOp(LOG_SOFTMAX, [xf], { axis: normalizeAxis('logSoftmax', axis, x.rank) });
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
