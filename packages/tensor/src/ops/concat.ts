import { DTypeError, ShapeError, ValueError, formatShape } from '../errors.js';
import { defineOp, runOp } from '../op.js';
import { normalizeAxis } from '../shape.js';
import type { Tensor } from '../tensor.js';
import { expandDims } from './reshape.js';
import { slice } from './slice.js';

const CONCAT = defineOp<{ axis: number }>({
  id: 'concat',
  infer: (xs, { axis }) => {
    const first = xs[0];
    const shape = first.shape.slice();
    for (let k = 1; k < xs.length; k++) {
      const s = xs[k].shape;
      if (xs[k].dtype !== first.dtype) {
        throw new DTypeError(
          'concat',
          `all tensors need one dtype; tensor 0 is ${first.dtype}, tensor ${k} is ${xs[k].dtype}`,
        );
      }
      if (s.length !== shape.length || s.some((d, i) => i !== axis && d !== first.shape[i])) {
        throw new ShapeError(
          'concat',
          `tensor ${k} has shape ${formatShape(s)}, which does not match ${formatShape(first.shape)} outside axis ${axis}`,
        );
      }
      shape[axis] += s[axis];
    }
    return { shape, dtype: first.dtype };
  },
  backward: (dy, { inputs, attrs: { axis } }) => {
    let offset = 0;
    return inputs.map((x) => {
      const begin = x.shape.map((_, i) => (i === axis ? offset : 0));
      offset += x.shape[axis];
      return slice(dy, begin, x.shape);
    });
  },
});

/**
 * Joins tensors along an existing axis.
 * @throws {ShapeError} when shapes differ outside `axis`.
 * @example concat([zeros([2, 3]), ones([1, 3])], 0).shape; // [3, 3]
 */
export function concat(tensors: readonly Tensor[], axis = 0): Tensor {
  if (tensors.length === 0) throw new ValueError('concat', 'needs at least one tensor');
  if (tensors[0].rank === 0)
    throw new ShapeError('concat', 'cannot join rank-0 tensors along an axis; use stack()');
  const a = normalizeAxis('concat', axis, tensors[0].rank);
  if (tensors.length === 1) return tensors[0];
  return runOp(CONCAT, tensors, { axis: a });
}

/**
 * Joins tensors of one shape along a new axis.
 * @example stack([tensor([1, 2]), tensor([3, 4])], 1); // [[1, 3], [2, 4]]
 */
export function stack(tensors: readonly Tensor[], axis = 0): Tensor {
  if (tensors.length === 0) throw new ValueError('stack', 'needs at least one tensor');
  const shape = tensors[0].shape;
  tensors.forEach((t, k) => {
    if (t.shape.length !== shape.length || t.shape.some((d, i) => d !== shape[i])) {
      throw new ShapeError(
        'stack',
        `tensor ${k} has shape ${formatShape(t.shape)}, tensor 0 has ${formatShape(shape)}`,
      );
    }
  });
  const a = normalizeAxis('stack', axis, shape.length + 1);
  return concat(
    tensors.map((t) => expandDims(t, a)),
    a,
  );
}
