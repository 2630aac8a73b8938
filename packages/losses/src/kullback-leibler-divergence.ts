import { ShapeError, type Tensor, clip, div, log, mul, sum } from '@tsgrad/tensor';
import { assertProbabilities, matchShapes } from './checks.js';
import { EPSILON } from './constants.js';
import { type Loss, type LossOptions, defineLoss } from './loss.js';

/**
 * Kullback–Leibler divergence KL(yTrue ‖ yPred) = Σ y·log(y / p) over the last axis. Both are
 * clipped to [1e-7, 1] first, as in Keras, so zeros in either give finite values.
 *
 * Shapes: `yTrue` and `yPred` alike, `[N, C]` distributions (or `[C]`). Per-sample losses `[N]`.
 *
 * @throws {ShapeError} when the shapes differ, naming both.
 * @throws {ValueError} for values outside [0, 1] (NaN in `yTrue` too).
 * @example
 * kullbackLeiblerDivergence(tensor([[0, 1], [0, 0]]), tensor([[0.6, 0.4], [0.4, 0.6]])).item(); // 0.458
 */
export const kullbackLeiblerDivergence: Loss<LossOptions> = defineLoss<LossOptions>({
  name: 'kullbackLeiblerDivergence',
  optionNames: [],
  perSample: (yTrue: Tensor, yPred: Tensor) => {
    const name = 'kullbackLeiblerDivergence';
    const labels = matchShapes(name, yTrue, yPred);
    if (yPred.rank === 0)
      throw new ShapeError(name, 'yPred must have a class axis (rank >= 1), got a scalar');
    assertProbabilities(name, 'yTrue', labels, '', true);
    assertProbabilities(name, 'yPred', yPred, '', false);
    const y = clip(labels, EPSILON, 1);
    const p = clip(yPred, EPSILON, 1);
    return sum(mul(y, log(div(y, p))), -1);
  },
});
