import { describe, expect, it } from 'vitest';
import { DTypeError, GradientError, ShapeError } from './errors.js';
import { add, arange, reshape, scalar, tensor, zeros } from './index.js';

describe('Tensor', () => {
  it('shape, dtype, size and rank', () => {
    const t = tensor([
      [1, 2, 3],
      [4, 5, 6],
    ]);
    expect(t.shape).toEqual([2, 3]);
    expect(t.dtype).toBe('float32');
    expect(t.size).toBe(6);
    expect(t.rank).toBe(2);
    expect(Object.isFrozen(t.shape)).toBe(true);
  });
  it('dataSync() and data() return copies the caller owns', async () => {
    const t = tensor([1, 2]);
    const a = t.dataSync();
    a[0] = 99;
    const b = await t.data();
    b[1] = 99;
    expect(t.toArray()).toEqual([1, 2]);
    expect(a).toBeInstanceOf(Float32Array);
  });
  it('toArray() and array() nest values; bool gives booleans', async () => {
    expect(tensor([[true, false]]).toArray()).toEqual([[true, false]]);
    expect(await reshape(arange(4), [2, 1, 2]).array()).toEqual([[[0, 1]], [[2, 3]]]);
    expect(scalar(3).toArray()).toBe(3);
    expect(zeros([2, 0]).toArray()).toEqual([[], []]);
  });
  it('item() reads a one-element tensor of any rank', () => {
    expect(scalar(4).item()).toBe(4);
    expect(tensor([[7]]).item()).toBe(7);
    expect(() => zeros([2]).item()).toThrow(ShapeError);
    expect(() => zeros([2]).item()).toThrow('item: needs a tensor with one element, got shape [2]');
  });
  it('requiresGrad only on float leaves', () => {
    const x = tensor([1]).requireGrad();
    expect(x.requiresGrad).toBe(true);
    expect(add(x, 1).requiresGrad).toBe(true);
    expect(() => zeros([1], 'int32').requireGrad()).toThrow(DTypeError);
    expect(() => zeros([1], 'int32').requireGrad()).toThrow(
      'requiresGrad: only float tensors can require gradients, got int32',
    );
    expect(() => zeros([1], 'bool').requireGrad()).toThrow('got bool');
    expect(() => add(x, 1).requireGrad()).toThrow(GradientError);
    expect(() => {
      add(x, 1).requiresGrad = false;
    }).toThrow(
      'requiresGrad: can only be set on leaf tensors; use detach() to cut a computed tensor from the graph',
    );
    expect(tensor([1]).requireGrad().requireGrad(false).requiresGrad).toBe(false);
  });
  it('detach() shares values and cuts the graph', () => {
    const x = tensor([1, 2]).requireGrad();
    const y = add(x, 1).detach();
    expect(y.requiresGrad).toBe(false);
    expect(y.node).toBeNull();
    expect(y.toArray()).toEqual([2, 3]);
  });
  it('backward() without @tsgrad/autograd loaded says what to import', () => {
    const x = tensor([1]).requireGrad();
    expect(() => add(x, 1).backward()).toThrow(
      "backward: no gradient engine is loaded; import '@tsgrad/autograd' (or 'tsgrad') first",
    );
  });
  it('assign() replaces values in place; checks shape, dtype and leafness', () => {
    const w = tensor([1, 2]);
    const id = w.id;
    w.assign(tensor([3, 4]));
    expect(w.id).toBe(id);
    expect(w.toArray()).toEqual([3, 4]);
    expect(() => w.assign(tensor([1]))).toThrow('assign: shape [1] does not match target [2]');
    expect(() => w.assign(tensor([1, 2], undefined, 'int32'))).toThrow(
      'assign: dtype int32 does not match target float32',
    );
    const y = add(tensor([1]).requireGrad(), 1);
    expect(() => y.assign(tensor([0]))).toThrow('assign: can only assign to leaf tensors');
  });
  it('name is free to set; ids are unique', () => {
    const a = zeros([1]);
    a.name = 'bias';
    expect(a.name).toBe('bias');
    expect(zeros([1]).id).not.toBe(a.id);
  });
});
