import { checkGrads, grad } from '@tsgrad/autograd';
import { describe, expect, it } from 'vitest';
import { mul, sum, tensor } from '../index.js';
import type { Tensor } from '../tensor.js';
import { logSoftmax, softmax } from './softmax.js';

const f64 = (v: number[], shape?: number[]): Tensor => tensor(v, shape, 'float64');

describe('softmax and logSoftmax', () => {
  it('gradients match finite differences along each axis', () => {
    const x = f64([0.3, -1.2, 2.1, 0.5, 0.9, -0.4], [2, 3]);
    for (const axis of [-1, 0, 1]) {
      checkGrads((v) => softmax(v, axis), [x]);
      checkGrads((v) => logSoftmax(v, axis), [x]);
    }
  });
  it('gradients stay finite for large logits', () => {
    checkGrads((v) => logSoftmax(v), [f64([1000, 999, 1001.5])]);
    const g = grad((v: Tensor) => sum(mul(softmax(v), f64([1, 2, 3]))))(
      f64([-1000, -1000, 1000]),
    ).toArray() as number[];
    expect(g.every(Number.isFinite)).toBe(true);
  });
  it('float32 rows sum to 1 and logSoftmax keeps precision for large logits', () => {
    const p = softmax(
      tensor([
        [-1000, -1000, -1000],
        [1000, 1001, 1002],
      ]),
    );
    for (const s of sum(p, 1).toArray() as number[]) expect(s).toBeCloseTo(1, 6);
    for (const v of logSoftmax(tensor([1000, 1000])).toArray() as number[])
      expect(v).toBeCloseTo(-Math.LN2, 6);
  });
  it('an all -Infinity row gives NaN, and -Infinity entries get probability 0', () => {
    expect(softmax(tensor([-Infinity, 0])).toArray()).toEqual([0, 1]);
    expect(Number.isNaN((softmax(tensor([-Infinity, -Infinity])).toArray() as number[])[0])).toBe(
      true,
    );
  });
  it('int32 logits give float32 probabilities', () => {
    const p = softmax(tensor([0, 0], undefined, 'int32'));
    expect(p.dtype).toBe('float32');
    expect(p.toArray()).toEqual([0.5, 0.5]);
  });
  it('keeps float64', () => expect(logSoftmax(f64([1, 2])).dtype).toBe('float64'));
});
