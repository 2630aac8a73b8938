import { checkGrads, grad } from '@tsgrad/autograd';
import { describe, expect, it } from 'vitest';
import { DTypeError, ValueError } from '../errors.js';
import { sum, tensor } from '../index.js';
import type { Tensor } from '../tensor.js';
import {
  abs,
  ceil,
  clip,
  cos,
  elu,
  erf,
  exp,
  expm1,
  floor,
  gelu,
  isNaN as isNaNOp,
  leakyRelu,
  log,
  log1p,
  logicalNot,
  neg,
  reciprocal,
  relu,
  round,
  rsqrt,
  selu,
  sigmoid,
  sign,
  sin,
  softplus,
  sqrt,
  square,
  tanh,
} from './unary.js';

const f64 = (v: number[]): Tensor => tensor(v, undefined, 'float64');
/** Points away from every kink (0 for relu/abs/elu/selu/leakyRelu). */
const X = [-2.1, -0.7, -0.3, 0.4, 1.3, 2.2];
const POS = [0.3, 0.8, 1.7, 3.1];

describe('unary gradients match finite differences', () => {
  const cases: [string, (x: Tensor) => Tensor, number[]][] = [
    ['neg', neg, X],
    ['abs', abs, X],
    ['exp', exp, X],
    ['log', log, POS],
    ['log1p', log1p, [-0.5, 0.2, 2]],
    ['expm1', expm1, X],
    ['sqrt', sqrt, POS],
    ['rsqrt', rsqrt, POS],
    ['square', square, X],
    ['reciprocal', reciprocal, [-2, -0.5, 0.7, 3]],
    ['sin', sin, X],
    ['cos', cos, X],
    ['tanh', tanh, X],
    ['erf', erf, [-3, -1.2, -0.1, 0.5, 2.7, 3.5]],
    ['sigmoid', sigmoid, [-30, ...X, 30]],
    ['relu', relu, X],
    ['leakyRelu', (x) => leakyRelu(x), X],
    ['leakyRelu α=0.01', (x) => leakyRelu(x, 0.01), X],
    ['elu', (x) => elu(x), X],
    ['elu α=1.5', (x) => elu(x, 1.5), X],
    ['selu', selu, X],
    ['gelu', gelu, [-4, ...X, 4]],
    ['softplus', softplus, [-40, ...X, 40]],
    ['clip', (x) => clip(x, -1, 1.5), X],
  ];
  for (const [name, f, values] of cases) {
    it(name, () => {
      expect(checkGrads(f, [f64(values)]).checked).toBe(values.length);
    });
  }
});

describe('conventions at non-differentiable points', () => {
  const d = (f: (x: Tensor) => Tensor, v: number[]) =>
    grad((x: Tensor) => sum(f(x)))(f64(v)).toArray();
  it("relu'(0) = 0", () => expect(d(relu, [-1, 0, 1])).toEqual([0, 0, 1]));
  it('relu propagates NaN (as PyTorch and TensorFlow) and its gradient there is 0', () => {
    expect(Array.from(relu(f64([Number.NaN, -1, 2])).dataSync())).toEqual([Number.NaN, 0, 2]);
    expect(Array.from(relu(tensor([Number.NaN, -0])).dataSync())).toEqual([Number.NaN, 0]);
    expect(Object.is(relu(tensor([-0])).item(), 0)).toBe(true);
    expect(d(relu, [Number.NaN, 3])).toEqual([0, 1]);
  });
  it("abs'(0) = 0", () => expect(d(abs, [-1, 0, 1])).toEqual([-1, 0, 1]));
  it("leakyRelu'(0) = α and elu'(0) = α (the negative side)", () => {
    expect(d((x) => leakyRelu(x, 0.1), [0])).toEqual([0.1]);
    expect(d((x) => elu(x, 2), [0])).toEqual([2]);
  });
  it('clip passes the gradient at both boundaries and stops it outside', () => {
    expect(d((x) => clip(x, -1, 1), [-2, -1, 0, 1, 2])).toEqual([0, 1, 1, 1, 0]);
  });
  it('floor, ceil, round and sign are not differentiable: their outputs do not require grad', () => {
    const x = f64([1.5]).requireGrad();
    for (const f of [floor, ceil, round, sign]) expect(f(x).requiresGrad).toBe(false);
    expect(exp(x).requiresGrad).toBe(true);
  });
});

describe('values', () => {
  it('sigmoid is exact at the extremes in float64 and never NaN', () => {
    const y = sigmoid(f64([-800, -40, 0, 40, 800])).toArray() as number[];
    expect(y[0]).toBe(0);
    expect(y[1]).toBeCloseTo(4.248354255291589e-18, 30);
    expect(y[2]).toBe(0.5);
    expect(y[4]).toBe(1);
  });
  it('softplus does not overflow and keeps tiny values', () => {
    const y = softplus(f64([800, -800, -40])).toArray() as number[];
    expect(y[0]).toBe(800);
    expect(y[1]).toBe(0);
    expect(y[2]).toBeCloseTo(4.248354255291589e-18, 30);
  });
  it('erf is accurate in float64 across its range', () => {
    // Reference values from mpmath.
    const y = erf(f64([0.1, 1, 2.4, 2.6, 4, -5, 7])).toArray() as number[];
    const ref = [
      0.1124629160182849, 0.8427007929497149, 0.9993114861033549, 0.9997639655834707,
      0.9999999845827421, -0.9999999999984626, 1,
    ];
    for (const [i, v] of y.entries()) expect(v).toBeCloseTo(ref[i], 14);
  });
  it('expm1 and log1p keep precision near 0', () => {
    // exp(x) - 1 would give 1.000088900582341e-12 here.
    expect(expm1(f64([1e-12])).item() / 1e-12 - 1).toBeLessThan(1e-11);
    expect(1 - log1p(f64([1e-12])).item() / 1e-12).toBeLessThan(1e-11);
  });
  it('round is half to even, like NumPy', () => {
    expect(round(tensor([0.5, 1.5, 2.5, -0.5, -2.5, 3.5, 0.49999997])).toArray()).toEqual([
      0, 2, 2, -0, -2, 4, 0,
    ]);
  });
  it('keeps float64', () => {
    expect(exp(f64([1])).dtype).toBe('float64');
    expect(relu(f64([1])).dtype).toBe('float64');
  });
  it('maps dtypes: float ops of int32 give float32, floor of int32 stays int32, isNaN gives bool', () => {
    const i = tensor([1, 4], undefined, 'int32');
    expect(sqrt(i).dtype).toBe('float32');
    expect(floor(i).dtype).toBe('int32');
    expect(isNaNOp(i).dtype).toBe('bool');
    expect(logicalNot(tensor([true])).dtype).toBe('bool');
  });
});

describe('errors', () => {
  it('numeric ops refuse bool', () => {
    expect(() => neg(tensor([true]))).toThrow(DTypeError);
    expect(() => neg(tensor([true]))).toThrow('neg: does not accept bool tensors; cast first');
    expect(() => square(tensor([true]))).toThrow('square: does not accept bool tensors');
  });
  it('clip refuses min > max with a ValueError', () => {
    expect(() => clip(tensor([1]), 2, 1)).toThrow(ValueError);
    expect(() => clip(tensor([1]), 2, 1)).toThrow('clip: min must be <= max, got min=2, max=1');
  });
});
