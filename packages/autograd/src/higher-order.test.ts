import { type Tensor, add, matmul, mul, sum, tanh, tensor } from '@tsgrad/tensor';
import { describe, expect, it } from 'vitest';
import { checkGrads, grad } from './index.js';

const f64 = (v: number[], shape?: number[]): Tensor => tensor(v, shape, 'float64');
const close = (actual: Tensor, expected: number[], digits = 10) => {
  const a = Array.from(actual.dataSync());
  expect(a).toHaveLength(expected.length);
  for (const [i, v] of a.entries()) expect(v).toBeCloseTo(expected[i], digits);
};

describe('gradients of gradients', () => {
  it("tanh'' = −2·tanh·(1 − tanh²)", () => {
    const xs = [-1.3, -0.2, 0.4, 2.1];
    const d2 = grad((x: Tensor) => sum(grad((y: Tensor) => sum(tanh(y)))(x)))(f64(xs));
    close(
      d2,
      xs.map((x) => -2 * Math.tanh(x) * (1 - Math.tanh(x) ** 2)),
    );
  });
  it("tanh''' by three nested grads, and the first derivative checked by finite differences", () => {
    const xs = [-0.7, 0.3, 1.1];
    const d1 = (x: Tensor) => grad((y: Tensor) => sum(tanh(y)))(x);
    const d3 = grad((x: Tensor) => sum(grad((y: Tensor) => sum(d1(y)))(x)))(f64(xs));
    // d³/dx³ tanh = −2(1 − t²)(1 − 3t²)
    close(
      d3,
      xs.map((x) => {
        const t = Math.tanh(x);
        return -2 * (1 - t * t) * (1 - 3 * t * t);
      }),
    );
    checkGrads(d1, [f64(xs)]);
  });
  it('mul: ∂²(Σ a·b·b)/∂a∂b = 2b and ∂²/∂b² = 2a', () => {
    const a = f64([1.5, -2, 0.5]);
    const b = f64([0.3, 0.7, -1.1]);
    const f = (x: Tensor, y: Tensor) => sum(mul(x, mul(y, y)));
    // ∂f/∂b = 2ab; differentiate Σ ∂f/∂b once more by a and by b.
    const [daDb, dbDb] = grad((x: Tensor, y: Tensor) => sum(grad(f, 1)(x, y)), [0, 1])(a, b);
    close(daDb, [0.6, 1.4, -2.2]);
    close(dbDb, [3, -4, 1]);
  });
  it('matmul: the gradient of ‖A·B‖² wrt A, differentiated again wrt A and wrt B', () => {
    const A = f64([0.2, -0.5, 1.1, 0.7, 0.3, -0.9], [2, 3]);
    const B = f64([0.4, -1.2, 0.6, 0.8, -0.3, 0.5], [3, 2]);
    const sq = (x: Tensor, y: Tensor) => sum(mul(matmul(x, y), matmul(x, y)));
    // B is differentiated by the inner grad too (argnums [0, 1]) so that an outer grad by B
    // sees through it; see the skipped test below.
    const gA = (a: Tensor, b: Tensor) => grad(sq, [0, 1])(a, b)[0];
    // Closed form: ∂/∂A ‖AB‖² = 2·A·B·Bᵀ.
    close(gA(A, B), Array.from(mul(matmul(matmul(A, B), B, false, true), 2).dataSync()));
    checkGrads((b) => gA(A, b), [B]);
    checkGrads((a) => gA(a, B), [A]);
    // ∂²/∂A² of ‖AB‖² applied to ones: Σ_ij ∂(2ABBᵀ)_ij/∂A = 2·1·(BBᵀ)
    const h = grad((a: Tensor) => sum(gA(a, B)))(A);
    const bbt = matmul(B, B, false, true);
    close(h, Array.from(mul(matmul(f64([1, 1, 1, 1, 1, 1], [2, 3]), bbt), 2).dataSync()));
  });
  it('matmul with transposes and a batch: second derivative by finite differences', () => {
    const A = f64([0.2, -0.5, 1.1, 0.7, 0.3, -0.9, 0.1, 0.6], [2, 2, 2]);
    const B = f64([0.4, -1.2, 0.6, 0.8], [2, 2]);
    const g = (b: Tensor) =>
      grad((a: Tensor, c: Tensor) => sum(tanh(matmul(a, c, true, true))), [0, 1])(A, b)[0];
    checkGrads(g, [B]);
  });
  // Known issue (reported): an inner grad by an argument that does not itself require grad does
  // not record its backward pass, so an outer grad by a tensor it closes over gets zeros. This
  // is the gradient-penalty pattern (∇ₓD(x) differentiated by D's weights).
  it.skip('an outer grad by a tensor the inner function closes over', () => {
    const w = f64([0.5, -1.5]);
    const inner = (c: Tensor) => grad((x: Tensor) => sum(mul(mul(x, x), c)))(f64([1, 2]));
    // ∂/∂w Σ 2·x·w = 2x = [2, 4]
    close(grad((c: Tensor) => sum(inner(c)))(w), [2, 4]);
  });
  it('a Hessian-vector product of f(x) = x₀²·x₁ + x₁³', () => {
    const pick = (y: Tensor, i: number) => sum(mul(y, f64(i === 0 ? [1, 0] : [0, 1])));
    const f = (y: Tensor) => {
      const x0 = pick(y, 0);
      const x1 = pick(y, 1);
      return add(mul(mul(x0, x0), x1), mul(mul(x1, x1), x1));
    };
    const v = f64([1, -1]);
    // H = [[2x₁, 2x₀], [2x₀, 6x₁]] = [[6, 4], [4, 18]] at (2, 3); H·v = [2, −14].
    const hv = grad((y: Tensor) => sum(mul(grad(f)(y), v)))(f64([2, 3]));
    close(hv, [2, -14]);
  });
});
