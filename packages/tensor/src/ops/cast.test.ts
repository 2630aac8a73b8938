import { grad } from '@tsgrad/autograd';
import { describe, expect, it } from 'vitest';
import { DTypeError } from '../errors.js';
import { mul, sum, tensor } from '../index.js';
import type { Tensor } from '../tensor.js';
import { cast } from './cast.js';

describe('cast', () => {
  it('returns the input when the dtype matches', () => {
    const x = tensor([1]);
    expect(cast(x, 'float32')).toBe(x);
  });
  it('float → int32 truncates toward zero; NaN and out-of-range values follow Int32Array', () => {
    expect(cast(tensor([2.9, -2.9, 0.5]), 'int32').toArray()).toEqual([2, -2, 0]);
  });
  it('→ bool is != 0, so NaN is true (as in NumPy)', () => {
    expect(cast(tensor([Number.NaN, 0, -0, 1e-30, Infinity]), 'bool').toArray()).toEqual([
      true,
      false,
      false,
      true,
      true,
    ]);
  });
  it('float64 ↔ float32 passes gradients; int32 casts cut them', () => {
    const g32 = grad((x: Tensor) => sum(mul(cast(x, 'float32'), 3)))(
      tensor([0.5, 1.5], undefined, 'float64'),
    );
    expect(g32.dtype).toBe('float64');
    expect(g32.toArray()).toEqual([3, 3]);
    const g = grad((x: Tensor) => sum(mul(cast(cast(x, 'int32'), 'float64'), x)))(
      tensor([1.5, 2.5], undefined, 'float64'),
    );
    expect(g.toArray()).toEqual([1, 2]);
  });
  it('refuses unknown dtypes', () => {
    expect(() => cast(tensor([1]), 'float16' as never)).toThrow(DTypeError);
    expect(() => cast(tensor([1]), 'float16' as never)).toThrow(
      'cast: unknown dtype "float16"; expected one of float32, float64, int32, bool',
    );
  });
});
