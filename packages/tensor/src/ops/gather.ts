import { DTypeError, ShapeError, ValueError, formatShape } from '../errors.js';
import type { DType } from '../dtype.js';
import { defineOp, runOp } from '../op.js';
import { normalizeAxis } from '../shape.js';
import type { Tensor } from '../tensor.js';
import { zeros } from '../creation.js';

export function assertIndices(op: string, indices: Tensor, limit: number, axis: number): void {
  if (indices.dtype !== 'int32')
    throw new DTypeError(op, `indices must be int32, got ${indices.dtype}`);
  // Range errors are caught here on backends that read synchronously (the CPU); GPU backends
  // would have to download the indices, so there an out-of-range index gives zeros instead.
  if (!indices.backend.readSync) return;
  const idx = indices.backend.readSync(indices.dataId);
  for (let i = 0; i < idx.length; i++) {
    if (idx[i] < 0 || idx[i] >= limit) {
      throw new ValueError(
        op,
        `index ${idx[i]} (at position ${i}) is out of range for axis ${axis} of size ${limit}`,
      );
    }
  }
}

const GATHER = defineOp<{ axis: number }>({
  id: 'gather',
  infer: ([x, i], { axis }) => ({
    shape: [...x.shape.slice(0, axis), ...i.shape, ...x.shape.slice(axis + 1)],
    dtype: x.dtype,
  }),
  backward: (dy, { inputs: [x, i], attrs: { axis } }) => [
    scatterAdd(zeros(x.shape, x.dtype), i, dy, axis),
    null,
  ],
});

/**
 * Picks slices of `x` along `axis` by integer `indices` (any shape): the result's shape is
 * x.shape[:axis] + indices.shape + x.shape[axis+1:]. Repeated indices accumulate gradient.
 * @throws {ValueError} for an index outside the axis; {DTypeError} for non-int32 indices.
 * @example gather(tensor([[1, 2], [3, 4], [5, 6]]), tensor([2, 0], undefined, 'int32')); // [[5, 6], [1, 2]]
 */
export function gather(x: Tensor, indices: Tensor, axis = 0): Tensor {
  const a = normalizeAxis('gather', axis, x.rank);
  assertIndices('gather', indices, x.shape[a], a);
  return runOp(GATHER, [x, indices], { axis: a });
}

const SCATTER_ADD = defineOp<{ axis: number }>({
  id: 'scatterAdd',
  infer: ([x, i, u], { axis }) => {
    const expected = [...x.shape.slice(0, axis), ...i.shape, ...x.shape.slice(axis + 1)];
    if (expected.length !== u.shape.length || expected.some((d, k) => d !== u.shape[k])) {
      throw new ShapeError(
        'scatterAdd',
        `updates have shape ${formatShape(u.shape)}; for x ${formatShape(x.shape)} and indices ${formatShape(i.shape)} along axis ${axis} they need ${formatShape(expected)}`,
      );
    }
    if (u.dtype !== x.dtype)
      throw new DTypeError('scatterAdd', `updates are ${u.dtype} but x is ${x.dtype}`);
    return { shape: x.shape, dtype: x.dtype as DType };
  },
  backward: (dy, { inputs: [, i], attrs: { axis } }) => [dy, null, gather(dy, i, axis)],
});

/**
 * Adds `updates` into a copy of `x` at `indices` along `axis`; repeated indices add up. The
 * inverse of `gather` (and its gradient).
 * @throws {ShapeError} when `updates` does not have the gathered shape.
 * @example scatterAdd(zeros([3]), tensor([0, 0, 2], undefined, 'int32'), tensor([1, 2, 5])); // [3, 0, 5]
 */
export function scatterAdd(x: Tensor, indices: Tensor, updates: Tensor, axis = 0): Tensor {
  const a = normalizeAxis('scatterAdd', axis, x.rank);
  assertIndices('scatterAdd', indices, x.shape[a], a);
  return runOp(SCATTER_ADD, [x, indices, updates], { axis: a });
}

const ONE_HOT = defineOp<{ depth: number; onValue: number; offValue: number; dtype: DType }>({
  id: 'oneHot',
  infer: ([i], { depth, dtype }) => ({ shape: [...i.shape, depth], dtype }),
});

/**
 * One-hot encodes int32 labels into a new last axis of size `depth`.
 * @throws {ValueError} for a label outside [0, depth).
 * @example oneHot(tensor([0, 2], undefined, 'int32'), 3); // [[1, 0, 0], [0, 0, 1]]
 */
export function oneHot(
  indices: Tensor,
  depth: number,
  opts: { onValue?: number; offValue?: number; dtype?: DType } = {},
): Tensor {
  if (!Number.isInteger(depth) || depth < 1)
    throw new ValueError('oneHot', `depth must be an integer >= 1, got ${depth}`);
  assertIndices('oneHot', indices, depth, indices.rank);
  return runOp(ONE_HOT, [indices], {
    depth,
    onValue: opts.onValue ?? 1,
    offValue: opts.offValue ?? 0,
    dtype: opts.dtype ?? 'float32',
  });
}
