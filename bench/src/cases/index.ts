import type { BenchCase } from '../case.js';
import { elementwiseCase } from './elementwise.js';
import { matmulCase } from './matmul.js';
import { mlpCase } from './mlp.js';

/** The full suite, in the order it is printed. Inputs are made lazily, case by case. */
export function defaultCases(): (() => BenchCase)[] {
  return [
    () => matmulCase(128),
    () => matmulCase(512),
    () => matmulCase(1024),
    () => elementwiseCase(1_000_000),
    () => mlpCase(32),
    () => mlpCase(128),
  ];
}

export { elementwiseCase, matmulCase, mlpCase };
