import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync, writeSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { type EnvInfo, envInfo, formatEnv, loadNow } from './env.js';
import { type BenchOptions, FULL, QUICK, groupsOf, runsGroup } from './group.js';
import {
  type Collected,
  collect,
  goals,
  notes,
  outcomeTable,
  speedTable,
  trafficTable,
} from './report.js';
import type { ChildResult, ChildUnavailable } from './result.js';
import { type ChildFailure, isFailure, isUnavailable, runChild } from './spawn.js';
import { SYSTEM_IDS, SYSTEM_LABELS, SYSTEM_NOTES, type SystemId, isGpujs } from './systems.js';

const HELP = `Usage: pnpm bench [-- options]

Runs tsgrad (WebAssembly backend with 1 and 2 threads, TypeScript CPU backend, gpu.js backend in
its webasm, headlessgl and webgpu modes), TensorFlow.js (cpu and wasm backends) and a plain
JavaScript loop, one process per system and case group: matmul GFLOP/s, one epoch of real MNIST
with the MLP at batch 32 and 128 (samples/s, test accuracy), the CNN at batch 128 for a fixed
number of steps; peak RSS and GC time per process. The gpu.js systems train the MLP for a fixed
number of steps, not an epoch, and report kernel launches, uploads and readbacks per step; a
gpu.js mode that cannot start here is reported unavailable (not a failure). Without an X
display, the run re-starts itself under 'xvfb-run -a' (when it exists) for headlessgl.
Prints the tables with ratios and (with --json) writes everything as JSON.

Options:
  --quick            shorter matmul timing, fewer CNN steps and gpu.js MLP steps (the MLP
                     epochs of the other systems stay full)
  --json <file>      also write the results as JSON (path relative to where you typed it)
  --only <groups>    comma-separated subset of the case groups: matmul, mlp-32, mlp-128, cnn-128
  --systems <ids>    comma-separated subset of ${SYSTEM_IDS.join(', ')}
  --report <file>    print the tables of a run saved with --json, without running anything
  -h, --help         this text`;

async function main(): Promise<number> {
  const { values } = parseArgs({
    // `pnpm bench -- --quick` forwards the `--` itself; it would end option parsing.
    args: process.argv.slice(2).filter((a) => a !== '--'),
    options: {
      quick: { type: 'boolean', default: false },
      json: { type: 'string' },
      only: { type: 'string' },
      systems: { type: 'string' },
      report: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    console.log(HELP);
    return 0;
  }
  if (values.report) {
    const file = resolve(process.env.INIT_CWD ?? process.cwd(), values.report);
    const saved = JSON.parse(readFileSync(file, 'utf8')) as SavedRun;
    const ran = [...new Set(saved.results.map((r) => r.system))];
    printReport(
      saved.env,
      collect(saved.results, rowIdsOf(saved.options)),
      SYSTEM_IDS.filter((s) => ran.includes(s)),
    );
    return 0;
  }
  const systems = (values.systems?.split(',').map((s) => s.trim()) ?? [
    ...SYSTEM_IDS,
  ]) as SystemId[];
  const unknown = systems.filter((s) => !SYSTEM_IDS.includes(s));
  if (unknown.length)
    throw new Error(
      `bench: unknown system(s) ${unknown.join(', ')}; expected some of ${SYSTEM_IDS.join(', ')}`,
    );
  const options: BenchOptions = values.quick ? QUICK : FULL;
  const all = groupsOf(options);
  const only = values.only?.split(',').map((s) => s.trim());
  const badGroup = only?.filter((g) => !all.includes(g)) ?? [];
  if (badGroup.length)
    throw new Error(
      `bench: unknown group(s) ${badGroup.join(', ')}; expected some of ${all.join(', ')}`,
    );
  const groups = only ? all.filter((g) => only.includes(g)) : all;

  const xvfb = underXvfb(systems);
  if (xvfb !== null) return xvfb;

  const env = envInfo();
  console.log(formatEnv(env));
  console.log(`options: ${values.quick ? 'quick' : 'full'} ${JSON.stringify(options)}`);
  console.log('systems:');
  for (const s of systems) console.log(`  ${SYSTEM_LABELS[s]}: ${SYSTEM_NOTES[s]}`);
  console.log();

  const results: (ChildResult | ChildFailure | ChildUnavailable)[] = [];
  // A system that could not start once will not start for the next group either.
  const unavailable = new Map<SystemId, string>();
  const t0 = performance.now();
  for (const group of groups) {
    for (const system of systems.filter((s) => runsGroup(s, group))) {
      const why = unavailable.get(system);
      if (why !== undefined) {
        results.push({ system, group, unavailable: why });
        continue;
      }
      console.log(`${group} on ${SYSTEM_LABELS[system]} (load average ${loadNow()[0]})`);
      const r = await runChild(system, group, options, { log: (l) => console.log(`  ${l}`) });
      results.push(r);
      if (isFailure(r)) console.log(`  FAILED: ${r.error}`);
      else if (isUnavailable(r)) {
        unavailable.set(system, r.unavailable);
        console.log(`  unavailable: ${r.unavailable}`);
      } else
        for (const row of r.rows)
          console.log(
            `  ${row.id}: ${row.value === null ? row.status : `${row.value.toFixed(1)} ${row.unit}`}${row.span ? ` (${row.span})` : ''}${row.extra.readbacksPerStep !== undefined ? `, per ${row.id.startsWith('matmul') ? 'product' : 'step'}: ${row.extra.launchesPerStep} launches, ${row.extra.uploadsPerStep} uploads, ${row.extra.readbacksPerStep} readbacks` : ''}${row.extra.testAccuracy !== undefined ? `, test accuracy ${(100 * row.extra.testAccuracy).toFixed(2)}%` : ''} (process ${r.seconds.toFixed(1)} s, peak RSS ${r.timedPeakRssMb.toFixed(0)} MiB while timed, ${r.peakRssMb.toFixed(0)} MiB over the process)`,
          );
    }
  }
  env.loadAverage.end = loadNow();
  env.wallSeconds = Math.round((performance.now() - t0) / 1000);
  const c = collect(results, rowIdsOf(options));
  printReport(env, c, systems);
  if (values.json) {
    // Relative to where `pnpm bench` was typed, not to bench/ where pnpm runs the script.
    const file = resolve(process.env.INIT_CWD ?? process.cwd(), values.json);
    writeFileSync(file, `${JSON.stringify({ env, options, results }, null, 2)}\n`);
    console.log(`\nwrote ${file}`);
  }
  // An unavailable system is a fact about this machine, not a failure of the run.
  const failed = results.some(isFailure) || c.mismatches.length > 0;
  return failed ? 1 : 0;
}

/**
 * headlessgl needs an X display. Without one (and with xvfb-run installed) the whole run starts
 * again under `xvfb-run -a`, as packages/backend-gpujs/bench/run.mjs does: one virtual display
 * for every child, and none of the other systems cares. Returns the exit code of that run, or
 * null to go on in this process (a display exists, xvfb-run does not, or this is that run).
 */
function underXvfb(systems: readonly SystemId[]): number | null {
  if (!systems.includes('gpujs-headlessgl') || process.env.DISPLAY) return null;
  if (process.env.TSGRAD_BENCH_XVFB) return null;
  const has = spawnSync('sh', ['-c', 'command -v xvfb-run'], { stdio: 'ignore' }).status === 0;
  if (!has) return null;
  // Synchronously: spawnSync blocks the event loop, and a buffered line would come out last.
  writeSync(1, "no X display: running again under 'xvfb-run -a' (for gpujs headlessgl)\n\n");
  const r = spawnSync(
    'xvfb-run',
    ['-a', process.execPath, ...process.execArgv, ...process.argv.slice(1)],
    { stdio: 'inherit', env: { ...process.env, TSGRAD_BENCH_XVFB: '1' } },
  );
  if (r.error) throw new Error(`bench: xvfb-run failed to start: ${r.error.message}`);
  return r.status ?? 2;
}

/** What `--json` writes and `--report` reads. */
interface SavedRun {
  env: EnvInfo;
  options: BenchOptions;
  results: (ChildResult | ChildFailure | ChildUnavailable)[];
}

/** The row ids of each group (for failed children, which report none). */
function rowIdsOf(options: BenchOptions): Map<string, string[]> {
  return new Map([['matmul', options.matmulSizes.map((n) => `matmul-${n}`)]]);
}

function printReport(env: EnvInfo, c: Collected, systems: readonly SystemId[]): void {
  console.log(`\n${formatEnv(env)}\n`);
  console.log(
    "Throughput (higher is better); ratios use tsgrad's best backend (wasm, 1 or 2 threads).",
  );
  console.log(
    "PyTorch: issue 6's table (PyTorch 1.13 CPU, 1 thread, same machine class), not run here.\n",
  );
  console.log(speedTable(c, systems));
  console.log(`\n${outcomeTable(c, systems)}\n`);
  const traffic = trafficTable(c, systems);
  if (traffic) {
    console.log(
      'gpu.js host/device traffic per timed training step (per product for matmul); the batch is gathered on the host, so its x and y are uploaded every step:\n',
    );
    console.log(`${traffic}\n`);
  }
  for (const s of systems.filter(isGpujs)) {
    const children = c.children.filter((x) => x.system === s);
    if (!children.length) continue;
    const { mode, requestedMode, device } = children[0].info;
    const recorded = children.map(
      (ch) => ch.info.kernelFallbacks as Record<string, string> | undefined,
    );
    const fellBack = [...new Set(recorded.flatMap((r) => Object.keys(r ?? {})))];
    // Runs saved before the fallbacks were recorded cannot say "none".
    const fallbacks = recorded.some((r) => r === undefined)
      ? 'not recorded'
      : fellBack.join(', ') || 'none';
    console.log(
      `${SYSTEM_LABELS[s]}: gpu.js mode in use '${mode}' (asked '${requestedMode}'), device: ${device}; kernels that fell back to gpu.js's cpu mode: ${fallbacks}`,
    );
  }
  for (const g of goals(c)) console.log(`goal: ${g}`);
  for (const n of notes(c)) console.log(`note: ${n}`);
  for (const [id, diffs] of c.diffs)
    for (const [s, d] of diffs)
      console.log(`check ${id}: |${SYSTEM_LABELS[s]} − reference| = ${d.toExponential(2)}`);
  if (c.mismatches.length)
    console.log(`\nMISMATCH (cross-check failed): ${c.mismatches.join(', ')}`);
}

main().then(
  (code) => process.exit(code),
  (err) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(2);
  },
);
