import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { defaultCases } from './cases/index.js';
import { envInfo, formatEnv } from './env.js';
import { DEFAULT_OPTIONS, type MeasureOptions } from './measure.js';
import { formatTable } from './report.js';
import { runCases } from './run.js';
import { SYSTEM_IDS, type SystemId, systemInfo } from './systems.js';

const HELP = `Usage: pnpm bench [-- options]

Runs tsgrad beside plain JavaScript and TensorFlow.js (cpu and wasm backends) on the same
inputs, cross-checks the outputs, then times each case and prints a table.

Options:
  --quick            short runs (about 0.2 s per case instead of 1.5 s)
  --json <file>      also write the results as JSON
  --only <ids>       comma-separated substrings of case ids (matmul-128, matmul-512, matmul-1024,
                     elementwise-1M, mlp-32, mlp-128), e.g. --only matmul,mlp-32
  --systems <ids>    comma-separated subset of ${SYSTEM_IDS.join(', ')}
  -h, --help         this text`;

const QUICK: MeasureOptions = {
  warmupMs: 50,
  targetMs: 200,
  maxMs: 1000,
  minSamples: 3,
  sampleMs: 10,
};

async function main(): Promise<number> {
  const { values } = parseArgs({
    // `pnpm bench -- --quick` forwards the `--` itself; it would end option parsing.
    args: process.argv.slice(2).filter((a) => a !== '--'),
    options: {
      quick: { type: 'boolean', default: false },
      json: { type: 'string' },
      only: { type: 'string' },
      systems: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    console.log(HELP);
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
  const only = values.only?.split(',').map((s) => s.trim());
  const measureOptions = values.quick ? QUICK : DEFAULT_OPTIONS;

  const env = envInfo(await systemInfo(systems));
  console.log(formatEnv(env));
  console.log(
    `timing: ${values.quick ? 'quick' : 'full'} (${JSON.stringify(measureOptions)}); throughput from the median sample\n`,
  );

  const results = [];
  for (const make of defaultCases()) {
    const c = make();
    if (only && !only.some((o) => c.id.includes(o))) continue;
    console.log(`${c.label}`);
    results.push(
      ...(await runCases([c], { systems, measure: measureOptions, log: (l) => console.log(l) })),
    );
  }
  console.log(
    `\nThroughput (higher is better); ratios are tsgrad / peer (above 1: tsgrad faster).\n`,
  );
  console.log(formatTable(results, systems));
  const failed = results.filter((r) => !r.ok);
  if (failed.length)
    console.log(`\nFAILED cross-checks or leaks: ${failed.map((r) => r.id).join(', ')}`);
  if (values.json) {
    // Relative to where `pnpm bench` was typed, not to bench/ where pnpm runs the script.
    const file = resolve(process.env.INIT_CWD ?? process.cwd(), values.json);
    writeFileSync(file, `${JSON.stringify({ env, measure: measureOptions, results }, null, 2)}\n`);
    console.log(`\nwrote ${file}`);
  }
  return failed.length ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (err) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(2);
  },
);
