import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { type EnvInfo, envInfo, formatEnv, loadNow } from './env.js';
import { type BenchOptions, FULL, QUICK, groupsOf, runsGroup } from './group.js';
import { type Collected, collect, goals, notes, outcomeTable, speedTable } from './report.js';
import type { ChildResult } from './result.js';
import { type ChildFailure, isFailure, runChild } from './spawn.js';
import { SYSTEM_IDS, SYSTEM_LABELS, SYSTEM_NOTES, type SystemId } from './systems.js';

const HELP = `Usage: pnpm bench [-- options]

Runs tsgrad (WebAssembly backend with 1 and 2 threads, TypeScript CPU backend), TensorFlow.js
(cpu and wasm backends) and a plain JavaScript loop, one process per system and case group:
matmul GFLOP/s, one epoch of real MNIST with the MLP at batch 32 and 128 (samples/s, test
accuracy), the CNN at batch 128 for a fixed number of steps; peak RSS and GC time per process.
Prints the tables with ratios and (with --json) writes everything as JSON.

Options:
  --quick            shorter matmul timing and fewer CNN steps (the MLP epochs stay full)
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

  const env = envInfo();
  console.log(formatEnv(env));
  console.log(`options: ${values.quick ? 'quick' : 'full'} ${JSON.stringify(options)}`);
  console.log('systems:');
  for (const s of systems) console.log(`  ${SYSTEM_LABELS[s]}: ${SYSTEM_NOTES[s]}`);
  console.log();

  const results: (ChildResult | ChildFailure)[] = [];
  const t0 = performance.now();
  for (const group of groups) {
    for (const system of systems.filter((s) => runsGroup(s, group))) {
      console.log(`${group} on ${SYSTEM_LABELS[system]} (load average ${loadNow()[0]})`);
      const r = await runChild(system, group, options, { log: (l) => console.log(`  ${l}`) });
      results.push(r);
      if (isFailure(r)) console.log(`  FAILED: ${r.error}`);
      else
        for (const row of r.rows)
          console.log(
            `  ${row.id}: ${row.value === null ? row.status : `${row.value.toFixed(1)} ${row.unit}`}${row.extra.testAccuracy !== undefined ? `, test accuracy ${(100 * row.extra.testAccuracy).toFixed(2)}%` : ''} (process ${r.seconds.toFixed(1)} s, peak RSS ${r.timedPeakRssMb.toFixed(0)} MiB while timed, ${r.peakRssMb.toFixed(0)} MiB over the process)`,
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
  const failed = results.some(isFailure) || c.mismatches.length > 0;
  return failed ? 1 : 0;
}

/** What `--json` writes and `--report` reads. */
interface SavedRun {
  env: EnvInfo;
  options: BenchOptions;
  results: (ChildResult | ChildFailure)[];
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
