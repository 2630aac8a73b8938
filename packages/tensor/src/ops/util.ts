import { toTensor } from '../creation.js';
import type { Tensor } from '../tensor.js';

/** A scalar of `like`'s dtype (float dtypes stay float64 in gradient checks). */
export function scalarLike(like: Tensor, value: number): Tensor {
  return toTensor('scalar', value, like.dtype === 'bool' ? 'float32' : like.dtype);
}
