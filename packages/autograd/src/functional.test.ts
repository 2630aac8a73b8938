import {
  GradientError,
  type Tensor,
  add,
  clip,
  isGradEnabled,
  matmul,
  mean,
  mul,
  sin,
  square,
  sub,
  sum,
  tensor,
  tanh,
} from '@tsgrad/tensor';
import { describe, expect, it } from 'vitest';
import {
  checkGrads,
  customGrad,
  enableGrad,
  grad,
  noGrad,
  valueAndGrad,
  zeroGrad,
} from './index.js';

describe('grad and valueAndGrad', () => {
  it('grad(f)(x) is df/dx', () => {
    const g = grad((x: Tensor) => sum(square(x)));
    expect(g(tensor([1, 2])).toArray()).toEqual([2, 4]);
  });

  it('valueAndGrad returns the value and gradients for several arguments', () => {
    const x = tensor([[1, 2]]);
    const w = tensor([[3], [4]]);
    const b = tensor([1]);
    const f = (w: Tensor, b: Tensor) => mean(square(add(matmul(x, w), b)));
    const [value, [gw, gb]] = valueAndGrad(f, [0, 1])(w, b);
    // (1·3 + 2·4 + 1)² = 144; d/dw = 2·12·x, d/db = 2·12
    expect(value.item()).toBe(144);
    expect(gw.toArray()).toEqual([[24], [48]]);
    expect(gb.toArray()).toEqual([24]);
  });

  it('leaves its arguments untouched (no requiresGrad, no .grad)', () => {
    const x = tensor([3]);
    grad((v: Tensor) => sum(square(v)))(x);
    expect(x.requiresGrad).toBe(false);
    expect(x.grad).toBeNull();
  });

  it('selects one argument with a number argnums', () => {
    const f = (a: Tensor, b: Tensor) => sum(mul(a, b));
    expect(grad(f, 1)(tensor([2]), tensor([5])).toArray()).toEqual([2]);
  });

  it('refuses non-scalar functions', () => {
    expect(() => grad((x: Tensor) => mul(x, 2))(tensor([1, 2]))).toThrow(
      'valueAndGrad: the function must return a scalar, got shape [2]',
    );
  });

  it('gives zeros when the output does not depend on the argument', () => {
    expect(grad((_x: Tensor) => sum(tensor([1, 2])))(tensor([7, 8])).toArray()).toEqual([0, 0]);
  });
});

describe('gradients of gradients', () => {
  it("tanh'' = -2 tanh (1 - tanh²)", () => {
    const d2 = grad((x: Tensor) => sum(grad((y: Tensor) => sum(tanh(y)))(x)));
    const xs = [-1.5, -0.2, 0.3, 2];
    const out = d2(tensor(xs, undefined, 'float64')).dataSync();
    xs.forEach((x, i) => {
      const t = Math.tanh(x);
      expect(out[i]).toBeCloseTo(-2 * t * (1 - t * t), 12);
    });
  });

  it('sin three times gives -cos', () => {
    const d1 = (f: (x: Tensor) => Tensor) => (x: Tensor) => grad((y: Tensor) => sum(f(y)))(x);
    const d3 = d1(d1(d1(sin)));
    expect(d3(tensor([0.7], undefined, 'float64')).item()).toBeCloseTo(-Math.cos(0.7), 12);
  });
});

describe('noGrad and enableGrad', () => {
  it('turns recording off inside and restores it after, also on throw', () => {
    const x = tensor([1]).requireGrad();
    const y = noGrad(() => mul(x, 2));
    expect(y.requiresGrad).toBe(false);
    expect(isGradEnabled()).toBe(true);
    expect(() =>
      noGrad(() => {
        throw new Error('boom');
      }),
    ).toThrow('boom');
    expect(isGradEnabled()).toBe(true);
    const z = noGrad(() => enableGrad(() => mul(x, 2)));
    expect(z.requiresGrad).toBe(true);
  });

  it('restores the mode after an async function settles', async () => {
    const p = noGrad(async () => {
      await Promise.resolve();
      return isGradEnabled();
    });
    expect(await p).toBe(false);
    expect(isGradEnabled()).toBe(true);
  });
});

describe('customGrad', () => {
  it('replaces the automatic gradient', () => {
    // Identity forward, clipped gradient backward.
    const clipGrad = customGrad((x: Tensor) => ({
      value: mul(x, 1),
      grad: (dy: Tensor) => [clip(dy, -1, 1)],
    }));
    const x = tensor([1, 2]).requireGrad();
    sum(mul(clipGrad(x), 5)).backward();
    expect(x.grad!.toArray()).toEqual([1, 1]);
  });

  it('checks the number of gradients', () => {
    const bad = customGrad((a: Tensor, b: Tensor) => ({
      value: add(a, b),
      grad: (dy: Tensor) => [dy],
    }));
    const a = tensor([1]).requireGrad();
    expect(() => sum(bad(a, tensor([2]))).backward()).toThrow(
      'customGrad: the gradient function returned 1 gradients for 2 inputs',
    );
  });
});

describe('zeroGrad', () => {
  it('clears gradients', () => {
    const w = tensor([1]).requireGrad();
    sum(mul(w, 2)).backward();
    zeroGrad([w]);
    expect(w.grad).toBeNull();
  });
});

describe('checkGrads', () => {
  it('passes for correct gradients and reports the error size', () => {
    const r = checkGrads(
      (a, b) => sub(mul(a, b), square(a)),
      [tensor([0.3, -1.2]), tensor([2, 0.5])],
    );
    expect(r.checked).toBe(4);
    expect(r.maxAbsError).toBeLessThan(1e-7);
  });

  it('catches a wrong backward rule', () => {
    const wrong = customGrad((x: Tensor) => ({
      value: square(x),
      grad: (dy: Tensor) => [mul(dy, x)],
    })); // should be 2x
    expect(() => checkGrads((x) => wrong(x), [tensor([1.5])])).toThrow(GradientError);
    expect(() => checkGrads((x) => wrong(x), [tensor([1.5])])).toThrow(
      /checkGrads: input 0 element 0 \(of shape \[1\]\): analytic gradient [0-9.]+ differs from numeric [0-9.]+/,
    );
  });
});
