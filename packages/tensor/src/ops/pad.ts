import { ShapeError, formatShape } from '../errors.js';
import { defineOp, runOp } from '../op.js';
import type { Tensor } from '../tensor.js';
import { slice } from './slice.js';

const PAD = defineOp<{ paddings: readonly (readonly [number, number])[]; value: number }>({
  id: 'pad',
  infer: ([x], { paddings }) => ({
    shape: x.shape.map((d, i) => d + paddings[i][0] + paddings[i][1]),
    dtype: x.dtype,
  }),
  backward: (dy, { inputs: [x], attrs: { paddings } }) => [
    slice(
      dy,
      paddings.map((p) => p[0]),
      x.shape,
    ),
  ],
});

/**
 * Pads each axis with `[before, after]` elements of `value` (0 by default).
 * @throws {ShapeError} when `paddings` does not have one non-negative pair per axis.
 * @example pad(tensor([1, 2]), [[1, 2]]); // [0, 1, 2, 0, 0]
 */
export function pad(
  x: Tensor,
  paddings: readonly (readonly [number, number])[],
  value = 0,
): Tensor {
  if (
    paddings.length !== x.rank ||
    paddings.some((p) => p.length !== 2 || p.some((v) => !Number.isInteger(v) || v < 0))
  ) {
    throw new ShapeError(
      'pad',
      `paddings ${JSON.stringify(paddings)} must hold one [before, after] pair of integers >= 0 per axis of shape ${formatShape(x.shape)}`,
    );
  }
  if (paddings.every(([a, b]) => a === 0 && b === 0)) return x;
  return runOp(PAD, [x], { paddings: paddings.map((p) => [p[0], p[1]] as const), value });
}
