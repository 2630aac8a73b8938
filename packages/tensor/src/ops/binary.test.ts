import { checkGrads, grad } from '@tsgrad/autograd';
import { describe, expect, it } from 'vitest';
import { DTypeError, ShapeError } from '../errors.js';
import { sum, tensor } from '../index.js';
import type { Tensor } from '../tensor.js';
import {
  add,
  div,
  equal,
  greater,
  maximum,
  minimum,
  mul,
  operands,
  pow,
  sub,
  unbroadcast,
  where,
} from './binary.js';

const f64 = (v: number[] | number[][] | number[][][], shape?: number[]): Tensor =>
  tensor(v, shape, 'float64');
const seq = (n: number, shape: number[], offset = 0): Tensor =>
  f64(
    Array.from({ length: n }, (_, i) => Math.sin(i + offset) * 1.5 + 0.1 * i),
    shape,
  );

describe('binary gradients match finite differences, broadcasting summed back', () => {
  const shapes: [string, number[], number[]][] = [
    ['same shape', [2, 3], [2, 3]],
    ['[2,3] with [3]', [2, 3], [3]],
    ['[3] with [2,3]', [3], [2, 3]],
    ['[2,1] with [1,3]', [2, 1], [1, 3]],
    ['[2,1,3] with [4,1]', [2, 1, 3], [4, 1]],
    ['scalar with [2,2]', [], [2, 2]],
  ];
  const size = (s: number[]) => s.reduce((p, d) => p * d, 1);
  const ops: [string, (a: Tensor, b: Tensor) => Tensor][] = [
    ['add', add],
    ['sub', sub],
    ['mul', mul],
    ['div', (a, b) => div(a, add(mul(b, b), 0.5))],
    ['maximum', maximum],
    ['minimum', minimum],
    // Positive base, any exponent.
    ['pow', (a, b) => pow(add(mul(a, a), 0.2), b)],
  ];
  for (const [op, f] of ops) {
    for (const [name, sa, sb] of shapes) {
      it(`${op}: ${name}`, () => {
        const a = seq(size(sa), sa);
        const b = seq(size(sb), sb, 7);
        checkGrads(f, [a, b]);
      });
    }
  }
  it('pow with a number exponent and a negative base', () => {
    checkGrads((a) => pow(a, 3), [f64([-1.5, -0.2, 0.7, 2])]);
    checkGrads((a) => pow(a, -2), [f64([-1.5, 0.7, 2])]);
  });
  it('where, with broadcasting of the condition and both branches', () => {
    const c = tensor([[true], [false]]);
    checkGrads((a, b) => where(c, a, b), [seq(3, [3]), seq(6, [2, 3], 2)]);
    checkGrads(
      (a, b) => where(tensor([true, false, true]), a, b),
      [seq(6, [2, 3]), seq(2, [2, 1], 3)],
    );
  });
  it('numbers on either side', () => {
    checkGrads((a) => sub(2, div(3, a)), [f64([0.5, 1.5, -2])]);
  });
});

describe('conventions at ties', () => {
  it('maximum gives the gradient to a on ties, minimum too', () => {
    const [ga, gb] = grad((a: Tensor, b: Tensor) => sum(maximum(a, b)), [0, 1])(
      f64([1, 2, 3]),
      f64([1, 5, 0]),
    );
    expect(ga.toArray()).toEqual([1, 0, 1]);
    expect(gb.toArray()).toEqual([0, 1, 0]);
    const [ma, mb] = grad((a: Tensor, b: Tensor) => sum(minimum(a, b)), [0, 1])(
      f64([1, 2, 3]),
      f64([1, 5, 0]),
    );
    expect(ma.toArray()).toEqual([1, 1, 0]);
    expect(mb.toArray()).toEqual([0, 0, 1]);
  });
  it("pow's exponent gradient is 0 where the base is <= 0", () => {
    const gb = grad((b: Tensor) => sum(pow(f64([-2, 0, 2]), b)))(f64([2, 2, 2]));
    expect(gb.toArray()).toEqual([0, 0, 4 * Math.log(2)]);
  });
});

describe('dtypes and operands', () => {
  it('a number takes the tensor dtype; a fraction with int32 gives float32', () => {
    expect(add(tensor([1], undefined, 'int32'), 2).dtype).toBe('int32');
    expect(add(tensor([1], undefined, 'int32'), 2.5).dtype).toBe('float32');
    expect(add(f64([1]), 2).dtype).toBe('float64');
    expect(add(2, 3).dtype).toBe('float32');
    const [, b] = operands('add', tensor([true]), 1);
    expect(b.dtype).toBe('int32');
  });
  it('float32 with float64 gives float64; comparisons give bool', () => {
    expect(mul(tensor([1]), f64([1])).dtype).toBe('float64');
    expect(equal(f64([1]), 1).dtype).toBe('bool');
    expect(greater(tensor([1], undefined, 'int32'), 0.5).toArray()).toEqual([true]);
  });
  it('div of int32 is true division', () => {
    expect(div(tensor([7], undefined, 'int32'), 2).toArray()).toEqual([3.5]);
  });
  it('where keeps one dtype for both branches', () => {
    expect(where(tensor([true]), tensor([1], undefined, 'int32'), f64([2])).dtype).toBe('float64');
  });
  it('unbroadcast sums leading and size-1 axes', () => {
    const dy = tensor([
      [
        [1, 2],
        [3, 4],
      ],
      [
        [5, 6],
        [7, 8],
      ],
    ]);
    expect(unbroadcast(dy, [2, 1]).toArray()).toEqual([[1 + 2 + 5 + 6], [3 + 4 + 7 + 8]]);
    expect(unbroadcast(dy, []).item()).toBe(36);
    expect(unbroadcast(dy, [2, 2, 2])).toBe(dy);
  });
});

describe('errors', () => {
  it('names the op, both shapes and the axis that clashes', () => {
    expect(() => add(tensor([1, 2, 3]), tensor([1, 2, 3, 4]))).toThrow(ShapeError);
    expect(() => add(tensor([1, 2, 3]), tensor([1, 2, 3, 4]))).toThrow(
      'add: cannot broadcast [3] with [4] (axis -1: 3 vs 4)',
    );
    expect(() =>
      mul(
        f64([
          [1, 2, 3],
          [4, 5, 6],
        ]),
        f64([
          [1, 2],
          [3, 4],
        ]),
      ),
    ).toThrow('mul: cannot broadcast [2,3] with [2,2] (axis -1: 3 vs 2)');
    expect(() => sub(f64([[1], [2]]), tensor([[[1], [2], [3]]]))).toThrow(
      'sub: cannot broadcast [2,1] with [1,3,1] (axis -2: 2 vs 3)',
    );
  });
  it('where names the clash among condition and branches', () => {
    expect(() => where(tensor([true, false, true]), tensor([1, 2]), 0)).toThrow(
      'where: cannot broadcast [3] with [2]',
    );
  });
  it('refuses non-tensor operands', () => {
    expect(() => add(tensor([1]), 'x' as unknown as number)).toThrow(DTypeError);
  });
});
