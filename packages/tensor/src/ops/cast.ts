import { type DType, assertDType, isFloat } from '../dtype.js';
import { defineOp, runOp } from '../op.js';
import type { Tensor } from '../tensor.js';

const CAST = defineOp<{ dtype: DType }>({
  id: 'cast',
  infer: ([x], { dtype }) => ({ shape: x.shape, dtype }),
  // Gradients pass through between float dtypes; integer casts cut the graph.
  backward: (dy, { inputs: [x] }) => [isFloat(x.dtype) ? cast(dy, x.dtype) : null],
});

/**
 * Converts to another dtype. Float → int truncates toward zero; anything → bool is `!= 0`.
 * Returns `x` itself when the dtype already matches.
 * @example cast(tensor([1.7, -1.7]), 'int32'); // [1, -1]
 */
export function cast(x: Tensor, dtype: DType): Tensor {
  assertDType('cast', dtype);
  if (x.dtype === dtype) return x;
  return runOp(CAST, [x], { dtype });
}
