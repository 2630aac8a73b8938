/** One backend-independent check: uses public ops on the current backend and throws on failure. */
export interface ConformanceCase {
  /** `group: what is checked`, unique within the suite. */
  readonly name: string;
  readonly run: () => void | Promise<void>;
}

/** Float32 tolerance for results of transcendental kernels (GPU math may differ in the last bits). */
export const TOL = { atol: 1e-5, rtol: 1e-5 } as const;

/** Collects cases under a group prefix. */
export function group(
  prefix: string,
  define: (test: (name: string, run: () => void | Promise<void>) => void) => void,
): ConformanceCase[] {
  const cases: ConformanceCase[] = [];
  define((name, run) => {
    cases.push({ name: `${prefix}: ${name}`, run });
  });
  return cases;
}
