import { ShapeError, ValueError, formatShape } from './errors.js';

export type Shape = readonly number[];

/**
 * The number of elements of a tensor of `shape`: the product of its dimensions (1 for a
 * scalar `[]`, 0 when a dimension is 0).
 * @example
 * sizeOf([2, 3, 4]); // 24
 * sizeOf([]); // 1
 */
export function sizeOf(shape: Shape): number {
  let n = 1;
  for (const d of shape) n *= d;
  return n;
}

/** Row-major strides: the step in elements for each axis. */
export function stridesOf(shape: Shape): number[] {
  const strides = new Array<number>(shape.length);
  let s = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    strides[i] = s;
    s *= shape[i];
  }
  return strides;
}

export function shapesEqual(a: Shape, b: Shape): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

export function assertValidShape(op: string, shape: unknown): number[] {
  if (!Array.isArray(shape))
    throw new ShapeError(op, `shape must be an array of integers, got ${String(shape)}`);
  for (const d of shape) {
    if (!Number.isInteger(d) || d < 0) {
      throw new ShapeError(
        op,
        `shape ${formatShape(shape)} has an invalid dimension ${d}; dimensions are integers >= 0`,
      );
    }
  }
  return shape.slice();
}

/**
 * NumPy broadcasting of two shapes: align right, each pair of dimensions must be equal or one.
 *
 * @throws {ShapeError} naming the op, both shapes and the first axis (from the right) that clash.
 * @example
 * broadcastShapes('add', [4, 1, 3], [2, 1]); // [4, 2, 3]
 * broadcastShapes('add', [3], []); // [3]
 */
export function broadcastShapes(op: string, a: Shape, b: Shape): number[] {
  const rank = Math.max(a.length, b.length);
  const out = new Array<number>(rank);
  for (let i = 1; i <= rank; i++) {
    const da = i <= a.length ? a[a.length - i] : 1;
    const db = i <= b.length ? b[b.length - i] : 1;
    if (da !== db && da !== 1 && db !== 1) {
      throw new ShapeError(
        op,
        `cannot broadcast ${formatShape(a)} with ${formatShape(b)} (axis -${i}: ${da} vs ${db})`,
      );
    }
    out[rank - i] = da === 1 ? db : da;
  }
  return out;
}

/** Resolves a possibly negative axis against a rank. */
export function normalizeAxis(op: string, axis: number, rank: number): number {
  if (!Number.isInteger(axis) || axis < -rank || axis >= Math.max(rank, 1)) {
    throw new ValueError(op, `axis ${axis} is out of range for a tensor of rank ${rank}`);
  }
  return axis < 0 ? axis + rank : axis;
}

/** Resolves `axis` (one, several, or undefined for all) to a sorted list of distinct axes. */
export function normalizeAxes(
  op: string,
  axis: number | readonly number[] | undefined,
  rank: number,
): number[] {
  if (axis === undefined) return Array.from({ length: rank }, (_, i) => i);
  const list = typeof axis === 'number' ? [axis] : [...axis];
  const out = list.map((a) => normalizeAxis(op, a, rank));
  if (new Set(out).size !== out.length)
    throw new ValueError(op, `repeated axis in ${JSON.stringify(list)}`);
  return out.sort((x, y) => x - y);
}

/** The shape of a reduction over `axes`. */
export function reducedShape(shape: Shape, axes: readonly number[], keepDims: boolean): number[] {
  const out: number[] = [];
  for (let i = 0; i < shape.length; i++) {
    if (axes.includes(i)) {
      if (keepDims) out.push(1);
    } else out.push(shape[i]);
  }
  return out;
}
