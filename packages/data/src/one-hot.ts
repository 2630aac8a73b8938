import { type DType, type Tensor, tensor } from '@tsgrad/tensor';
import { type Labels, readClassIndices } from './inputs.js';

/**
 * One-hot encodes integer class labels `[N]` into a `[N, numClasses]` tensor (float32 by
 * default) — from a number array, a typed array or an int32 tensor, with each label checked.
 *
 * @throws {ValueError} for a label that is not an integer in `[0, numClasses)`, or a
 *   `numClasses` below 1; {ShapeError} for a label tensor that is not 1-D.
 * @example
 * oneHot([0, 2, 1], 3).toArray(); // [[1, 0, 0], [0, 0, 1], [0, 1, 0]]
 * oneHot(mnist.train.labels, 10); // [60000, 10]
 */
export function oneHot(labels: Labels, numClasses: number, opts: { dtype?: DType } = {}): Tensor {
  const { y } = readClassIndices('oneHot', labels, numClasses);
  const dtype = opts.dtype ?? 'float32';
  const out = new (
    dtype === 'float64'
      ? Float64Array
      : dtype === 'int32'
        ? Int32Array
        : dtype === 'bool'
          ? Uint8Array
          : Float32Array
  )(y.length * numClasses);
  for (let i = 0; i < y.length; i++) out[i * numClasses + y[i]] = 1;
  return tensor(out, [y.length, numClasses], dtype);
}
