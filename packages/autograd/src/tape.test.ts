import {
  GradientError,
  ShapeError,
  type Tensor,
  add,
  matmul,
  mul,
  sum,
  square,
  tensor,
  tanh,
  exp,
  relu,
} from '@tsgrad/tensor';
import { describe, expect, it } from 'vitest';
import { backward, gradients } from './index.js';

describe('backward', () => {
  it('accumulates into .grad of leaves, so fan-out adds up', () => {
    const x = tensor([1, 2, 3]).requireGrad();
    // y = x·x + x uses x three times
    sum(add(mul(x, x), x)).backward();
    expect(x.grad!.toArray()).toEqual([3, 5, 7]);
  });

  it('adds gradients over repeated backward calls until they are cleared', () => {
    const w = tensor([2]).requireGrad();
    sum(mul(w, 3)).backward();
    sum(mul(w, 3)).backward();
    expect(w.grad!.toArray()).toEqual([6]);
  });

  it('takes an explicit upstream gradient for non-scalar outputs', () => {
    const x = tensor([1, 2]).requireGrad();
    const y = mul(x, 10);
    backward(y, tensor([1, 0.5]));
    expect(x.grad!.toArray()).toEqual([10, 5]);
  });

  it('refuses a non-scalar output without an upstream gradient', () => {
    const x = tensor([1, 2]).requireGrad();
    expect(() => mul(x, 2).backward()).toThrow(GradientError);
    expect(() => mul(x, 2).backward()).toThrow(
      'backward: needs a scalar output or an explicit upstream gradient; output has shape [2]',
    );
  });

  it('checks the upstream gradient shape', () => {
    const x = tensor([1, 2]).requireGrad();
    expect(() => backward(mul(x, 2), tensor([1, 2, 3]))).toThrow(ShapeError);
  });

  it('refuses outputs that do not require grad', () => {
    expect(() => sum(tensor([1, 2])).backward()).toThrow(
      'backward: the output does not require grad',
    );
  });

  it('stops at detach()', () => {
    const x = tensor([3]).requireGrad();
    const y = add(mul(x, x), mul(x.detach(), x.detach()));
    sum(y).backward();
    expect(x.grad!.toArray()).toEqual([6]);
  });

  it('flows through a long chain without recursion limits', () => {
    const x = tensor([0.5]).requireGrad();
    let y: Tensor = x;
    for (let i = 0; i < 20_000; i++) y = add(y, 0);
    sum(y).backward();
    expect(x.grad!.toArray()).toEqual([1]);
  });

  it('only records when an input requires grad', () => {
    const a = tensor([1, 2]);
    expect(exp(a).node).toBeNull();
    expect(exp(a).requiresGrad).toBe(false);
    const b = tensor([1, 2]).requireGrad();
    expect(exp(b).node).not.toBeNull();
  });

  it('never records non-float outputs', () => {
    const x = tensor([1.5, -2]).requireGrad();
    const r = relu(x);
    expect(r.requiresGrad).toBe(true);
  });
});

describe('gradients', () => {
  it('returns zeros for inputs the output does not depend on', () => {
    const x = tensor([1, 2]).requireGrad();
    const z = tensor([5, 6]).requireGrad();
    const [gx, gz] = gradients(sum(square(x)), [x, z]);
    expect(gx.toArray()).toEqual([2, 4]);
    expect(gz.toArray()).toEqual([0, 0]);
  });

  it('differentiates with respect to intermediate tensors', () => {
    const x = tensor([[1, 2]]).requireGrad();
    const w = tensor([[1], [1]]);
    const h = matmul(x, w);
    const y = sum(tanh(h));
    const [gh] = gradients(y, [h]);
    expect(gh.item()).toBeCloseTo(1 - Math.tanh(3) ** 2, 6);
  });

  it('does not touch .grad', () => {
    const x = tensor([1]).requireGrad();
    gradients(sum(square(x)), [x]);
    expect(x.grad).toBeNull();
  });
});
