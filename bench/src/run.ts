import type { BenchCase, RunnerContext } from './case.js';
import { type MeasureOptions, type Measurement, maxAbsDiff, measure } from './measure.js';
import { SYSTEM_LABELS, type SystemId, activate, liveTensors, loadTf } from './systems.js';

export interface SystemResult {
  system: SystemId;
  /** Work units per second (the case's unit); null when the cross-check failed. */
  throughput: number | null;
  measurement: Measurement | null;
  /** Max |output − reference output|; null for the reference itself. */
  maxAbsDiff: number | null;
  /** Tensors still alive after the runner was disposed (should be 0). */
  leakedTensors: number;
}

export interface CaseResult {
  id: string;
  label: string;
  unit: string;
  tolerance: number;
  /** The system the others were compared with (tsgrad when selected). */
  reference: SystemId;
  results: SystemResult[];
  /** Every output agreed with the reference within tolerance and nothing leaked. */
  ok: boolean;
}

export interface RunOptions {
  systems: readonly SystemId[];
  measure: MeasureOptions;
  /** Progress and cross-check lines. */
  log?: (line: string) => void;
}

/**
 * Runs each case on each selected system: builds the inputs, cross-checks the output against
 * the reference system's before any timing, then measures. Systems run one after another in
 * this process, on the same input arrays.
 */
export async function runCases(
  cases: readonly BenchCase[],
  opts: RunOptions,
): Promise<CaseResult[]> {
  const log = opts.log ?? (() => {});
  const ctx: RunnerContext = {
    tf: opts.systems.some((s) => s.startsWith('tfjs')) ? await loadTf() : null,
  };
  const out: CaseResult[] = [];
  for (const c of cases) {
    const systems = opts.systems.filter((s) => c.runners[s]);
    if (systems.length === 0) continue;
    const reference = systems[0];
    let refOutput: Float32Array | null = null;
    const results: SystemResult[] = [];
    let ok = true;
    for (const system of systems) {
      await activate(system);
      const before = await liveTensors(system);
      const runner = c.runners[system]!(ctx);
      let result: SystemResult;
      try {
        const output = Float32Array.from(runner.output());
        let diff: number | null = null;
        if (refOutput === null) refOutput = output;
        else diff = maxAbsDiff(refOutput, output);
        const agrees = diff === null || diff <= c.tolerance;
        if (diff !== null) {
          log(
            `  check ${c.id}: max |${SYSTEM_LABELS[system]} − ${SYSTEM_LABELS[reference]}| = ${diff.toExponential(2)} (tolerance ${c.tolerance.toExponential(0)}) ${agrees ? 'ok' : 'MISMATCH'}`,
          );
        }
        let m: Measurement | null = null;
        const steady = await liveTensors(system);
        if (agrees) {
          const mo =
            c.maxMs === undefined
              ? opts.measure
              : { ...opts.measure, maxMs: Math.min(opts.measure.maxMs, c.maxMs) };
          m = measure(() => runner.run(), mo);
          const grown = (await liveTensors(system)) - steady;
          if (grown !== 0) {
            ok = false;
            log(
              `  LEAK ${c.id} on ${SYSTEM_LABELS[system]}: ${grown} more live tensors after timing`,
            );
          }
        } else ok = false;
        result = {
          system,
          throughput: m ? c.work / (m.medianMs / 1000) : null,
          measurement: m,
          maxAbsDiff: diff,
          leakedTensors: 0,
        };
      } finally {
        runner.dispose();
      }
      result.leakedTensors = (await liveTensors(system)) - before;
      if (result.leakedTensors !== 0) {
        ok = false;
        log(
          `  LEAK ${c.id} on ${SYSTEM_LABELS[system]}: ${result.leakedTensors} tensors left after dispose`,
        );
      }
      if (result.measurement) {
        const { medianMs, samples, itersPerSample } = result.measurement;
        log(
          `  ${c.id} ${SYSTEM_LABELS[system]}: ${formatNumber(result.throughput!)} ${c.unit} (median ${formatNumber(medianMs)} ms, ${samples}×${itersPerSample} runs)`,
        );
      }
      results.push(result);
    }
    out.push({
      id: c.id,
      label: c.label,
      unit: c.unit,
      tolerance: c.tolerance,
      reference,
      results,
      ok,
    });
  }
  return out;
}

/** Three significant digits, without exponent for everyday magnitudes. */
export function formatNumber(x: number): string {
  if (!Number.isFinite(x)) return String(x);
  const a = Math.abs(x);
  if (a >= 1000) return Math.round(x).toLocaleString('en-US');
  if (a >= 100) return x.toFixed(0);
  if (a >= 10) return x.toFixed(1);
  if (a >= 1) return x.toFixed(2);
  if (a === 0) return '0';
  return x.toPrecision(3);
}
