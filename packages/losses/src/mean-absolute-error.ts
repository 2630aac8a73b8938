import { type Tensor, abs, sub } from '@tsgrad/tensor';
import { assertNoNaN, matchShapes } from './checks.js';
import { type Loss, type LossOptions, defineLoss, meanLastAxis } from './loss.js';

/**
 * Mean absolute error: mean over the last axis of |yTrue − yPred|. The gradient where
 * yPred = yTrue is 0.
 *
 * Shapes: as `meanSquaredError`.
 *
 * @throws {ShapeError} when the shapes differ, naming both.
 * @throws {ValueError} when `yTrue` contains NaN.
 * @example
 * meanAbsoluteError(tensor([[0, 1], [0, 0]]), tensor([[1, 1], [1, 0]])).item(); // 0.5
 */
export const meanAbsoluteError: Loss<LossOptions> = defineLoss<LossOptions>({
  name: 'meanAbsoluteError',
  optionNames: [],
  perSample: (yTrue: Tensor, yPred: Tensor) => {
    const t = matchShapes('meanAbsoluteError', yTrue, yPred);
    assertNoNaN('meanAbsoluteError', 'yTrue', t);
    return meanLastAxis(abs(sub(yPred, t)));
  },
});
