import { ShapeError, formatShape } from '../errors.js';
import { defineOp, runOp } from '../op.js';
import { broadcastShapes, shapesEqual } from '../shape.js';
import type { Tensor } from '../tensor.js';
import { unbroadcast } from './binary.js';

const BROADCAST_TO = defineOp<{ shape: readonly number[] }>({
  id: 'broadcastTo',
  infer: ([x], { shape }) => {
    const b = broadcastShapes('broadcastTo', x.shape, shape);
    if (!shapesEqual(b, shape)) {
      throw new ShapeError(
        'broadcastTo',
        `cannot broadcast ${formatShape(x.shape)} to ${formatShape(shape)}`,
      );
    }
    return { shape, dtype: x.dtype };
  },
  backward: (dy, { inputs: [x] }) => [unbroadcast(dy, x.shape)],
});

/**
 * Repeats `x` along axes of size 1 (and new leading axes) to reach `shape`.
 * @example broadcastTo(tensor([1, 2]), [3, 2]); // [[1, 2], [1, 2], [1, 2]]
 */
export function broadcastTo(x: Tensor, shape: readonly number[]): Tensor {
  if (shapesEqual(x.shape, shape)) return x;
  return runOp(BROADCAST_TO, [x], { shape: shape.slice() });
}
