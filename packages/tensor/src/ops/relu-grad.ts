import { ENGINE } from '../engine.js';
import { defineOp, runOp } from '../op.js';
import type { Tensor } from '../tensor.js';
import { greater, mul } from './binary.js';
import { cast } from './cast.js';

/**
 * The optional fused kernel `reluGrad`: dy · (x > 0 ? 1 : 0) in one pass, where the composite
 * below makes a bool mask, casts it and multiplies (three kernels and two temporaries the size
 * of the activation). Promoted for speed: ReLU's backward runs once per layer per step. The
 * product is a real multiplication, so NaN in dy propagates exactly as in the composite, which
 * is the reference.
 */
const RELU_GRAD = defineOp({
  id: 'reluGrad',
  infer: ([dy]) => ({ shape: dy.shape, dtype: dy.dtype }),
  // Linear in dy (the same mask); the mask is piecewise constant in x, so x gets no gradient.
  backward: (g, { inputs: [, x] }) => [reluGrad(g, x), null],
});

/**
 * The gradient of `relu` at x for an upstream gradient dy: dy where x > 0, 0 elsewhere (at 0,
 * at −0 and at NaN too). What `relu`'s backward rule computes; one fused kernel on backends that
 * provide `reluGrad`, otherwise `mul(dy, cast(greater(x, 0), x.dtype))`.
 *
 * Shapes: dy and x the same shape; result that shape, dy's dtype.
 * @example reluGrad(tensor([1, 1, 1]), tensor([-2, 0, 3])); // [0, 0, 1]
 */
export function reluGrad(dy: Tensor, x: Tensor): Tensor {
  const fused =
    ENGINE.backend.kernels.reluGrad !== undefined &&
    dy.dtype === x.dtype &&
    dy.rank === x.rank &&
    dy.shape.every((d, i) => d === x.shape[i]);
  if (fused) return runOp(RELU_GRAD, [dy, x], undefined);
  return mul(dy, cast(greater(x, 0), x.dtype));
}
