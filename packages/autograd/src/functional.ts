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
 * The tensors each enclosing `valueAndGrad` call differentiates by, innermost last. A nested call
 * whose function reaches one of them (by an argument or by a closure) must record its backward
 * pass, so that the enclosing call can differentiate the gradient it returns.
 */
const enclosingTargets: (readonly Tensor[])[] = [];

/** Whether `root`'s recorded graph reaches a tensor some enclosing call differentiates by. */
function reachesEnclosingTarget(root: Tensor): boolean {
  if (enclosingTargets.length === 0 || !root.requiresGrad) return false;
  const targets = new Set<Tensor>(enclosingTargets.flat());
  const seen = new Set<Tensor>([root]);
  const stack: Tensor[] = [root];
  while (stack.length > 0) {
    const t = stack.pop() as Tensor;
    if (targets.has(t)) return true;
    for (const x of t.node?.inputs ?? []) {
      if (x.requiresGrad && !seen.has(x)) {
        seen.add(x);
        stack.push(x);
      }
    }
  }
  return false;
}

/**
 * Value and gradient of a scalar function, computed in one pass.
 *
 * Returns `[value, grads]` where `grads` is one tensor for a numeric `argnums` (default 0) or an
 * array for an array `argnums`; each gradient has the shape of its argument. Nested calls
 * differentiate gradients (each backward rule is itself made of differentiable ops): the inner
 * call records its backward pass when its function depends — through an argument or through a
 * tensor it closes over — on what an enclosing `grad`/`valueAndGrad` differentiates by, or when
 * a differentiated argument already requires grad. Otherwise nothing of the backward pass is
 * recorded, so first-order use keeps no extra graph.
 *
 * @throws {GradientError} when `f` does not return a scalar tensor, or an argument selected by
 *   `argnums` is not a Tensor.
 * @example
 * import { type Tensor, add, matmul, mean, square, tensor } from '@tsgrad/tensor';
 * import { valueAndGrad } from '@tsgrad/autograd';
 * const x = tensor([[1, 2]]);
 * const f = (w: Tensor, b: Tensor) => mean(square(add(matmul(x, w), b)));
 * const [loss, [gw, gb]] = valueAndGrad(f, [0, 1])(tensor([[3], [4]]), tensor([1]));
 * loss.item(); // 144
 * gw.toArray(); // [[24], [48]]
 * gb.toArray(); // [24]
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
    const xs = nums.map((i) => prepared[i] as Tensor);
    // An argument that already required grad was passed through (see prepareArgs).
    const linked = prepared.some((a, i) => nums.includes(i) && a === args[i]);
    const prev = setGradEnabled(true);
    enclosingTargets.push(xs);
    let value: Tensor;
    try {
      value = scalarOutput('valueAndGrad', f(...(prepared as A)));
    } finally {
      enclosingTargets.pop();
      setGradEnabled(prev);
    }
    // Only walk the graph when some enclosing call could need it: top-level calls pay nothing.
    const outer = linked || reachesEnclosingTarget(value);
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
 * The gradient function of a scalar function: `grad(f)(x)` is df/dx, with the shape of `x`
 * (an array of gradients for an array `argnums`). Nests: `grad` of a function that calls
 * `grad` gives second derivatives, also by tensors the inner function only closes over (the
 * gradient-penalty pattern); see {@link valueAndGrad}.
 *
 * @throws {GradientError} when `f` does not return a scalar tensor, or an argument selected by
 *   `argnums` is not a Tensor.
 * @example
 * import { type Tensor, mul, square, sum, tanh, tensor } from '@tsgrad/tensor';
 * import { grad } from '@tsgrad/autograd';
 * grad((x: Tensor) => sum(square(x)))(tensor([1, 2])).toArray(); // [2, 4]
 * // Second derivative: d²/dx² Σ tanh(x) = −2·tanh(x)·(1 − tanh²(x)), 0 at x = 0
 * grad((x: Tensor) => sum(grad((y: Tensor) => sum(tanh(y)))(x)))(tensor([0])).toArray(); // [0]
 * // By a tensor the inner function closes over: ∂/∂c Σ ∂(Σ x²·c)/∂x = Σ 2x = [2, 4]
 * const inner = (c: Tensor) => grad((x: Tensor) => sum(mul(square(x), c)))(tensor([1, 2]));
 * grad((c: Tensor) => sum(inner(c)))(tensor([0.5, -1.5])).toArray(); // [2, 4]
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
 * @example
 * import { matmul, tensor } from '@tsgrad/tensor';
 * import { noGrad } from '@tsgrad/autograd';
 * const w = tensor([[1], [2]]).requireGrad();
 * const pred = noGrad(() => matmul(tensor([[3, 4]]), w));
 * pred.requiresGrad; // false: nothing recorded
 * pred.toArray(); // [[11]]
 */
export function noGrad<T>(fn: () => T): T {
  return withGradMode(false, fn);
}

/**
 * Runs `fn` with recording on, inside a `noGrad` region (restored afterwards, as `noGrad`).
 * @example
 * import { mul, tensor } from '@tsgrad/tensor';
 * import { enableGrad, noGrad } from '@tsgrad/autograd';
 * const x = tensor([1, 2]).requireGrad();
 * noGrad(() => enableGrad(() => mul(x, 2)).requiresGrad); // true
 */
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
 * @throws {GradientError} in backward, when the gradient function returns a different number
 *   of gradients than `f` has tensor arguments.
 * @example
 * import { type Tensor, clip, mul, sum, tensor } from '@tsgrad/tensor';
 * import { customGrad, grad } from '@tsgrad/autograd';
 * // Identity forward, gradient clipped to [-1, 1] in the backward pass only
 * const clipGrad = customGrad((x: Tensor) => ({ value: x, grad: (dy) => [clip(dy, -1, 1)] }));
 * grad((x: Tensor) => sum(mul(clipGrad(x), 5)))(tensor([1, 2])).toArray(); // [1, 1]
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
 * @example
 * import { square, sum, tensor } from '@tsgrad/tensor';
 * import { zeroGrad } from '@tsgrad/autograd';
 * const w = tensor([1, 2]).requireGrad();
 * sum(square(w)).backward();
 * zeroGrad([w]);
 * w.grad; // null
 */
export function zeroGrad(tensors: Iterable<Tensor>): void {
  for (const t of tensors) {
    t.grad?.dispose();
    t.grad = null;
  }
}
