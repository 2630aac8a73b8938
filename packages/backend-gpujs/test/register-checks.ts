/** Registers the shared checks of a gpu.js mode as vitest tests, grouped. */
import { describe, it } from 'vitest';
import { backendChecks } from './suite.js';

export function registerChecks(backendName: string): void {
  const checks = backendChecks(backendName);
  for (const group of ['kernels', 'gradients', 'conformance'] as const) {
    describe(group, () => {
      for (const c of checks.filter((k) => k.group === group)) {
        it(c.name, c.run);
      }
    });
  }
}
