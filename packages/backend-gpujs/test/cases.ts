/**
 * Runs the shared kernel cases as vitest tests: CPU result vs the result on `backendName`.
 */
import * as T from '@tsgrad/tensor';
import { expect, it } from 'vitest';
import { CASES, close } from './case-list.js';

export { CASES } from './case-list.js';

/** Registers one `it` per case: CPU result vs the result on `backendName`. */
export function kernelCases(backendName: string, opts: { ieee: boolean }): void {
  for (const c of CASES) {
    const test = c.ieee && !opts.ieee ? it.skip : it;
    test(c.name, async () => {
      T.setBackend('cpu');
      const want = c.run();
      T.setBackend(backendName);
      const got = c.run();
      expect(got.backend.name).toBe(backendName);
      expect(got.dtype).toBe(want.dtype);
      expect(got.shape).toEqual(want.shape);
      const mismatch = close(await got.data(), want.dataSync(), c.rtol ?? 1e-4, c.atol ?? 1e-5);
      expect(mismatch).toBeNull();
    });
  }
}
