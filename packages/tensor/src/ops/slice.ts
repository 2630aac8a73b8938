import { ShapeError, ValueError, formatShape } from '../errors.js';
import { defineOp, runOp } from '../op.js';
import { normalizeAxis } from '../shape.js';
import type { Tensor } from '../tensor.js';
import { pad } from './pad.js';

const SLICE = defineOp<{ begin: readonly number[]; size: readonly number[] }>({
  id: 'slice',
  infer: ([x], { size }) => ({ shape: size, dtype: x.dtype }),
  backward: (dy, { inputs: [x], attrs: { begin, size } }) => [
    pad(
      dy,
      begin.map((b, i) => [b, x.shape[i] - b - size[i]] as [number, number]),
    ),
  ],
});

/**
 * A block of `x` starting at `begin` with extent `size` per axis (-1: to the end). Shorter
 * `begin`/`size` leave the remaining axes whole.
 * @throws {ShapeError} when the block leaves the tensor.
 * @example slice(arange(10), [2], [3]); // [2, 3, 4]
 */
export function slice(x: Tensor, begin: readonly number[], size?: readonly number[]): Tensor {
  if (begin.length > x.rank || (size && size.length > x.rank)) {
    throw new ShapeError(
      'slice',
      `begin ${formatShape(begin)} / size ${formatShape(size ?? [])} have more axes than shape ${formatShape(x.shape)}`,
    );
  }
  const b = x.shape.map((_, i) => begin[i] ?? 0);
  const s = x.shape.map((d, i) => {
    const v = size?.[i] ?? -1;
    return v === -1 ? d - b[i] : v;
  });
  for (let i = 0; i < x.rank; i++) {
    if (
      !Number.isInteger(b[i]) ||
      !Number.isInteger(s[i]) ||
      b[i] < 0 ||
      s[i] < 0 ||
      b[i] + s[i] > x.shape[i]
    ) {
      throw new ShapeError(
        'slice',
        `begin ${formatShape(b)} with size ${formatShape(s)} is outside shape ${formatShape(x.shape)} (axis ${i})`,
      );
    }
  }
  if (s.every((d, i) => d === x.shape[i])) return x;
  return runOp(SLICE, [x], { begin: b, size: s });
}

/**
 * Splits `x` along `axis` into `sections` equal parts, or into parts of the given sizes.
 * @throws {ValueError} when the axis does not divide evenly or the sizes do not add up.
 * @example split(arange(6), 3).map((t) => t.toArray()); // [[0, 1], [2, 3], [4, 5]]
 */
export function split(x: Tensor, sections: number | readonly number[], axis = 0): Tensor[] {
  const a = normalizeAxis('split', axis, x.rank);
  const n = x.shape[a];
  let sizes: number[];
  if (typeof sections === 'number') {
    if (!Number.isInteger(sections) || sections <= 0 || n % sections !== 0) {
      throw new ValueError(
        'split',
        `axis ${a} of size ${n} does not split into ${sections} equal parts`,
      );
    }
    sizes = new Array(sections).fill(n / sections);
  } else {
    sizes = [...sections];
    const total = sizes.reduce((p, q) => p + q, 0);
    if (total !== n)
      throw new ValueError(
        'split',
        `sizes ${JSON.stringify(sizes)} add up to ${total}, but axis ${a} has size ${n}`,
      );
  }
  const out: Tensor[] = [];
  let offset = 0;
  for (const s of sizes) {
    const begin = x.shape.map((_, i) => (i === a ? offset : 0));
    const size = x.shape.map((d, i) => (i === a ? s : d));
    out.push(slice(x, begin, size));
    offset += s;
  }
  return out;
}
