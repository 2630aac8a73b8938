import { format, inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { arange, reshape, scalar, tensor, zeros } from './index.js';

describe('toString (NumPy-like)', () => {
  it('vectors and matrices, right-aligned', () => {
    expect(tensor([1, 2.5, -3]).toString()).toBe('tensor([ 1., 2.5, -3.])');
    expect(
      tensor([
        [1, 2],
        [3, 40],
      ]).toString(),
    ).toBe('tensor([[ 1.,  2.],\n        [ 3., 40.]])');
  });
  it('rank 3 separates blocks with a blank line', () => {
    expect(reshape(arange(8), [2, 2, 2]).toString()).toBe(
      'tensor([[[0, 1],\n         [2, 3]],\n\n        [[4, 5],\n         [6, 7]]], dtype=int32)',
    );
  });
  it('scalars, empty tensors, dtypes', () => {
    expect(scalar(3.5).toString()).toBe('tensor(3.5)');
    expect(zeros([0]).toString()).toBe('tensor([])');
    expect(tensor([true, false]).toString()).toBe('tensor([ true, false], dtype=bool)');
    expect(tensor([1, 2], undefined, 'int32').toString()).toBe('tensor([1, 2], dtype=int32)');
    expect(tensor([0.1], undefined, 'float64').toString()).toBe('tensor([0.1], dtype=float64)');
  });
  it('rounds float32 noise away, 4 digits for float32 and 8 for float64', () => {
    expect(tensor([0.1, 1 / 3]).toString()).toBe('tensor([   0.1, 0.3333])');
    expect(tensor([1 / 3], undefined, 'float64').toString()).toBe(
      'tensor([0.33333333], dtype=float64)',
    );
  });
  it('nan, inf and scientific notation for tiny and huge values', () => {
    expect(tensor([Number.NaN, Infinity, -Infinity]).toString()).toBe('tensor([ nan,  inf, -inf])');
    expect(tensor([1e-5, 2e9 + 0.5], undefined, 'float64').toString()).toBe(
      'tensor([1.00000000e-5, 2.00000000e+9], dtype=float64)',
    );
  });
  it('summarises with ... beyond 1000 elements, keeping 3 at each end', () => {
    const s = arange(1001).toString();
    expect(s).toBe('tensor([   0,    1,    2, ...,  998,  999, 1000], dtype=int32)');
    const m = reshape(arange(2000), [40, 50]).toString();
    const lines = m.split('\n');
    expect(lines).toHaveLength(7);
    expect(lines[0]).toBe('tensor([[   0,    1,    2, ...,   47,   48,   49],');
    expect(lines[3].trim()).toBe('...,');
    expect(lines[6]).toBe('        [1950, 1951, 1952, ..., 1997, 1998, 1999]], dtype=int32)');
  });
  it('does not summarise at exactly 1000 elements', () => {
    expect(arange(1000).toString()).not.toContain('...');
  });
});

describe('util.inspect and console.log print the toString() form', () => {
  it('a tensor on its own', () => {
    const t = tensor([
      [1, 2, 3],
      [4, 5, 6],
    ]);
    expect(inspect(t)).toBe(t.toString());
    expect(inspect(t)).toBe('tensor([[1., 2., 3.],\n        [4., 5., 6.]])');
    // console.log formats its arguments with util.format, which uses inspect for objects.
    expect(format(t)).toBe(t.toString());
    expect(format('%o', t)).toBe(t.toString());
  });
  it('inside objects and arrays, and without the internals', () => {
    const w = tensor([1, 2], undefined, 'int32');
    expect(inspect({ w })).toBe('{ w: tensor([1, 2], dtype=int32) }');
    expect(inspect([scalar(3.5)])).toBe('[ tensor(3.5) ]');
    const big = inspect(reshape(arange(2000), [40, 50]));
    expect(big.split('\n')).toHaveLength(7);
    expect(big).not.toMatch(/_dataId|_backend|_requiresGrad/);
  });
  it('a disposed tensor says so', () => {
    const t = tensor([1, 2]);
    t.dispose();
    expect(inspect(t)).toBe('Tensor(disposed, shape=[2], dtype=float32)');
  });
});
