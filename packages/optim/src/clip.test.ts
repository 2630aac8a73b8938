import { type Tensor, ValueError, tensor } from '@tsgrad/tensor';
import { describe, expect, it } from 'vitest';
import { clipByGlobalNorm, clipByNorm, clipByValue, globalNorm } from './clip.js';

const f64 = (v: number[]) => tensor(v, undefined, 'float64');
const arr = (t: { dataSync(): ArrayLike<number> }) => Array.from(t.dataSync());

describe('clipping', () => {
  it('clipByValue limits every element', () => {
    const [a, b] = clipByValue([f64([-3, 0.5, 2]), f64([1.5])], 1);
    expect(arr(a)).toEqual([-1, 0.5, 1]);
    expect(arr(b)).toEqual([1]);
  });

  it('clipByNorm rescales each tensor over the limit on its own', () => {
    const [a, b] = clipByNorm([f64([3, 4]), f64([0.3, 0.4])], 1);
    // ‖a‖ = 5 → a·1/5; ‖b‖ = 0.5 ≤ 1 → unchanged
    expect(arr(a)[0]).toBeCloseTo(0.6, 15);
    expect(arr(a)[1]).toBeCloseTo(0.8, 15);
    expect(arr(b)).toEqual([0.3, 0.4]);
  });

  it('globalNorm is √(Σ‖gᵢ‖²) in the widest dtype', () => {
    const n = globalNorm([tensor([3]), f64([4, 12])]);
    expect(n.dtype).toBe('float64');
    expect(n.item()).toBe(13);
    expect(globalNorm([]).item()).toBe(0);
  });

  it('clipByGlobalNorm scales all gradients by maxNorm / max(norm, maxNorm)', () => {
    const { grads, norm } = clipByGlobalNorm([f64([3, 4]), f64([12])], 6.5);
    expect(norm.item()).toBe(13);
    // scale 6.5 / 13 = 0.5
    expect(grads.map(arr)).toEqual([[1.5, 2], [6]]);
    const kept = clipByGlobalNorm([f64([3, 4])], 10);
    expect(arr(kept.grads[0])).toEqual([3, 4]);
    expect(kept.norm.item()).toBe(5);
  });

  it('keeps each gradient’s dtype', () => {
    const { grads } = clipByGlobalNorm([tensor([3, 4]), f64([12])], 1);
    expect(grads.map((g) => g.dtype)).toEqual(['float32', 'float64']);
  });

  it('gives NaN gradients for a NaN norm', () => {
    const { grads } = clipByGlobalNorm([f64([Number.NaN, 1])], 1);
    expect(Number.isNaN(arr(grads[0])[1])).toBe(true);
  });

  it('clipByGlobalNorm skips null gradients (as PyTorch and the clipGlobalNorm option)', () => {
    // A parameter without a gradient: before its first backward, or after zeroGrad.
    const { grads, norm } = clipByGlobalNorm([f64([3, 4]), null, f64([12])], 6.5);
    expect(norm.item()).toBe(13);
    expect(grads[1]).toBeNull();
    expect(arr(grads[0]!)).toEqual([1.5, 2]);
    expect(arr(grads[2]!)).toEqual([6]);
    const none = clipByGlobalNorm([null, null], 1);
    expect(none.grads).toEqual([null, null]);
    expect(none.norm.item()).toBe(0);
    expect(globalNorm([null, f64([5, 12])]).item()).toBe(13);
  });

  it('clipByValue and clipByNorm keep null gradients in place', () => {
    expect(clipByValue([null, f64([2])], 1).map((g) => g && arr(g))).toEqual([null, [1]]);
    expect(clipByNorm([f64([0, 2]), null], 1).map((g) => g && arr(g))).toEqual([[0, 1], null]);
  });

  it('names the position of an entry that is neither a Tensor nor null', () => {
    const bad = [f64([1]), undefined] as unknown as Tensor[];
    expect(() => clipByGlobalNorm(bad, 1)).toThrow(ValueError);
    expect(() => clipByGlobalNorm(bad, 1)).toThrow(
      'clipByGlobalNorm: grads[1] must be a Tensor or null (no gradient), got undefined',
    );
    expect(() => globalNorm([3 as unknown as Tensor])).toThrow(
      'globalNorm: grads[0] must be a Tensor or null (no gradient), got number',
    );
  });

  it('validates the limits', () => {
    expect(() => clipByValue([], 0)).toThrow('clipByValue: clipValue must be > 0, got 0');
    expect(() => clipByNorm([], -1)).toThrow('clipByNorm: maxNorm must be > 0, got -1');
    expect(() => clipByGlobalNorm([], Number.NaN)).toThrow(
      'clipByGlobalNorm: maxNorm must be > 0, got NaN',
    );
  });
});
