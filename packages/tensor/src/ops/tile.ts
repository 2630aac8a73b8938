import { ValueError } from '../errors.js';
import type { Tensor } from '../tensor.js';
import { broadcastTo } from './broadcast-to.js';
import { reshape } from './reshape.js';

/**
 * Repeats `x` `reps[i]` times along axis i. Composed from reshape and broadcastTo, so its
 * gradient (a sum over the copies) comes for free.
 * @throws {ValueError} when `reps` has the wrong length or non-positive entries.
 * @example tile(tensor([1, 2]), [2]); // [1, 2, 1, 2]
 */
export function tile(x: Tensor, reps: readonly number[]): Tensor {
  if (reps.length !== x.rank || reps.some((r) => !Number.isInteger(r) || r < 1)) {
    throw new ValueError(
      'tile',
      `reps ${JSON.stringify(reps)} must hold one integer >= 1 per axis of a rank-${x.rank} tensor`,
    );
  }
  // [a, b] → [1, a, 1, b] → [r0, a, r1, b] → [r0·a, r1·b]
  const interleaved = x.shape.flatMap((d) => [1, d]);
  const target = x.shape.flatMap((d, i) => [reps[i], d]);
  return reshape(
    broadcastTo(reshape(x, interleaved), target),
    x.shape.map((d, i) => d * reps[i]),
  );
}
