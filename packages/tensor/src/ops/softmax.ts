import type { Tensor } from '../tensor.js';
import { sub } from './binary.js';
import { logSumExp } from './reduce.js';
import { exp } from './unary.js';

/**
 * log(softmax(x)) along `axis` (last by default), computed as x − logSumExp(x): stable for any
 * magnitude, and differentiable through its parts.
 * @example logSoftmax(tensor([1000, 1000])); // [-0.6931, -0.6931]
 */
export function logSoftmax(x: Tensor, axis = -1): Tensor {
  return sub(x, logSumExp(x, axis, true));
}

/**
 * exp(x) / Σexp(x) along `axis` (last by default), via logSoftmax so large logits never overflow.
 * @example softmax(tensor([1, 1])); // [0.5, 0.5]
 */
export function softmax(x: Tensor, axis = -1): Tensor {
  return exp(logSoftmax(x, axis));
}
