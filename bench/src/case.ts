import type { SystemId, Tf } from './systems.js';

/** One system's instance of a case: inputs are made on construction, outside any timing. */
export interface Runner {
  /** The timed operation. */
  run(): void;
  /**
   * The values cross-checked between systems. Called once on a fresh runner, before timing
   * (it may run the operation itself, e.g. two training steps).
   */
  output(): ArrayLike<number>;
  /** Frees every tensor the runner made. */
  dispose(): void;
}

/** What a runner factory gets: TensorFlow.js, loaded only when a tfjs system is selected. */
export interface RunnerContext {
  tf: Tf | null;
}

/** A benchmark case: the same work, on the same inputs, for each system that implements it. */
export interface BenchCase {
  /** Stable id, e.g. `matmul-512` (used by `--only` and in the JSON). */
  id: string;
  /** What is measured, for the table. */
  label: string;
  /** Throughput unit, e.g. `GFLOP/s`. */
  unit: string;
  /** Units of work in one `run()`: throughput = work / seconds. */
  work: number;
  /** Largest allowed max-abs-difference of a system's output from tsgrad's. */
  tolerance: number;
  /** Per-case cap on sampling time (ms), for cases that are slow on some systems. */
  maxMs?: number;
  runners: Partial<Record<SystemId, (ctx: RunnerContext) => Runner>>;
}

/** The TensorFlow.js module, or a clear error when a tfjs runner is built without it. */
export function needTf(ctx: RunnerContext): Tf {
  if (!ctx.tf) throw new Error('bench: TensorFlow.js was not loaded for a tfjs runner');
  return ctx.tf;
}
