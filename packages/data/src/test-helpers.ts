import { Tensor } from '@tsgrad/tensor';
import { expect } from 'vitest';

/** Compares nested numbers (or a tensor's values) within an absolute tolerance. */
export function expectClose(actual: unknown, expected: unknown, atol = 1e-6): void {
  const a = actual instanceof Tensor ? actual.toArray() : actual;
  const flatA = [a].flat(Infinity as 1) as number[];
  const flatE = [expected].flat(Infinity as 1) as number[];
  expect(flatA.length).toBe(flatE.length);
  flatA.forEach((v, i) => {
    if (Math.abs(v - flatE[i]) > atol) expect(v).toBe(flatE[i]);
  });
}
