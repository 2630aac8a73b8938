import { DTypeError, ShapeError, formatShape } from '../errors.js';
import { defineOp, runOp } from '../op.js';
import { broadcastShapes } from '../shape.js';
import type { Tensor } from '../tensor.js';
import { unbroadcast } from './binary.js';
import { mul } from './binary.js';
import { reshape } from './reshape.js';

interface MatmulAttrs {
  transposeA: boolean;
  transposeB: boolean;
}

const MATMUL = defineOp<MatmulAttrs>({
  id: 'matmul',
  infer: ([a, b], { transposeA, transposeB }) => {
    if (a.rank < 2 || b.rank < 2) {
      throw new ShapeError(
        'matmul',
        `needs tensors of rank >= 2, got a with shape ${formatShape(a.shape)} and b with shape ${formatShape(b.shape)}; use dot() for vectors`,
      );
    }
    if (a.dtype !== b.dtype) throw new DTypeError('matmul', `a is ${a.dtype} but b is ${b.dtype}`);
    if (a.dtype === 'bool') throw new DTypeError('matmul', 'does not accept bool tensors');
    const [m, ka] = transposeA
      ? [a.shape[a.rank - 1], a.shape[a.rank - 2]]
      : [a.shape[a.rank - 2], a.shape[a.rank - 1]];
    const [kb, n] = transposeB
      ? [b.shape[b.rank - 1], b.shape[b.rank - 2]]
      : [b.shape[b.rank - 2], b.shape[b.rank - 1]];
    if (ka !== kb) {
      const flags =
        transposeA || transposeB ? ` (transposeA=${transposeA}, transposeB=${transposeB})` : '';
      throw new ShapeError(
        'matmul',
        `inner dimensions differ; a has shape ${formatShape(a.shape)}, b has shape ${formatShape(b.shape)}${flags}`,
      );
    }
    const batch = broadcastShapes('matmul', a.shape.slice(0, -2), b.shape.slice(0, -2));
    return { shape: [...batch, m, n], dtype: a.dtype };
  },
  backward: (dy, { inputs: [a, b], attrs: { transposeA: ta, transposeB: tb }, needsGrad }) => {
    // The four cases of C = op(A)·op(B), each written as one matmul with transpose flags.
    // Skipped for inputs without gradients (the data batch of a first layer, say).
    const da = needsGrad[0] ? (ta ? matmul(b, dy, tb, true) : matmul(dy, b, false, !tb)) : null;
    const db = needsGrad[1] ? (tb ? matmul(dy, a, true, ta) : matmul(a, dy, !ta, false)) : null;
    return [da && unbroadcast(da, a.shape), db && unbroadcast(db, b.shape)];
  },
});

/**
 * Matrix product over the last two axes, batched and broadcast over the leading axes, with
 * optional transposes (no copies made by the caller).
 * @throws {ShapeError} `matmul: inner dimensions differ; a has shape [32,784], b has shape [128,10]`
 * @example matmul(ones([2, 3]), ones([3, 4])).shape; // [2, 4]
 */
export function matmul(a: Tensor, b: Tensor, transposeA = false, transposeB = false): Tensor {
  return runOp(MATMUL, [a, b], { transposeA, transposeB });
}

/**
 * Dot product of vectors, or matrix·vector / vector·matrix / matrix·matrix for rank 1–2 inputs.
 * @example dot(tensor([1, 2, 3]), tensor([4, 5, 6])).item(); // 32
 */
export function dot(a: Tensor, b: Tensor): Tensor {
  if (a.rank > 2 || b.rank > 2 || a.rank === 0 || b.rank === 0) {
    throw new ShapeError(
      'dot',
      `needs rank 1 or 2 tensors, got ${formatShape(a.shape)} and ${formatShape(b.shape)}`,
    );
  }
  const a2 = a.rank === 1 ? reshape(a, [1, -1]) : a;
  const b2 = b.rank === 1 ? reshape(b, [-1, 1]) : b;
  if (a2.shape[1] !== b2.shape[0]) {
    throw new ShapeError(
      'dot',
      `inner dimensions differ; a has shape ${formatShape(a.shape)}, b has shape ${formatShape(b.shape)}`,
    );
  }
  const c = matmul(a2, b2);
  const shape = [...(a.rank === 2 ? [a.shape[0]] : []), ...(b.rank === 2 ? [b.shape[1]] : [])];
  return reshape(c, shape);
}

/**
 * Outer product of two vectors: [m] × [n] → [m, n].
 * @example outer(tensor([1, 2]), tensor([1, 10])); // [[1, 10], [2, 20]]
 */
export function outer(a: Tensor, b: Tensor): Tensor {
  if (a.rank !== 1 || b.rank !== 1)
    throw new ShapeError(
      'outer',
      `needs two vectors, got ${formatShape(a.shape)} and ${formatShape(b.shape)}`,
    );
  return mul(reshape(a, [-1, 1]), reshape(b, [1, -1]));
}
