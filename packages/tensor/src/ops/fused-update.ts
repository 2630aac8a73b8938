import { ENGINE } from '../engine.js';
import { DTypeError, ShapeError, formatShape } from '../errors.js';
import { MIN_NORMAL, isFloat } from '../dtype.js';
import { defineOp, runOp } from '../op.js';
import { shapesEqual } from '../shape.js';
import type { Tensor } from '../tensor.js';
import { add, div, less, mul, sub, where } from './binary.js';
import { reshape } from './reshape.js';
import { slice } from './slice.js';
import { abs, sqrt, square } from './unary.js';

// Optimizer updates as single optional kernels. An update reads several tensors of a
// parameter's shape and makes several (the new parameter and its state); as a chain of public
// ops it walks the parameter ~11 times and makes ~8 temporaries. A backend may register a
// kernel that does it in one pass: its output stacks the new tensors along a new leading axis
// ([k, ...shape]), which the functions below split with contiguous slices (free on backends
// whose slices of contiguous blocks are views). Backends without the kernel run the same
// update from public ops; that composite is the reference the kernels are tested against,
// and the CPU backend's `fusedKernels` compute it element by element, rounding like it.
// Neither op is differentiable: updates run outside the gradient tape.
//
// The state they return (Adam's moments, SGD's momentum buffer) is flushed: a value whose
// magnitude is below the dtype's smallest normal number (−0 included) is stored as +0. State decays
// geometrically where a gradient stays 0 (in MNIST, the weights of the always-black border
// pixels): Adam's m falls below 2⁻¹²⁶ after ~800 steps, and from then on every x86 CPU takes a
// slow microcode path for each subnormal operand. Measured in an MNIST MLP epoch at batch 32 on
// the WebAssembly backend (`pnpm --filter @tsgrad/bench profile`), the Adam step grew from
// 0.27 to 0.75 ms by the end of the epoch, and stays near 0.2 ms flushed. A subnormal moment moves a
// parameter by less than 1e-30 of a step, so dropping it changes nothing that can be measured;
// CPU frameworks do the same by setting the CPU's flush-to-zero mode, which WebAssembly and
// JavaScript cannot.

/**
 * `x` with every subnormal element (magnitude below the dtype's smallest normal number: 2⁻¹²⁶
 * for float32, 2⁻¹⁰²² for float64) replaced by +0, and −0 by +0 too; normal numbers, ±Infinity
 * and NaN are kept. The fused optimizer updates store their state this way; optimizers written with
 * public ops (RMSprop, Adamax, Nadam in `@tsgrad/optim`) call this on state that decays
 * geometrically, which otherwise turns subnormal where a gradient stays 0 and makes every op
 * on it many times slower on x86 CPUs. Not differentiable (it is meant for optimizer state);
 * integer and bool tensors are returned unchanged.
 * @example
 * import { flushSubnormal, tensor } from '@tsgrad/tensor';
 * flushSubnormal(tensor([1e-39, -1e-39, 0.5, -2])).toArray(); // [0, 0, 0.5, -2]
 */
export function flushSubnormal(x: Tensor): Tensor {
  if (x.dtype !== 'float32' && x.dtype !== 'float64') return x;
  return where(less(abs(x), MIN_NORMAL[x.dtype]), 0, x);
}

/** Attributes of the `adamUpdate` kernel (the step's constants, folded in by `adamUpdate`). */
export interface AdamUpdateAttrs {
  readonly beta1: number;
  readonly beta2: number;
  /** lr / (1 − β1ᵗ). */
  readonly stepSize: number;
  /** 1 / √(1 − β2ᵗ). */
  readonly vScale: number;
  readonly epsilon: number;
}

/** Attributes of the `sgdUpdate` kernel. */
export interface SgdUpdateAttrs {
  readonly lr: number;
  /** 0: plain SGD (one input state-free, output [1, ...shape]). */
  readonly momentum: number;
  readonly dampening: number;
  readonly nesterov: boolean;
}

function checkSame(op: string, names: readonly string[], ts: readonly Tensor[]): void {
  const [p] = ts;
  if (!isFloat(p.dtype))
    throw new DTypeError(op, `${names[0]} must be float32 or float64, got ${p.dtype}`);
  for (let i = 1; i < ts.length; i++) {
    if (!shapesEqual(ts[i].shape, p.shape)) {
      throw new ShapeError(
        op,
        `${names[i]} has shape ${formatShape(ts[i].shape)} but ${names[0]} has shape ${formatShape(p.shape)}`,
      );
    }
    if (ts[i].dtype !== p.dtype)
      throw new DTypeError(op, `${names[i]} is ${ts[i].dtype} but ${names[0]} is ${p.dtype}`);
  }
}

const ADAM_UPDATE = defineOp<AdamUpdateAttrs>({
  id: 'adamUpdate',
  infer: ([p]) => ({ shape: [3, ...p.shape], dtype: p.dtype }),
});

const SGD_UPDATE = defineOp<SgdUpdateAttrs>({
  id: 'sgdUpdate',
  infer: ([p], { momentum }) => ({ shape: [momentum === 0 ? 1 : 2, ...p.shape], dtype: p.dtype }),
});

/**
 * Splits a [k, ...shape] stack into its k entries and frees the stack: as views of its storage
 * where the backend makes them (`Backend.view`: no op, no copy, one tensor per entry), else
 * as contiguous slices reshaped.
 */
function unstackFused(packed: Tensor, shape: readonly number[]): Tensor[] {
  const out: Tensor[] = [];
  const k = packed.shape[0];
  const n = packed.size / k;
  const { backend, dataId, dtype } = packed;
  const first = k > 0 && n > 0 ? backend.view?.(dataId, 0, n, dtype) : undefined;
  if (first) {
    for (let i = 0; i < k; i++) {
      const id = i === 0 ? first : backend.view!(dataId, i * n, n, dtype)!;
      out.push(ENGINE.makeTensor(id, shape, dtype, backend));
    }
    packed.dispose();
    return out;
  }
  for (let i = 0; i < k; i++) {
    const row = slice(packed, [i], [1]);
    out.push(reshape(row, shape));
    row.dispose();
  }
  packed.dispose();
  return out;
}

function hasKernel(id: string): boolean {
  return ENGINE.backend.kernels[id] !== undefined;
}

/** The hyperparameters of one Adam step. */
export interface AdamUpdateOptions {
  /** The learning rate of this step. */
  lr: number;
  beta1: number;
  beta2: number;
  epsilon: number;
  /** The parameter's update count, 1 for its first update. */
  step: number;
}

/**
 * One Adam step (Kingma & Ba, 2015) for one parameter, with the moments already started:
 *
 * ```
 * m ← β1·m + (1 − β1)·g
 * v ← β2·v + (1 − β2)·g²
 * p ← p − (lr/(1 − β1ᵗ))·m / (√v/√(1 − β2ᵗ) + ε)
 * ```
 *
 * Runs the backend's fused `adamUpdate` kernel when it has one (one pass over the four
 * tensors), otherwise this chain of public ops — the reference, identical to `@tsgrad/optim`'s
 * Adam. Not differentiable. All four tensors have the same shape and float dtype. Moments
 * whose magnitude falls below the dtype's smallest normal number are stored as +0: subnormal
 * values are many times slower on x86 CPUs, and they move the parameter by nothing measurable.
 *
 * @returns the new parameter, first and second moments (new tensors; the inputs are unchanged).
 * @throws {ShapeError} when grad, m or v differ in shape from param.
 * @throws {DTypeError} for non-float tensors or mixed dtypes.
 * @example
 * const next = adamUpdate(p, g, m, v, { lr: 1e-3, beta1: 0.9, beta2: 0.999, epsilon: 1e-7, step: 2 });
 * p.assign(next.param);
 */
export function adamUpdate(
  param: Tensor,
  grad: Tensor,
  m: Tensor,
  v: Tensor,
  options: AdamUpdateOptions,
): { param: Tensor; m: Tensor; v: Tensor } {
  checkSame('adamUpdate', ['param', 'grad', 'm', 'v'], [param, grad, m, v]);
  const { lr, beta1: b1, beta2: b2, epsilon, step } = options;
  const stepSize = lr / (1 - b1 ** step);
  const vScale = 1 / Math.sqrt(1 - b2 ** step);
  if (hasKernel('adamUpdate')) {
    const attrs: AdamUpdateAttrs = { beta1: b1, beta2: b2, stepSize, vScale, epsilon };
    const [p1, m1, v1] = unstackFused(runOp(ADAM_UPDATE, [param, grad, m, v], attrs), param.shape);
    return { param: p1, m: m1, v: v1 };
  }
  const m1 = flushSubnormal(add(mul(m, b1), mul(grad, 1 - b1)));
  const v1 = flushSubnormal(add(mul(v, b2), mul(square(grad), 1 - b2)));
  const denom = add(mul(sqrt(v1), vScale), epsilon);
  return { param: sub(param, mul(div(m1, denom), stepSize)), m: m1, v: v1 };
}

/** The hyperparameters of one SGD step. */
export interface SgdUpdateOptions {
  lr: number;
  /** Momentum factor (0: plain SGD, no buffer). */
  momentum?: number;
  /** Dampening of the gradient added to the buffer (default 0). */
  dampening?: number;
  /** Nesterov momentum (default false). */
  nesterov?: boolean;
}

/**
 * One SGD step for one parameter (PyTorch's rule), with the momentum buffer already started:
 *
 * ```
 * b ← momentum·b + (1 − dampening)·g
 * p ← p − lr·(g + momentum·b)   (Nesterov)   or   p − lr·b
 * ```
 *
 * and `p ← p − lr·g` without momentum (then `buffer` is ignored and the result has none).
 * Runs the backend's fused `sgdUpdate` kernel when it has one, otherwise this chain of public
 * ops — the reference, identical to `@tsgrad/optim`'s SGD. Not differentiable. A buffer value
 * whose magnitude falls below the dtype's smallest normal number is stored as +0 (see
 * `adamUpdate`).
 *
 * @returns the new parameter and, with momentum, the new buffer.
 * @throws {ShapeError} when grad or buffer differ in shape from param.
 * @throws {DTypeError} for non-float tensors or mixed dtypes.
 * @example
 * const next = sgdUpdate(p, g, b, { lr: 0.1, momentum: 0.9 });
 * p.assign(next.param);
 */
export function sgdUpdate(
  param: Tensor,
  grad: Tensor,
  buffer: Tensor | null,
  options: SgdUpdateOptions,
): { param: Tensor; buffer: Tensor | null } {
  const { lr, momentum = 0, dampening = 0, nesterov = false } = options;
  const withBuffer = momentum !== 0;
  if (withBuffer && buffer === null)
    throw new ShapeError('sgdUpdate', `momentum ${momentum} needs a buffer of param's shape`);
  const ins = withBuffer ? [param, grad, buffer!] : [param, grad];
  checkSame('sgdUpdate', ['param', 'grad', 'buffer'], ins);
  if (hasKernel('sgdUpdate')) {
    const attrs: SgdUpdateAttrs = { lr, momentum, dampening, nesterov };
    const [p1, b1] = unstackFused(runOp(SGD_UPDATE, ins, attrs), param.shape);
    return { param: p1, buffer: b1 ?? null };
  }
  if (!withBuffer) return { param: sub(param, mul(grad, lr)), buffer: null };
  const b1 = flushSubnormal(
    add(mul(buffer!, momentum), dampening === 0 ? grad : mul(grad, 1 - dampening)),
  );
  const direction = nesterov ? add(grad, mul(b1, momentum)) : b1;
  return { param: sub(param, mul(direction, lr)), buffer: b1 };
}
