import { type Tensor, add, matmul, mul, square, sum, tanh, tensor } from '@tsgrad/tensor';
import { describe, expect, it } from 'vitest';
import { checkGrads, grad, valueAndGrad } from './index.js';

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
    const gA = (a: Tensor, b: Tensor) => grad(sq)(a, b);
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
  it('an outer grad by a tensor the inner function closes over', () => {
    const w = f64([0.5, -1.5]);
    const inner = (c: Tensor) => grad((x: Tensor) => sum(mul(mul(x, x), c)))(f64([1, 2]));
    // ∂/∂w Σ 2·x·w = 2x = [2, 4]
    close(grad((c: Tensor) => sum(inner(c)))(w), [2, 4]);
    checkGrads((c) => inner(c), [w]);
  });
  it('sees through an intermediate computed from the outer argument and closed over', () => {
    // inner(x) = Σ x²·tanh(c); ∂/∂x = 2x·tanh(c); Σ over x = [1, 2] is 6·tanh(c) summed.
    const outer = (c: Tensor) => {
      const t = tanh(c);
      return sum(grad((x: Tensor) => sum(mul(mul(x, x), t)))(f64([1, 2])));
    };
    const c = f64([0.3]);
    close(grad(outer)(c), [6 * (1 - Math.tanh(0.3) ** 2)]);
  });
  it('keeps the value of a nested valueAndGrad linked to the tensors it closes over', () => {
    const x0 = f64([1, 2]);
    const f = (c: Tensor) => {
      const [v, g] = valueAndGrad((x: Tensor) => sum(mul(mul(x, x), c)))(x0);
      return add(v, sum(g));
    };
    // v = Σ x²c → ∂v/∂c = x²; Σ g = Σ 2xc → ∂/∂c = 2x; together [1 + 2, 4 + 4]
    close(grad(f)(f64([0.5, -1.5])), [3, 8]);
  });
  it('gradient penalty: the gradient of ‖∇ₓD(x; W)‖² by the weights W', () => {
    const x = f64([0.2, -0.4, 0.9, 0.5, -1.1, 0.3], [3, 2]);
    // Linear D(x) = Σ x·W: ∇ₓD has every row equal to Wᵀ, so the penalty is 3·Σ W² and its
    // gradient by W is 6·W.
    const linear = (W: Tensor) => sum(square(grad((xx: Tensor) => sum(matmul(xx, W)))(x)));
    const W = f64([0.7, -0.2], [2, 1]);
    close(grad(linear)(W), [4.2, -1.2]);
    // A small tanh network D(x) = Σ tanh(x·W1)·w2, checked by finite differences in both
    // weights, and differentiated by both at once.
    const W1 = f64([0.4, -0.8, 0.3, 0.6, 0.1, -0.5], [2, 3]);
    const w2 = f64([1.2, -0.7, 0.4], [3, 1]);
    const penalty = (a: Tensor, b: Tensor) =>
      sum(square(grad((xx: Tensor) => sum(matmul(tanh(matmul(xx, a)), b)))(x)));
    checkGrads((a) => penalty(a, w2), [W1]);
    checkGrads((b) => penalty(W1, b), [w2]);
    const [g1, g2] = grad(penalty, [0, 1])(W1, w2);
    expect(g1.shape).toEqual([2, 3]);
    expect(g2.shape).toEqual([3, 1]);
    expect(Array.from(g1.dataSync()).some((v) => v !== 0)).toBe(true);
  });
  it('records no backward graph when nothing differentiates the gradient again', () => {
    const w = f64([0.5, -1.5]).requireGrad();
    // Top level, even over a tensor that requires grad: a plain gradient, no graph kept.
    const g = grad((x: Tensor) => sum(mul(mul(x, x), w)))(f64([1, 2]));
    expect(g.requiresGrad).toBe(false);
    expect(g.node).toBeNull();
    // Nested, but the inner function does not depend on the outer argument.
    let innerGrad: Tensor | null = null;
    const outer = grad((c: Tensor) => {
      innerGrad = grad((x: Tensor) => sum(mul(x, x)))(f64([1, 2]));
      return sum(mul(c, innerGrad));
    })(f64([3, 4]));
    close(outer, [2, 4]);
    expect(innerGrad!.requiresGrad).toBe(false);
    expect(innerGrad!.node).toBeNull();
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
