import { type Tensor, add, formatShape, mul, neg, sum, tensor } from '@tsgrad/tensor';
import {
  assertProbabilities,
  checkBoolean,
  checkClassWeights,
  checkClassWeightsLength,
  checkLabelSmoothing,
  matchShapes,
} from './checks.js';
import { type Loss, type LossOptions, defineLoss } from './loss.js';
import { logProbabilities } from './probabilities.js';

/**
 * Options of `categoricalCrossentropy` (besides `reduction` and `sampleWeight`, see
 * `LossOptions`): bound with `.with(options)` or passed per call.
 * @example
 * import { tensor } from '@tsgrad/tensor';
 * import { type CategoricalCrossentropyOptions, categoricalCrossentropy } from '@tsgrad/losses';
 * const options: CategoricalCrossentropyOptions = { fromLogits: true, labelSmoothing: 0.1 };
 * const loss = categoricalCrossentropy.with(options);
 * loss(tensor([[0, 1]]), tensor([[0, 0]])).item(); // 0.6931…: log 2, whatever the smoothing
 */
export interface CategoricalCrossentropyOptions extends LossOptions {
  /** `yPred` holds logits rather than probabilities (default false). */
  fromLogits?: boolean;
  /** Mixes the one-hot targets with the uniform distribution: y·(1 − s) + s/C (default 0). */
  labelSmoothing?: number;
  /**
   * One weight per class; a sample's weight is Σ yᵢ·wᵢ over its (unsmoothed) target, i.e. the
   * weight of its class for one-hot targets.
   */
  classWeights?: number[];
}

/**
 * Categorical cross-entropy −Σ y·log p over the last (class) axis, for one-hot or soft targets.
 *
 * From probabilities (default), each row of `yPred` is rescaled to sum to 1 and clipped to
 * [1e-7, 1 − 1e-7] as in Keras. With `fromLogits: true` it uses logSoftmax: fused and stable for
 * any logits.
 *
 * Shapes: `yTrue` and `yPred` alike, `[N, C]` (or `[C]` for one sample). Per-sample losses `[N]`.
 *
 * @throws {ShapeError} when the shapes differ, naming both.
 * @throws {ValueError} for targets outside [0, 1] or NaN; probabilities outside [0, 1] (without
 *   `fromLogits`); `labelSmoothing` outside [0, 1); `classWeights` not of length C.
 * @example
 * categoricalCrossentropy(
 *   tensor([[0, 1, 0], [0, 0, 1]]),
 *   tensor([[0.05, 0.95, 0], [0.1, 0.8, 0.1]]),
 * ).item(); // 1.177
 */
export const categoricalCrossentropy: Loss<CategoricalCrossentropyOptions> =
  defineLoss<CategoricalCrossentropyOptions>({
    name: 'categoricalCrossentropy',
    optionNames: ['fromLogits', 'labelSmoothing', 'classWeights'],
    checkOptions: (o) => {
      checkBoolean('categoricalCrossentropy', 'fromLogits', o.fromLogits);
      checkLabelSmoothing('categoricalCrossentropy', o.labelSmoothing);
      checkClassWeights('categoricalCrossentropy', o.classWeights);
    },
    perSample: (yTrue: Tensor, yPred: Tensor, o) => {
      const name = 'categoricalCrossentropy';
      const labels = matchShapes(name, yTrue, yPred);
      assertProbabilities(name, 'yTrue', labels, '', true);
      const logp = logProbabilities(name, yPred, o.fromLogits ?? false);
      const numClasses = yPred.shape[yPred.rank - 1];
      const s = o.labelSmoothing ?? 0;
      const y = s > 0 ? add(mul(labels, 1 - s), s / numClasses) : labels;
      let perSample = neg(sum(mul(y, logp), -1));
      if (o.classWeights) {
        checkClassWeightsLength(
          name,
          o.classWeights,
          numClasses,
          `yPred of shape ${formatShape(yPred.shape)}`,
        );
        const w = tensor(o.classWeights, [numClasses], yPred.dtype);
        perSample = mul(perSample, sum(mul(labels, w), -1));
      }
      return perSample;
    },
  });
