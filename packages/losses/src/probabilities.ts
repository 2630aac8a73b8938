import { ShapeError, type Tensor, clip, div, log, logSoftmax, sum } from '@tsgrad/tensor';
import { assertProbabilities } from './checks.js';
import { EPSILON } from './constants.js';

/**
 * @internal log-probabilities over the last axis: logSoftmax of logits, or, from probabilities,
 * Keras' recipe — rescale each row to sum to 1, clip to [1e-7, 1 − 1e-7], take the log.
 */
export function logProbabilities(name: string, yPred: Tensor, fromLogits: boolean): Tensor {
  if (yPred.rank === 0)
    throw new ShapeError(name, 'yPred must have a class axis (rank >= 1), got a scalar');
  if (fromLogits) return logSoftmax(yPred, -1);
  assertProbabilities(name, 'yPred', yPred, ' (pass fromLogits: true for logits)', false);
  const p = div(yPred, sum(yPred, -1, true));
  return log(clip(p, EPSILON, 1 - EPSILON));
}
