import { ValueError } from '../errors.js';
import { defineOp, runOp } from '../op.js';
import { normalizeAxis } from '../shape.js';
import type { Tensor } from '../tensor.js';

const TRANSPOSE = defineOp<{ perm: readonly number[] }>({
  id: 'transpose',
  infer: ([x], { perm }) => ({ shape: perm.map((p) => x.shape[p]), dtype: x.dtype }),
  backward: (dy, { attrs: { perm } }) => {
    const inv = new Array<number>(perm.length);
    perm.forEach((p, i) => {
      inv[p] = i;
    });
    return [transpose(dy, inv)];
  },
});

/**
 * Permutes axes: output axis i is input axis `perm[i]`. Reverses the axes when `perm` is omitted.
 * @throws {ValueError} when `perm` is not a permutation of the axes.
 * @example transpose(zeros([2, 3, 4]), [0, 2, 1]).shape; // [2, 4, 3]
 */
export function transpose(x: Tensor, perm?: readonly number[]): Tensor {
  const p = perm
    ? perm.map((a) => normalizeAxis('transpose', a, x.rank))
    : x.shape.map((_, i) => x.rank - 1 - i);
  if (p.length !== x.rank || new Set(p).size !== p.length) {
    throw new ValueError(
      'transpose',
      `perm ${JSON.stringify(perm)} is not a permutation of ${x.rank} axes`,
    );
  }
  if (p.every((a, i) => a === i)) return x;
  return runOp(TRANSPOSE, [x], { perm: p });
}

/** Alias of `transpose` with an explicit permutation (PyTorch's name). @example permute(x, [1, 0]); */
export function permute(x: Tensor, perm: readonly number[]): Tensor {
  return transpose(x, perm);
}
