import { type Tensor, add, clip, log, mul, softplus, sub } from '@tsgrad/tensor';
import {
  assertProbabilities,
  checkBoolean,
  checkClassWeights,
  checkClassWeightsLength,
  checkLabelSmoothing,
  matchShapes,
} from './checks.js';
import { EPSILON } from './constants.js';
import { type Loss, type LossOptions, defineLoss, meanLastAxis } from './loss.js';

/**
 * Options of `binaryCrossentropy` (besides `reduction` and `sampleWeight`, see `LossOptions`):
 * bound with `.with(options)` or passed per call.
 * @example
 * import { tensor } from '@tsgrad/tensor';
 * import { type BinaryCrossentropyOptions, binaryCrossentropy } from '@tsgrad/losses';
 * const options: BinaryCrossentropyOptions = { fromLogits: true, classWeights: [1, 3] };
 * binaryCrossentropy(tensor([0, 1]), tensor([0, 0]), options).item(); // 1.3862…: mean of log 2 and 3·log 2
 */
export interface BinaryCrossentropyOptions extends LossOptions {
  /** `yPred` holds logits (any real number) rather than probabilities (default false). */
  fromLogits?: boolean;
  /** Squeezes labels towards ½: y·(1 − s) + s/2, with s in [0, 1) (default 0). */
  labelSmoothing?: number;
  /**
   * `[w0, w1]`: the weight of elements whose label is 0 and of those whose label is 1 (soft labels
   * interpolate: w1·y + w0·(1 − y), from the labels before smoothing).
   */
  classWeights?: number[];
}

/**
 * Binary cross-entropy, −[y·log p + (1 − y)·log(1 − p)], averaged over the last axis.
 *
 * From probabilities (default), `p` is clipped to [1e-7, 1 − 1e-7] as in Keras. With
 * `fromLogits: true` the sigmoid is fused in and the loss is computed as softplus(x) − x·y, which
 * equals max(x, 0) − x·y + log1p(exp(−|x|)): stable for any logit, with the exact gradient
 * sigmoid(x) − y (also at x = 0).
 *
 * Shapes: `yTrue` and `yPred` alike, `[N]`, `[N, 1]` or `[N, K]` (multi-label); labels in [0, 1].
 * Per-sample losses: `[N]`.
 *
 * @throws {ShapeError} when the shapes differ, naming both.
 * @throws {ValueError} for labels outside [0, 1] or NaN; probabilities outside [0, 1] (without
 *   `fromLogits`); `labelSmoothing` outside [0, 1); `classWeights` without exactly 2 entries.
 * @example
 * binaryCrossentropy(tensor([[0, 1], [0, 0]]), tensor([[0.6, 0.4], [0.4, 0.6]])).item(); // 0.815
 * const fromLogits = binaryCrossentropy.with({ fromLogits: true });
 * fromLogits(tensor([1, 0]), tensor([0, 0])).item(); // 0.6931…: log 2 for a logit of 0
 */
export const binaryCrossentropy: Loss<BinaryCrossentropyOptions> =
  defineLoss<BinaryCrossentropyOptions>({
    name: 'binaryCrossentropy',
    optionNames: ['fromLogits', 'labelSmoothing', 'classWeights'],
    checkOptions: (o) => {
      checkBoolean('binaryCrossentropy', 'fromLogits', o.fromLogits);
      checkLabelSmoothing('binaryCrossentropy', o.labelSmoothing);
      checkClassWeights('binaryCrossentropy', o.classWeights);
      if (o.classWeights)
        checkClassWeightsLength('binaryCrossentropy', o.classWeights, 2, 'binary classification');
    },
    perSample: (yTrue: Tensor, yPred: Tensor, o) => {
      const name = 'binaryCrossentropy';
      const labels = matchShapes(name, yTrue, yPred);
      assertProbabilities(name, 'yTrue', labels, '', true);
      const s = o.labelSmoothing ?? 0;
      const y = s > 0 ? add(mul(labels, 1 - s), 0.5 * s) : labels;
      let elementwise: Tensor;
      if (o.fromLogits) {
        elementwise = sub(softplus(yPred), mul(yPred, y));
      } else {
        assertProbabilities(name, 'yPred', yPred, ' (pass fromLogits: true for logits)', false);
        const p = clip(yPred, EPSILON, 1 - EPSILON);
        // −[y·log p + (1 − y)·log(1 − p)]
        elementwise = sub(mul(sub(y, 1), log(sub(1, p))), mul(y, log(p)));
      }
      if (o.classWeights) {
        const [w0, w1] = o.classWeights;
        const w = add(mul(labels, w1 - w0), w0);
        elementwise = mul(elementwise, w);
      }
      return meanLastAxis(elementwise);
    },
  });
