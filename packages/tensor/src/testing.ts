/**
 * `@tsgrad/tensor/testing`: the backend conformance suite and the assertions it uses.
 *
 * A backend package replays the suite with its own test runner:
 * ```ts
 * import { describe, it } from 'vitest';
 * import { runConformance } from '@tsgrad/tensor/testing';
 * import '@tsgrad/backend-gpujs';
 * runConformance('gpujs', { describe, it });
 * ```
 */
export {
  expectClose,
  expectEqual,
  expectShape,
  expectTensor,
  expectThrows,
  shapeOf,
  type Expected,
  type ExpectTensorOptions,
  type Tolerance,
} from './testing/assert.js';
export type { ConformanceCase } from './testing/case.js';
export {
  conformanceCases,
  runConformance,
  type ConformanceOptions,
  type TestRegistrar,
} from './testing/conformance.js';
