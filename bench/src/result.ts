import type { SystemId } from './systems.js';

/** One measured number of one system, with what it was cross-checked on. */
export interface Row {
  /** Case id: `matmul-512`, `mlp-32`, `cnn-128`. */
  id: string;
  label: string;
  unit: string;
  /** Throughput in `unit`; null when the system could not run it (see `status`). */
  value: number | null;
  /** `ok`, or why there is no steady-state number. */
  status: 'ok' | 'unsupported' | 'too-slow';
  note?: string;
  /** What the number covers when it is not the case's usual span (`20 steps`), shown in the cell. */
  span?: string;
  /** Values compared across systems before the numbers are trusted (e.g. the first loss). */
  check: number[];
  /** Largest allowed |check − reference check|. */
  tolerance: number;
  /**
   * Case-specific extras: test accuracy, mean loss, seconds, steps; for gpu.js, kernel launches,
   * uploads and readbacks per timed step (`launchesPerStep`, `uploadsPerStep`, `readbacksPerStep`).
   */
  extra: Record<string, number>;
}

/** What one child process (one system, one case group) reports. */
export interface ChildResult {
  system: SystemId;
  group: string;
  rows: Row[];
  info: Record<string, unknown>;
  /** Peak resident set size of the process, MiB (`process.resourceUsage().maxRSS`). */
  peakRssMb: number;
  /** Resident set size after the data and the system were loaded (and a GC), before the case ran, MiB. */
  baselineRssMb: number;
  /** Largest resident set size sampled during the timed part (every training step), MiB. */
  timedPeakRssMb: number;
  /** Garbage collections during the timed part, and their total pause (`PerformanceObserver` 'gc'). */
  gc: { count: number; ms: number; timedMs: number };
  /** Wall time of the whole child, seconds. */
  seconds: number;
}

/** What a child whose system cannot start on this machine reports instead (not a failure). */
export interface ChildUnavailable {
  system: SystemId;
  group: string;
  unavailable: string;
}

/** Marks the result line on a child's stdout. */
export const RESULT_PREFIX = '@@bench-result ';
