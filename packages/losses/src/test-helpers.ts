import { type Tensor, tensor } from '@tsgrad/tensor';
import { expect } from 'vitest';

/** @internal float64 tensor from nested arrays (tests). */
export const f64 = (v: number[] | number[][]): Tensor => tensor(v, undefined, 'float64');

/** @internal int32 tensor (tests). */
export const i32 = (v: number[] | number[][]): Tensor => tensor(v, undefined, 'int32');

/** @internal Compares a tensor's values with expected numbers, elementwise (tests). */
export function expectValues(t: Tensor, expected: number | number[], digits = 6): void {
  const got = Array.from(t.dataSync());
  const want = typeof expected === 'number' ? [expected] : expected;
  expect(got.length).toBe(want.length);
  got.forEach((g, i) => {
    expect(g, `element ${i}`).toBeCloseTo(want[i], digits);
  });
}
