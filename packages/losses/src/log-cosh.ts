import { type Tensor, add, mul, softplus, sub } from '@tsgrad/tensor';
import { assertNoNaN, matchShapes } from './checks.js';
import { type Loss, type LossOptions, defineLoss, meanLastAxis } from './loss.js';

/**
 * Log-cosh: mean over the last axis of log(cosh(yPred − yTrue)), about ½e² for small errors and
 * |e| − log 2 for large ones. Computed as e + softplus(−2e) − log 2, which never overflows.
 *
 * Shapes: as `meanSquaredError`.
 *
 * @throws {ShapeError} when the shapes differ, naming both.
 * @throws {ValueError} when `yTrue` contains NaN.
 * @example
 * logCosh(tensor([[0, 1], [0, 0]]), tensor([[1, 1], [0, 0]])).item(); // 0.1084 (log cosh 1 / 4: one error of 1 among four elements)
 */
export const logCosh: Loss<LossOptions> = defineLoss<LossOptions>({
  name: 'logCosh',
  optionNames: [],
  perSample: (yTrue: Tensor, yPred: Tensor) => {
    const t = matchShapes('logCosh', yTrue, yPred);
    assertNoNaN('logCosh', 'yTrue', t);
    const e = sub(yPred, t);
    return meanLastAxis(sub(add(e, softplus(mul(e, -2))), Math.LN2));
  },
});
