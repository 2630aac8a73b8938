import { ENGINE } from '../engine.js';
import { DTypeError, ShapeError, ValueError, formatShape } from '../errors.js';
import { isFloat } from '../dtype.js';
import { defineOp, runOp } from '../op.js';
import { broadcastShapes } from '../shape.js';
import type { Tensor } from '../tensor.js';
import { add } from './binary.js';
import { matmul } from './matmul.js';
import { sum } from './reduce.js';
import { reluGrad } from './relu-grad.js';
import { relu, sigmoid, tanh } from './unary.js';

/** The activations `fusedMatmul` applies after the bias. */
export type FusedActivation = 'linear' | 'relu' | 'sigmoid' | 'tanh';

/**
 * The activations `fusedMatmul` applies (what a caller can pass as `activation`).
 * @example
 * import { FUSED_ACTIVATIONS } from '@tsgrad/tensor';
 * FUSED_ACTIVATIONS.includes('relu'); // true
 */
export const FUSED_ACTIVATIONS: readonly FusedActivation[] = ['linear', 'relu', 'sigmoid', 'tanh'];

/** Attributes of the optional `fusedMatmul` kernel: C = act(A·B + bias), A [M,K], B [K,N]. */
export interface FusedMatmulAttrs {
  /** Whether a third input, the bias [N], is added to every row. */
  readonly hasBias: boolean;
  /** What the kernel applies to A·B + bias: nothing, or ReLU (NaN stays NaN, as in `relu`). */
  readonly activation: 'linear' | 'relu';
}

/**
 * The optional fused kernel `fusedMatmul`: the product, the bias and ReLU in one kernel, so a
 * dense layer's forward makes one tensor instead of three and walks its output once instead of
 * three times (on GPUs: one launch instead of three). Its backward is written with public ops:
 * ReLU's mask is read off the output (relu(z) > 0 exactly where z > 0), so no pre-activation
 * is kept.
 */
const FUSED_MATMUL = defineOp<FusedMatmulAttrs>({
  id: 'fusedMatmul',
  infer: ([a, b]) => ({ shape: [a.shape[0], b.shape[1]], dtype: a.dtype }),
  backward: (dy, { inputs: [a, b], output, attrs, needsGrad }) => {
    const dz = attrs.activation === 'relu' ? reluGrad(dy, output) : dy;
    return [
      needsGrad[0] ? matmul(dz, b, false, true) : null,
      needsGrad[1] ? matmul(a, dz, true, false) : null,
      ...(attrs.hasBias ? [needsGrad[2] ? sum(dz, 0) : null] : []),
    ];
  },
});

/** Options of `fusedMatmul`. */
export interface FusedMatmulOptions {
  /** Added to every row of the product: shape [N] (or anything that broadcasts to [M, N]). */
  bias?: Tensor;
  /** Applied last (default 'linear': none). */
  activation?: FusedActivation;
}

/**
 * activation(a·b + bias), what a dense layer computes, as one op where it can be: a backend with
 * the optional `fusedMatmul` kernel (the WebAssembly, gpu.js and fused-CPU backends) computes
 * the product, adds the bias and applies ReLU in one kernel for rank-2 `a` and `b` and a bias of
 * shape [N]; sigmoid and tanh follow as their own op. Otherwise (other backends, batched
 * operands, a broadcast bias) it is `matmul`, `add` and the activation — the reference, with
 * the same values and gradients.
 *
 * Shapes: a [M, K], b [K, N] (or batched, as `matmul`), bias broadcastable to the product.
 * @throws {ShapeError} when the inner dimensions differ or the bias does not fit the product.
 * @throws {DTypeError} for non-float operands or mixed dtypes.
 * @throws {ValueError} for an unknown activation.
 * @example
 * import { fusedMatmul, ones, tensor } from '@tsgrad/tensor';
 * fusedMatmul(ones([2, 3]), ones([3, 2]), { bias: tensor([-4, 1]), activation: 'relu' }).toArray();
 * // [[0, 4], [0, 4]]
 */
export function fusedMatmul(a: Tensor, b: Tensor, options: FusedMatmulOptions = {}): Tensor {
  const { bias, activation = 'linear' } = options;
  if (!FUSED_ACTIVATIONS.includes(activation))
    throw new ValueError(
      'fusedMatmul',
      `unknown activation '${String(activation)}'; expected one of ${FUSED_ACTIVATIONS.join(', ')}`,
    );
  if (!isFloat(a.dtype) || a.dtype !== b.dtype || (bias && bias.dtype !== a.dtype))
    throw new DTypeError(
      'fusedMatmul',
      `needs float operands of one dtype, got a ${a.dtype}, b ${b.dtype}${bias ? `, bias ${bias.dtype}` : ''}`,
    );
  const fusable =
    ENGINE.backend.kernels.fusedMatmul !== undefined &&
    a.rank === 2 &&
    b.rank === 2 &&
    (!bias || (bias.rank === 1 && bias.shape[0] === b.shape[1]));
  if (fusable) {
    if (a.shape[1] !== b.shape[0])
      throw new ShapeError(
        'fusedMatmul',
        `inner dimensions differ; a has shape ${formatShape(a.shape)}, b has shape ${formatShape(b.shape)}`,
      );
    const kernelActivation = activation === 'relu' ? 'relu' : 'linear';
    const attrs: FusedMatmulAttrs = { hasBias: bias !== undefined, activation: kernelActivation };
    const z = runOp(FUSED_MATMUL, bias ? [a, b, bias] : [a, b], attrs);
    return activation === 'sigmoid' ? sigmoid(z) : activation === 'tanh' ? tanh(z) : z;
  }
  let z = matmul(a, b);
  if (bias) {
    // Named for this op, not for the `add` inside it.
    broadcastShapes('fusedMatmul', z.shape, bias.shape);
    z = add(z, bias);
  }
  switch (activation) {
    case 'relu':
      return relu(z);
    case 'sigmoid':
      return sigmoid(z);
    case 'tanh':
      return tanh(z);
    default:
      return z;
  }
}
