import { arange } from '../creation.js';
import { floatOf, isFloat } from '../dtype.js';
import { ENGINE } from '../engine.js';
import { ShapeError, formatShape } from '../errors.js';
import { defineOp, runOp } from '../op.js';
import type { Tensor } from '../tensor.js';
import { add, mul, sub } from './binary.js';
import { cast } from './cast.js';
import { assertIndices, gather, oneHot } from './gather.js';
import { expandDims, reshape } from './reshape.js';
import { logSoftmax, softmax } from './softmax.js';
import { neg } from './unary.js';

/**
 * The optional fused kernel `softmaxCrossEntropy`: per row of logits [N, C] and its int32 label,
 * −logSoftmax(x)[label] in one pass (the shift, the log-sum-exp, one subtraction) where the
 * composite runs logSoftmax, a gather and a negation, and makes the [N, C] log-probabilities.
 * Each loss goes through the float operations of the composite in its order, so results are
 * bit-identical to it. The gradient, dy·(softmax(x) − onehot(label)), is written with public ops
 * (so it runs anywhere and can itself be differentiated); labels get none.
 */
const SOFTMAX_CROSS_ENTROPY = defineOp({
  id: 'softmaxCrossEntropy',
  infer: ([x]) => ({ shape: x.shape.slice(0, -1), dtype: x.dtype }),
  backward: (dy, { inputs: [x, labels] }) => [
    mul(expandDims(dy, -1), sub(softmax(x), oneHot(labels, x.shape[1], { dtype: x.dtype }))),
    null,
  ],
});

/**
 * Softmax cross-entropy of logits against integer labels, per sample: −log softmax(x)[label] =
 * logSumExp(x) − x[label], stable for any magnitude of logits. One fused kernel on backends
 * with `softmaxCrossEntropy` (the WebAssembly, gpu.js and fused-CPU backends); otherwise
 * `logSoftmax` and a gather, the reference, with the same values and gradients. The loss
 * functions of `@tsgrad/losses` use it for integer labels from logits.
 *
 * Shapes: logits [N, C] (float; int32 logits are cast to float32), labels int32 [N] in [0, C);
 * result [N], the logits' float dtype.
 * @throws {ShapeError} when logits are not rank 2 or labels do not have shape [N].
 * @throws {DTypeError} for labels that are not int32.
 * @throws {ValueError} for a label outside [0, C), on backends that read synchronously (GPU
 *   backends would have to download the labels; there a bad label gives a meaningless loss).
 * @example
 * import { softmaxCrossEntropy, tensor } from '@tsgrad/tensor';
 * softmaxCrossEntropy(tensor([[0, 0], [0, 1000]]), tensor([0, 1], undefined, 'int32')).toArray();
 * // [0.6931…, -0]
 */
export function softmaxCrossEntropy(logits: Tensor, labels: Tensor): Tensor {
  if (logits.rank !== 2 || labels.rank !== 1 || labels.shape[0] !== logits.shape[0])
    throw new ShapeError(
      'softmaxCrossEntropy',
      `needs logits [N, C] and labels [N]; got logits ${formatShape(logits.shape)} and labels ${formatShape(labels.shape)}`,
    );
  const [n, c] = logits.shape;
  if (c === 0)
    throw new ShapeError(
      'softmaxCrossEntropy',
      `logits have no classes (shape ${formatShape(logits.shape)})`,
    );
  assertIndices('softmaxCrossEntropy', labels, c, 1);
  const x = isFloat(logits.dtype) ? logits : cast(logits, floatOf(logits.dtype));
  if (ENGINE.backend.kernels.softmaxCrossEntropy)
    return runOp(SOFTMAX_CROSS_ENTROPY, [x, labels], undefined);
  // Picking −logp[i, label_i] from the flat log-probabilities: exact, and unlike a product with
  // one-hot targets it does not turn a −Infinity logit of another class into NaN.
  const flat = add(mul(arange(0, n, 1, 'int32'), c), labels);
  return neg(gather(reshape(logSoftmax(x), [-1]), flat));
}
