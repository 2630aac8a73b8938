import { type Tensor, square, sub } from '@tsgrad/tensor';
import { assertNoNaN, matchShapes } from './checks.js';
import { type Loss, type LossOptions, defineLoss, meanLastAxis } from './loss.js';

/**
 * Mean squared error: mean over the last axis of (yTrue − yPred)².
 *
 * Shapes: `yTrue` and `yPred` alike (`[N, D]` → per-sample losses `[N]`; a rank-1 `[N]` is N
 * samples of one value each; `[N]` against `[N, 1]` is accepted).
 *
 * @throws {ShapeError} when the shapes differ, naming both.
 * @throws {ValueError} when `yTrue` contains NaN.
 * @example
 * meanSquaredError(tensor([[0, 1], [0, 0]]), tensor([[1, 1], [1, 0]])).item(); // 0.5
 */
export const meanSquaredError: Loss<LossOptions> = defineLoss<LossOptions>({
  name: 'meanSquaredError',
  optionNames: [],
  perSample: (yTrue: Tensor, yPred: Tensor) => {
    const t = matchShapes('meanSquaredError', yTrue, yPred);
    assertNoNaN('meanSquaredError', 'yTrue', t);
    return meanLastAxis(square(sub(yPred, t)));
  },
});
