import { ShapeError, ValueError, formatShape } from '../errors.js';
import { ENGINE } from '../engine.js';
import { defineOp } from '../op.js';
import { normalizeAxis, sizeOf } from '../shape.js';
import type { Tensor } from '../tensor.js';

const RESHAPE = defineOp<{ shape: readonly number[] }>({
  id: 'reshape',
  infer: (_inputs, { shape }) => ({ shape, dtype: _inputs[0].dtype }),
  backward: (dy, { inputs: [x] }) => [reshape(dy, x.shape)],
});

/**
 * Same values, new shape; one dimension may be -1 (inferred). Free: the result shares storage.
 * @throws {ShapeError} when the sizes differ, naming both shapes.
 * @example reshape(arange(6), [2, -1]); // shape [2, 3]
 */
export function reshape(x: Tensor, shape: readonly number[]): Tensor {
  const out = shape.slice();
  const unknown = out.indexOf(-1);
  if (out.filter((d) => d === -1).length > 1)
    throw new ShapeError('reshape', `only one dimension may be -1, got ${formatShape(shape)}`);
  for (const d of out) {
    if (d !== -1 && (!Number.isInteger(d) || d < 0))
      throw new ShapeError('reshape', `invalid dimension ${d} in ${formatShape(shape)}`);
  }
  if (unknown >= 0) {
    const known = sizeOf(out.filter((d) => d !== -1));
    if (known === 0 || x.size % known !== 0) {
      throw new ShapeError(
        'reshape',
        `cannot reshape ${formatShape(x.shape)} (size ${x.size}) to ${formatShape(shape)}`,
      );
    }
    out[unknown] = x.size / known;
  }
  if (sizeOf(out) !== x.size) {
    throw new ShapeError(
      'reshape',
      `cannot reshape ${formatShape(x.shape)} (size ${x.size}) to ${formatShape(shape)} (size ${sizeOf(out)})`,
    );
  }
  return ENGINE.view(RESHAPE, x, out, { shape: out });
}

/**
 * Flattens axes `startAxis..endAxis` (all by default) into one.
 * @example flatten(zeros([2, 3, 4]), 1); // shape [2, 12]
 */
export function flatten(x: Tensor, startAxis = 0, endAxis = -1): Tensor {
  if (x.rank === 0) return reshape(x, [1]);
  const s = normalizeAxis('flatten', startAxis, x.rank);
  const e = normalizeAxis('flatten', endAxis, x.rank);
  if (s > e)
    throw new ValueError('flatten', `startAxis ${startAxis} comes after endAxis ${endAxis}`);
  return reshape(
    x,
    [...x.shape.slice(0, s), -1, ...x.shape.slice(e + 1)].map((d, i) =>
      i === s ? sizeOf(x.shape.slice(s, e + 1)) : d,
    ),
  );
}

/**
 * Removes axes of size 1 (all of them, or those named).
 * @throws {ShapeError} when a named axis is not of size 1.
 * @example squeeze(zeros([1, 3, 1])); // shape [3]
 */
export function squeeze(x: Tensor, axis?: number | readonly number[]): Tensor {
  const axes =
    axis === undefined
      ? x.shape.map((d, i) => (d === 1 ? i : -1)).filter((i) => i >= 0)
      : (typeof axis === 'number' ? [axis] : [...axis]).map((a) =>
          normalizeAxis('squeeze', a, x.rank),
        );
  for (const a of axes) {
    if (x.shape[a] !== 1)
      throw new ShapeError(
        'squeeze',
        `axis ${a} of shape ${formatShape(x.shape)} has size ${x.shape[a]}, not 1`,
      );
  }
  return reshape(
    x,
    x.shape.filter((_, i) => !axes.includes(i)),
  );
}

/**
 * Inserts an axis of size 1 at `axis` (negative counts from the end of the result).
 * @example expandDims(zeros([3]), 0); // shape [1, 3]
 */
export function expandDims(x: Tensor, axis = 0): Tensor {
  const a = normalizeAxis('expandDims', axis, x.rank + 1);
  const shape = x.shape.slice();
  shape.splice(a, 0, 1);
  return reshape(x, shape);
}
