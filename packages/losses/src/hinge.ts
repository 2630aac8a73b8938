import {
  type Tensor,
  ValueError,
  broadcastTo,
  equal,
  logicalOr,
  min,
  mul,
  relu,
  square,
  sub,
  where,
} from '@tsgrad/tensor';
import { matchShapes, readValues } from './checks.js';
import { type Loss, type LossOptions, defineLoss, meanLastAxis } from './loss.js';

/**
 * Labels as −1/1. Labels that are all 0/1 are mapped to −1/1 (y ↦ 2y − 1) as Keras does; labels
 * already in {−1, 1} are kept. Mixing the two conventions (−1 together with 0) is an error.
 */
function signedLabels(name: string, y: Tensor): Tensor {
  const values = readValues(y);
  if (!values) {
    // Asynchronous backends: Keras' rule, decided on the device.
    const isBinary = min(logicalOr(equal(y, 0), equal(y, 1)));
    return where(broadcastTo(isBinary, y.shape), sub(mul(y, 2), 1), y);
  }
  let zero = false;
  let minusOne = false;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v === 0) zero = true;
    else if (v === -1) minusOne = true;
    else if (v !== 1) {
      throw new ValueError(
        name,
        `yTrue must hold labels in {-1, 1} or {0, 1}, got ${v} at flat index ${i}`,
      );
    }
  }
  if (zero && minusOne)
    throw new ValueError(name, 'yTrue mixes labels 0 and -1; use {-1, 1} or {0, 1}');
  return zero ? sub(mul(y, 2), 1) : y;
}

/**
 * Hinge loss, mean over the last axis of max(1 − y·yPred, 0), for labels y in {−1, 1} (labels in
 * {0, 1} are converted, as in Keras) and real-valued scores `yPred`.
 *
 * Shapes: `yTrue` and `yPred` alike (`[N]`, `[N, 1]` or `[N, K]`). Per-sample losses `[N]`.
 *
 * @throws {ShapeError} when the shapes differ, naming both.
 * @throws {ValueError} for labels other than −1, 0, 1, or a mix of 0 and −1.
 * @example
 * hinge(tensor([[0, 1], [0, 0]]), tensor([[0.6, 0.4], [0.4, 0.6]])).item(); // 1.3
 */
export const hinge: Loss<LossOptions> = defineLoss<LossOptions>({
  name: 'hinge',
  optionNames: [],
  perSample: (yTrue: Tensor, yPred: Tensor) => {
    const y = signedLabels('hinge', matchShapes('hinge', yTrue, yPred));
    return meanLastAxis(relu(sub(1, mul(y, yPred))));
  },
});

/**
 * Squared hinge loss, mean over the last axis of max(1 − y·yPred, 0)²; labels as for `hinge`.
 *
 * @throws {ShapeError} when the shapes differ, naming both.
 * @throws {ValueError} for labels other than −1, 0, 1, or a mix of 0 and −1.
 * @example
 * squaredHinge(tensor([[0, 1], [0, 0]]), tensor([[0.6, 0.4], [0.4, 0.6]])).item(); // 1.86
 */
export const squaredHinge: Loss<LossOptions> = defineLoss<LossOptions>({
  name: 'squaredHinge',
  optionNames: [],
  perSample: (yTrue: Tensor, yPred: Tensor) => {
    const y = signedLabels('squaredHinge', matchShapes('squaredHinge', yTrue, yPred));
    return meanLastAxis(square(relu(sub(1, mul(y, yPred)))));
  },
});
