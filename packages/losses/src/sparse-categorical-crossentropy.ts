import {
  DTypeError,
  ShapeError,
  type Tensor,
  ValueError,
  add,
  cast,
  formatShape,
  gather,
  mul,
  neg,
  oneHot,
  reshape,
  softmaxCrossEntropy,
  sum,
  tensor,
} from '@tsgrad/tensor';
import {
  checkBoolean,
  checkClassWeights,
  checkClassWeightsLength,
  checkLabelSmoothing,
  readValues,
  sameShape,
} from './checks.js';
import { type Loss, type LossOptions, defineLoss } from './loss.js';
import { logProbabilities } from './probabilities.js';

/**
 * Options of `sparseCategoricalCrossentropy` (besides `reduction` and `sampleWeight`, see
 * `LossOptions`): bound with `.with(options)` or passed per call.
 * @example
 * import { tensor } from '@tsgrad/tensor';
 * import { type SparseCategoricalCrossentropyOptions, sparseCategoricalCrossentropy } from '@tsgrad/losses';
 * const options: SparseCategoricalCrossentropyOptions = { fromLogits: true, classWeights: [1, 2] };
 * const labels = tensor([0, 1], undefined, 'int32');
 * sparseCategoricalCrossentropy(labels, tensor([[0, 0], [0, 0]]), options).item(); // 1.0397…: (1 + 2)·log 2 / 2
 */
export interface SparseCategoricalCrossentropyOptions extends LossOptions {
  /** `yPred` holds logits rather than probabilities (default false). */
  fromLogits?: boolean;
  /** Mixes the one-hot targets with the uniform distribution: y·(1 − s) + s/C (default 0). */
  labelSmoothing?: number;
  /** One weight per class; each sample is weighted by its label's weight. */
  classWeights?: number[];
}

/**
 * Categorical cross-entropy with integer labels: −log p[label] for each sample. With
 * `fromLogits: true` it is logSumExp(logits) − logit[label] (`softmaxCrossEntropy`: one fused
 * kernel on the WebAssembly and gpu.js backends, and stable); from probabilities,
 * rows are rescaled to sum to 1 and clipped to [1e-7, 1 − 1e-7] as in Keras.
 *
 * Shapes: `yTrue` int32 labels `[N]` or `[N, 1]` (float labels holding whole numbers are
 * accepted), `yPred` `[N, C]`. More generally labels have `yPred`'s shape without the class axis,
 * optionally with a trailing 1. Per-sample losses `[N]`.
 *
 * @throws {ValueError} for a label outside [0, C) (on backends that read synchronously), NaN or
 *   fractional labels, probabilities outside [0, 1] (without `fromLogits`), `labelSmoothing`
 *   outside [0, 1), `classWeights` not of length C.
 * @throws {ShapeError} when the label shape does not fit `yPred`.
 * @example
 * sparseCategoricalCrossentropy(
 *   tensor([1, 2], undefined, 'int32'),
 *   tensor([[0.05, 0.95, 0], [0.1, 0.8, 0.1]]),
 * ).item(); // 1.177
 * const fromLogits = sparseCategoricalCrossentropy.with({ fromLogits: true });
 * fromLogits(tensor([0], undefined, 'int32'), tensor([[0, 0, 0]])).item(); // 1.0986…: log 3
 */
export const sparseCategoricalCrossentropy: Loss<SparseCategoricalCrossentropyOptions> =
  defineLoss<SparseCategoricalCrossentropyOptions>({
    name: 'sparseCategoricalCrossentropy',
    optionNames: ['fromLogits', 'labelSmoothing', 'classWeights'],
    checkOptions: (o) => {
      checkBoolean('sparseCategoricalCrossentropy', 'fromLogits', o.fromLogits);
      checkLabelSmoothing('sparseCategoricalCrossentropy', o.labelSmoothing);
      checkClassWeights('sparseCategoricalCrossentropy', o.classWeights);
    },
    perSample: (yTrue: Tensor, yPred: Tensor, o) => {
      const name = 'sparseCategoricalCrossentropy';
      if (yPred.rank === 0)
        throw new ShapeError(name, 'yPred must have a class axis (rank >= 1), got a scalar');
      const numClasses = yPred.shape[yPred.rank - 1];
      if (o.classWeights)
        checkClassWeightsLength(
          name,
          o.classWeights,
          numClasses,
          `yPred of shape ${formatShape(yPred.shape)}`,
        );
      const labels = integerLabels(name, yTrue, yPred, numClasses);
      const s = o.labelSmoothing ?? 0;
      let perSample: Tensor;
      if (o.fromLogits && s === 0 && numClasses > 0) {
        // logSumExp − the label's logit, one fused kernel where the backend has it.
        const rows = reshape(yPred, [-1, numClasses]);
        perSample = reshape(softmaxCrossEntropy(rows, reshape(labels, [-1])), labels.shape);
      } else {
        const logp = logProbabilities(name, yPred, o.fromLogits ?? false);
        let target = oneHot(labels, numClasses, { dtype: yPred.dtype });
        if (s > 0) target = add(mul(target, 1 - s), s / numClasses);
        perSample = neg(sum(mul(target, logp), -1));
      }
      if (o.classWeights)
        perSample = mul(
          perSample,
          gather(tensor(o.classWeights, [numClasses], yPred.dtype), labels),
        );
      return perSample;
    },
  });

/** Checks the labels' shape, dtype and range; returns them int32 with the per-sample shape. */
function integerLabels(name: string, yTrue: Tensor, yPred: Tensor, numClasses: number): Tensor {
  const want = yPred.shape.slice(0, -1);
  let labels = yTrue;
  if (!sameShape(labels.shape, want)) {
    if (
      labels.rank === want.length + 1 &&
      labels.shape[labels.rank - 1] === 1 &&
      sameShape(labels.shape.slice(0, -1), want)
    ) {
      labels = reshape(labels, want);
    } else {
      throw new ShapeError(
        name,
        `yTrue has shape ${formatShape(yTrue.shape)} but yPred has shape ${formatShape(yPred.shape)}; expected integer labels of shape ${formatShape(want)} or ${formatShape([...want, 1])}`,
      );
    }
  }
  if (labels.dtype === 'bool')
    throw new DTypeError(name, 'yTrue must hold integer class labels, got a bool tensor');
  const values = readValues(labels);
  if (values) {
    for (let i = 0; i < values.length; i++) {
      const v = values[i];
      if (Number.isNaN(v)) throw new ValueError(name, `yTrue contains NaN (at flat index ${i})`);
      if (!Number.isInteger(v))
        throw new ValueError(name, `label ${v} (at flat index ${i}) is not a whole number`);
      if (v < 0 || v >= numClasses) {
        throw new ValueError(
          name,
          `label ${v} is out of range for ${numClasses} classes (at flat index ${i})`,
        );
      }
    }
  }
  return cast(labels, 'int32');
}
