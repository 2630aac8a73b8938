import { ValueError, type Tensor, abs, lessEqual, mul, square, sub, where } from '@tsgrad/tensor';
import { assertNoNaN, matchShapes } from './checks.js';
import { type Loss, type LossOptions, defineLoss, meanLastAxis } from './loss.js';

/**
 * Options of `huber` (besides `reduction` and `sampleWeight`, see `LossOptions`).
 * @example
 * import { tensor } from '@tsgrad/tensor';
 * import { type HuberOptions, huber } from '@tsgrad/losses';
 * const options: HuberOptions = { delta: 0.5 };
 * huber(tensor([0]), tensor([2]), options).item(); // 0.875: 0.5·(2 − 0.25)
 */
export interface HuberOptions extends LossOptions {
  /** Where the loss turns from quadratic to linear (default 1; must be > 0). */
  delta?: number;
}

/**
 * Huber loss: with e = yPred − yTrue, ½e² where |e| ≤ delta and delta·(|e| − ½delta) beyond,
 * averaged over the last axis. Quadratic near the target, linear (robust to outliers) far away.
 *
 * Shapes: as `meanSquaredError`.
 *
 * @throws {ShapeError} when the shapes differ, naming both.
 * @throws {ValueError} for `delta` <= 0 or NaN in `yTrue`.
 * @example
 * huber(tensor([[0, 1], [0, 0]]), tensor([[0.6, 0.4], [0.4, 0.6]])).item(); // 0.155
 * huber.with({ delta: 0.5 });
 */
export const huber: Loss<HuberOptions> = defineLoss<HuberOptions>({
  name: 'huber',
  optionNames: ['delta'],
  checkOptions: ({ delta }) => {
    if (
      delta !== undefined &&
      !(typeof delta === 'number' && delta > 0 && Number.isFinite(delta))
    ) {
      throw new ValueError('huber', `delta must be a finite number > 0, got ${String(delta)}`);
    }
  },
  perSample: (yTrue: Tensor, yPred: Tensor, { delta = 1 }) => {
    const t = matchShapes('huber', yTrue, yPred);
    assertNoNaN('huber', 'yTrue', t);
    const e = sub(yPred, t);
    const a = abs(e);
    const quadratic = mul(square(e), 0.5);
    const linear = mul(sub(a, 0.5 * delta), delta);
    return meanLastAxis(where(lessEqual(a, delta), quadratic, linear));
  },
});
