import '@tsgrad/autograd';
import { type Tensor, add, mul, slice, square, sub, sum, tensor } from '@tsgrad/tensor';
import type { Optimizer } from './optimizer.js';

/** @internal The Rosenbrock function (1 − x)² + 100(y − x²)² of a [2] tensor (tests). */
export function rosenbrock(p: Tensor): Tensor {
  const x = slice(p, [0], [1]);
  const y = slice(p, [1], [1]);
  return sum(add(square(sub(1, x)), mul(square(sub(y, square(x))), 100)));
}

/** @internal Runs `steps` updates of `opt` on `f` from `start` (float64) and returns the parameter (tests). */
export function minimize(
  opt: Optimizer,
  f: (p: Tensor) => Tensor,
  start: number[],
  steps: number,
): Tensor {
  const p = tensor(start, undefined, 'float64').requireGrad();
  for (let i = 0; i < steps; i++) {
    f(p).backward();
    opt.step([p]);
    opt.zeroGrad([p]);
  }
  return p;
}

/**
 * @internal Applies fixed gradients, one per step, to a float64 parameter starting at `start`;
 * returns the parameter's values after each step (tests).
 */
export function trace(opt: Optimizer, start: number[], grads: number[][]): number[][] {
  const p = tensor(start, undefined, 'float64');
  return grads.map((g) => {
    p.grad = tensor(g, undefined, 'float64');
    opt.step([p]);
    return Array.from(p.dataSync());
  });
}

/** @internal Asserts two lists of number lists are equal to `digits` decimals (tests). */
export function closeTo(actual: number[][], expected: number[][], digits = 12): boolean {
  if (actual.length !== expected.length)
    throw new Error(`expected ${expected.length} steps, got ${actual.length}`);
  actual.forEach((row, i) => {
    row.forEach((v, j) => {
      const want = expected[i][j];
      if (!(Math.abs(v - want) < 10 ** -digits / 2)) {
        throw new Error(
          `step ${i + 1}, element ${j}: got ${v}, expected ${want} (to ${digits} decimals)`,
        );
      }
    });
  });
  return true;
}
