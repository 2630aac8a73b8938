import { describe, expect, it } from 'vitest';
import { DTypeError, ShapeError, ValueError } from './errors.js';
import {
  arange,
  eye,
  full,
  fullLike,
  linspace,
  ones,
  scalar,
  tensor,
  zeros,
  zerosLike,
} from './index.js';

describe('tensor()', () => {
  it('infers dtype from typed arrays and booleans, float32 otherwise', () => {
    expect(tensor([1, 2]).dtype).toBe('float32');
    expect(tensor(new Float64Array([1])).dtype).toBe('float64');
    expect(tensor(new Int32Array([1])).dtype).toBe('int32');
    expect(tensor(new Uint8Array([1])).dtype).toBe('bool');
    expect(tensor([[true]]).dtype).toBe('bool');
    expect(tensor(3).shape).toEqual([]);
    expect(scalar(true).dtype).toBe('bool');
    expect(tensor([]).shape).toEqual([0]);
  });
  it('nested typed arrays and an explicit shape', () => {
    expect(tensor([new Float32Array([1, 2]), new Float32Array([3, 4])]).toArray()).toEqual([
      [1, 2],
      [3, 4],
    ]);
    expect(tensor(new Float32Array([1, 2, 3, 4]), [2, 2]).shape).toEqual([2, 2]);
    expect(tensor([1, 2, 3, 4], [2, 2], 'int32').toArray()).toEqual([
      [1, 2],
      [3, 4],
    ]);
  });
  it('copies its input: later changes to the source do not leak in', () => {
    const src = new Float32Array([1, 2]);
    const t = tensor(src);
    src[0] = 9;
    expect(t.toArray()).toEqual([1, 2]);
  });
  it('refuses ragged arrays', () => {
    expect(() => tensor([[1, 2], [3]])).toThrow(ShapeError);
    expect(() => tensor([[1, 2], [3]])).toThrow(
      'tensor: ragged nested array: expected length 2 at depth 1 (shape [2,2]), got length 1',
    );
    expect(() => tensor([[1], 2] as never)).toThrow(
      'tensor: ragged nested array: expected length 1 at depth 1 (shape [2,1]), got number',
    );
    expect(() => tensor([1, [2]] as never)).toThrow(
      'tensor: expected a number at depth 1, got an array',
    );
  });
  it('refuses non-integer values for int32', () => {
    expect(() => tensor([1, 1.5], undefined, 'int32')).toThrow(DTypeError);
    expect(() => tensor([1, 1.5], undefined, 'int32')).toThrow(
      'tensor: value 1.5 at index 1 is not a 32-bit integer',
    );
    expect(() => tensor([2 ** 31], undefined, 'int32')).toThrow(
      'value 2147483648 at index 0 is not a 32-bit integer',
    );
    expect(() => tensor(new Float32Array([0.5]), undefined, 'int32')).toThrow(
      'value 0.5 at index 0',
    );
  });
  it('refuses a shape of another size, bad values and unknown dtypes', () => {
    expect(() => tensor([1, 2, 3], [2, 2])).toThrow('tensor: shape [2,2] needs 4 values, got 3');
    expect(() => tensor([1, 2], [-2])).toThrow(
      'tensor: shape [-2] has an invalid dimension -2; dimensions are integers >= 0',
    );
    expect(() => tensor('abc' as never)).toThrow(ValueError);
    expect(() => tensor('abc' as never)).toThrow(
      'tensor: expected numbers, booleans, nested arrays or a typed array, got string',
    );
    expect(() => tensor([1], undefined, 'float16' as never)).toThrow(
      'tensor: unknown dtype "float16"',
    );
  });
});

describe('filled tensors', () => {
  it('zeros, ones, full and the *Like forms keep shape and dtype', () => {
    expect(zeros([2, 3]).toArray()).toEqual([
      [0, 0, 0],
      [0, 0, 0],
    ]);
    expect(ones([2], 'bool').toArray()).toEqual([true, true]);
    expect(full([], 5).toArray()).toBe(5);
    const i = full([2], 3, 'int32');
    expect(zerosLike(i).dtype).toBe('int32');
    expect(fullLike(i, 4).toArray()).toEqual([4, 4]);
  });
  it('refuse bad shapes and dtypes', () => {
    expect(() => zeros([2, 1.5])).toThrow('full: shape [2,1.5] has an invalid dimension 1.5');
    expect(() => zeros(3 as never)).toThrow('full: shape must be an array of integers, got 3');
    expect(() => ones([1], 'complex' as never)).toThrow('full: unknown dtype "complex"');
  });
});

describe('ranges', () => {
  it('arange: one argument, negative and fractional steps, empty ranges, explicit dtype', () => {
    expect(arange(4).toArray()).toEqual([0, 1, 2, 3]);
    expect(arange(0, 1, 0.1).size).toBe(10);
    expect(arange(3, -3, -2).toArray()).toEqual([3, 1, -1]);
    expect(arange(5, 1).size).toBe(0);
    expect(arange(0, 3, 1, 'float64').dtype).toBe('float64');
    expect(() => arange(0, 3, 0)).toThrow('arange: step must be a finite non-zero number, got 0');
  });
  it('linspace: both ends included exactly; 0 and 1 points', () => {
    const t = linspace(0, 0.3, 4).toArray() as number[];
    expect(t[3]).toBeCloseTo(0.3, 7);
    expect(linspace(1, 2, 0).shape).toEqual([0]);
    expect(linspace(0, 1, 3, 'float64').toArray()).toEqual([0, 0.5, 1]);
    expect(() => linspace(0, 1, 2.5)).toThrow('linspace: num must be an integer >= 0, got 2.5');
  });
  it('eye: square, rectangular, dtypes and errors', () => {
    expect(eye(2).toArray()).toEqual([
      [1, 0],
      [0, 1],
    ]);
    expect(eye(1, 3, 'bool').toArray()).toEqual([[true, false, false]]);
    expect(() => eye(-1)).toThrow('eye: shape [-1,-1] has an invalid dimension -1');
  });
});
