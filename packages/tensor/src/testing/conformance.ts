import { getBackend, listBackends, setBackend } from '../api.js';
import type { ConformanceCase } from './case.js';
import { creationCases } from './cases-creation.js';
import { elementwiseCases } from './cases-elementwise.js';
import { linalgCases } from './cases-linalg.js';
import { reduceCases } from './cases-reduce.js';
import { shapeCases } from './cases-shape.js';

/**
 * Every case of the backend conformance suite: each runs public ops on the current backend,
 * reads results with `await t.data()` and compares them with literal expected values. The CPU
 * backend is the reference that produced them.
 *
 * @example
 * setBackend('my-gpu');
 * for (const c of conformanceCases()) await c.run();
 */
export function conformanceCases(): ConformanceCase[] {
  return [
    ...elementwiseCases(),
    ...reduceCases(),
    ...linalgCases(),
    ...shapeCases(),
    ...creationCases(),
  ];
}

/** The `describe` / `it` pair of a test runner (vitest, jest, mocha and node:test all fit). */
export interface TestRegistrar {
  describe(name: string, fn: () => void): void;
  it(name: string, fn: () => void | Promise<void>): void;
}

/** Options of `runConformance`. */
export interface ConformanceOptions {
  /** Cases to leave out (whole names or patterns), for kernels a backend documents as missing. */
  skip?: readonly (string | RegExp)[];
}

/**
 * Registers one test per conformance case, each run with `backendName` as the current backend
 * (the previous backend is restored after each case, also when it fails).
 *
 * @throws {BackendError} when a case runs and no backend of that name is registered.
 * @example
 * import { describe, it } from 'vitest';
 * import { runConformance } from '@tsgrad/tensor/testing';
 * runConformance('gpujs', { describe, it });
 */
export function runConformance(
  backendName: string,
  runner: TestRegistrar,
  options: ConformanceOptions = {},
): void {
  const skipped = (name: string) =>
    (options.skip ?? []).some((s) => (typeof s === 'string' ? s === name : s.test(name)));
  runner.describe(`conformance of backend '${backendName}'`, () => {
    for (const c of conformanceCases()) {
      if (skipped(c.name)) continue;
      runner.it(c.name, async () => {
        const previous = listBackends().length > 0 ? getBackend().name : undefined;
        setBackend(backendName);
        try {
          await c.run();
        } finally {
          if (previous !== undefined && previous !== backendName) setBackend(previous);
        }
      });
    }
  });
}
