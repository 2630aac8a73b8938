/** How long to spend on one (case, system) pair. */
export interface MeasureOptions {
  /** Keep running untimed iterations until this much time has passed (at least one). */
  warmupMs: number;
  /** Stop sampling once this much time has passed and `minSamples` were taken. */
  targetMs: number;
  /** Hard cap on the sampling time: no sample is started that would end past it. */
  maxMs: number;
  /** Samples to take before `targetMs` may stop the loop. */
  minSamples: number;
  /** Fast functions are repeated inside one sample until it lasts about this long. */
  sampleMs: number;
}

export interface Measurement {
  /** Median time of one call, in milliseconds. */
  medianMs: number;
  minMs: number;
  maxMs: number;
  /** Timed samples taken. */
  samples: number;
  /** Calls per sample. */
  itersPerSample: number;
  /** Warm-up calls. */
  warmupIters: number;
}

export const DEFAULT_OPTIONS: MeasureOptions = {
  warmupMs: 300,
  targetMs: 1500,
  maxMs: 6000,
  minSamples: 5,
  sampleMs: 25,
};

/** Median of a non-empty list. */
export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

/**
 * Times `fn`: warm-up, then samples of `itersPerSample` calls until the time budget is spent.
 * Reports the median time per call, so one GC pause or a late JIT tier-up does not move it.
 */
export function measure(fn: () => void, opts: MeasureOptions = DEFAULT_OPTIONS): Measurement {
  const now = () => performance.now();
  let start = now();
  let last = 0;
  let warmupIters = 0;
  do {
    const t0 = now();
    fn();
    last = now() - t0;
    warmupIters++;
  } while (now() - start < opts.warmupMs);

  const itersPerSample = callsPerSample(last, opts);
  const perCall: number[] = [];
  start = now();
  for (;;) {
    const t0 = now();
    for (let i = 0; i < itersPerSample; i++) fn();
    const took = now() - t0;
    perCall.push(took / itersPerSample);
    if (enough(perCall.length, now() - start, took, opts)) break;
  }
  return summarize(perCall, itersPerSample, warmupIters);
}

/**
 * `measure` for a function that finishes asynchronously (gpu.js's webgpu mode, whose results are
 * read with `await t.data()`): the same warm-up, sampling and stopping rules, each call awaited.
 * Kept apart from `measure` so the synchronous systems are not billed an await per call.
 */
export async function measureAsync(
  fn: () => Promise<void>,
  opts: MeasureOptions = DEFAULT_OPTIONS,
): Promise<Measurement> {
  const now = () => performance.now();
  let start = now();
  let last = 0;
  let warmupIters = 0;
  do {
    const t0 = now();
    await fn();
    last = now() - t0;
    warmupIters++;
  } while (now() - start < opts.warmupMs);

  const itersPerSample = callsPerSample(last, opts);
  const perCall: number[] = [];
  start = now();
  for (;;) {
    const t0 = now();
    for (let i = 0; i < itersPerSample; i++) await fn();
    const took = now() - t0;
    perCall.push(took / itersPerSample);
    if (enough(perCall.length, now() - start, took, opts)) break;
  }
  return summarize(perCall, itersPerSample, warmupIters);
}

/** Calls per timed sample, from the last warm-up call's duration. */
function callsPerSample(lastMs: number, opts: MeasureOptions): number {
  return Math.max(1, Math.ceil(opts.sampleMs / Math.max(lastMs, 1e-3)));
}

/** Whether sampling stops: enough samples over the target time, or the next would pass maxMs. */
function enough(samples: number, elapsed: number, took: number, opts: MeasureOptions): boolean {
  return (samples >= opts.minSamples && elapsed >= opts.targetMs) || elapsed + took > opts.maxMs;
}

function summarize(perCall: number[], itersPerSample: number, warmupIters: number): Measurement {
  return {
    medianMs: median(perCall),
    minMs: Math.min(...perCall),
    maxMs: Math.max(...perCall),
    samples: perCall.length,
    itersPerSample,
    warmupIters,
  };
}

/** Largest absolute elementwise difference; Infinity when lengths differ or a value is NaN. */
export function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) return Number.POSITIVE_INFINITY;
  let m = 0;
  for (let i = 0; i < a.length; i++) {
    const d = Math.abs(a[i] - b[i]);
    if (!(d <= m)) m = Number.isNaN(d) ? Number.POSITIVE_INFINITY : d;
  }
  return m;
}
