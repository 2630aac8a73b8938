import {
  GradientError,
  type Tensor,
  Tensor as TensorClass,
  formatShape,
  isGradEnabled,
  setGradEnabled,
  withGradient,
  zerosLike,
} from '@tsgrad/tensor';
import { gradients } from './tape.js';

/** Which arguments to differentiate: one index (a single gradient) or several (an array). */
export type ArgNums = number | readonly number[];

type GradResult<N extends ArgNums> = N extends number ? Tensor : Tensor[];

function prepareArgs(op: string, args: readonly unknown[], argnums: readonly number[]): unknown[] {
  return args.map((a, i) => {
    if (!argnums.includes(i)) return a;
    if (!(a instanceof TensorClass))
      throw new GradientError(op, `argument ${i} must be a Tensor to differentiate by it`);
    // A tensor that already requires grad is part of an outer differentiation: keep the link
    // so the outer pass sees through this one (gradients of gradients).
    return a.requiresGrad ? a : a.detach().requireGrad();
  });
}

function scalarOutput(op: string, out: unknown): Tensor {
  if (!(out instanceof TensorClass))
    throw new GradientError(op, `the function must return a Tensor, got ${typeof out}`);
  if (out.size !== 1)
    throw new GradientError(
      op,
      `the function must return a scalar, got shape ${formatShape(out.shape)}`,
    );
  return out;
}

/**
 * Value and gradient of a scalar function, computed in one pass.
 *
 * Returns `[value, grads]` where `grads` is one tensor for a numeric `argnums` (default 0) or an
 * array for an array `argnums`. Nested calls differentiate gradients (each backward rule is
 * itself made of differentiable ops).
 *
 * @throws {GradientError} when `f` does not return a scalar tensor.
 * @example
 * const [loss, [gw, gb]] = valueAndGrad((w, b) => mean(square(add(matmul(x, w), b))), [0, 1])(w, b);
 */
export function valueAndGrad<A extends unknown[], N extends ArgNums = 0>(
  f: (...args: A) => Tensor,
  argnums?: N,
): (...args: A) => [Tensor, GradResult<N>] {
  const nums: number[] =
    argnums === undefined
      ? [0]
      : typeof argnums === 'number'
        ? [argnums]
        : [...(argnums as readonly number[])];
  return (...args: A) => {
    const prepared = prepareArgs('valueAndGrad', args, nums);
    const outer = prepared.some((a, i) => nums.includes(i) && a === args[i]);
    const prev = setGradEnabled(true);
    let value: Tensor;
    try {
      value = scalarOutput('valueAndGrad', f(...(prepared as A)));
    } finally {
      setGradEnabled(prev);
    }
    const xs = nums.map((i) => prepared[i] as Tensor);
    const gs = value.requiresGrad
      ? gradients(value, xs, undefined, { createGraph: outer && isGradEnabled() })
      : xs.map((x) => zerosLike(x));
    const result = (
      typeof argnums === 'number' || argnums === undefined ? gs[0] : gs
    ) as GradResult<N>;
    return [outer ? value : value.detach(), result];
  };
}

/**
 * The gradient function of a scalar function: `grad(f)(x)` is df/dx.
 * @example
 * grad((x: Tensor) => sum(square(x)))(tensor([1, 2])).toArray(); // [2, 4]
 * grad((x: Tensor) => grad((y: Tensor) => sum(tanh(y)))(x).sum())  // second derivative
 */
export function grad<A extends unknown[], N extends ArgNums = 0>(
  f: (...args: A) => Tensor,
  argnums?: N,
): (...args: A) => GradResult<N> {
  const vg = valueAndGrad<A, N>(f, argnums);
  return (...args: A) => vg(...args)[1];
}

/**
 * Runs `fn` without recording for backward: for inference and parameter updates. Restores the
 * previous mode afterwards, also when `fn` throws or its promise settles. (With an async `fn`,
 * other code running between its awaits sees recording off too.)
 * @example const pred = noGrad(() => model.forward(x));
 */
export function noGrad<T>(fn: () => T): T {
  return withGradMode(false, fn);
}

/** Runs `fn` with recording on, inside a `noGrad` region. @example enableGrad(() => loss(x)); */
export function enableGrad<T>(fn: () => T): T {
  return withGradMode(true, fn);
}

function withGradMode<T>(enabled: boolean, fn: () => T): T {
  const prev = setGradEnabled(enabled);
  let result: T;
  try {
    result = fn();
  } catch (e) {
    setGradEnabled(prev);
    throw e;
  }
  if (result instanceof Promise) {
    return result.finally(() => setGradEnabled(prev)) as T;
  }
  setGradEnabled(prev);
  return result;
}

/**
 * Defines a function with a hand-written gradient. `f` returns the value and a function from
 * the upstream gradient to one gradient per tensor argument (null for none). The value is
 * computed without recording; the given gradient replaces the automatic one.
 *
 * @example
 * // Gradient clipping in the backward pass only
 * const clipGrad = customGrad((x: Tensor) => ({ value: x, grad: (dy) => [clip(dy, -1, 1)] }));
 */
export function customGrad<A extends Tensor[]>(
  f: (...args: A) => { value: Tensor; grad: (dy: Tensor) => (Tensor | null)[] },
): (...args: A) => Tensor {
  return (...args: A) => {
    const { value, grad: g } = noGrad(() => f(...args));
    return withGradient(value, args, (dy) => {
      const out = g(dy);
      if (out.length !== args.length) {
        throw new GradientError(
          'customGrad',
          `the gradient function returned ${out.length} gradients for ${args.length} inputs`,
        );
      }
      return out;
    });
  };
}

/**
 * Clears `.grad` on each tensor (sets it to null and frees the old gradient).
 * @example zeroGrad(model.parameters());
 */
export function zeroGrad(tensors: Iterable<Tensor>): void {
  for (const t of tensors) {
    t.grad?.dispose();
    t.grad = null;
  }
}
