/**
 * Everything a gpu.js mode must pass, as plain async checks (no test framework): the kernel
 * cases against the float64 CPU reference, the finite-difference gradient checks, and the
 * tensor package's backend conformance suite. The vitest files and the browser page run the
 * same list.
 */
import * as T from '@tsgrad/tensor';
import { conformanceCases } from '@tsgrad/tensor/testing';
import { CASES, checkCase } from './case-list.js';
import { GRAD_CASES, checkGradCase } from './grad-check.js';

export interface Check {
  group: 'kernels' | 'gradients' | 'conformance';
  name: string;
  run: () => Promise<void>;
}

/**
 * The checks for `backendName`. Nothing is skipped in any mode: the NaN and ±Infinity cases
 * pass on Mesa's llvmpipe (headlessgl) and SwiftShader (webgl2) too.
 */
export function backendChecks(backendName: string): Check[] {
  const fail = (problem: string | null) => {
    if (problem !== null) throw new Error(problem);
  };
  const checks: Check[] = [];
  for (const c of CASES) {
    checks.push({
      group: 'kernels',
      name: c.name,
      run: async () => fail(await checkCase(c, backendName)),
    });
  }
  for (const c of GRAD_CASES) {
    checks.push({
      group: 'gradients',
      name: c.name,
      run: async () => fail(await checkGradCase(c, backendName)),
    });
  }
  for (const c of conformanceCases()) {
    checks.push({
      group: 'conformance',
      name: c.name,
      run: async () => {
        T.setBackend(backendName);
        try {
          await c.run();
        } finally {
          T.setBackend('cpu');
        }
      },
    });
  }
  return checks;
}
