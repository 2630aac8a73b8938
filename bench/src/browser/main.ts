/**
 * `pnpm bench:browser`: the bench in headless Chromium (see run.ts). Prints the table and the
 * ratios, and writes the raw results as JSON with `--json`.
 *
 *   pnpm bench:browser [--only mlp-32,matmul-512] [--systems tsgrad-wasm,tfjs-wasm] [--json f]
 */
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { runBrowserBench } from './run.js';

const { values } = parseArgs({
  options: {
    only: { type: 'string' },
    systems: { type: 'string' },
    json: { type: 'string' },
  },
});
try {
  const r = await runBrowserBench({
    only: values.only?.split(','),
    systems: values.systems?.split(','),
  });
  console.log(r.report);
  if (values.json) {
    writeFileSync(
      values.json,
      JSON.stringify({ env: r.env, results: r.results, checks: r.checks }, null, 2),
    );
    console.error(`[bench:browser] wrote ${values.json}`);
  }
  if (!r.ok) process.exitCode = 1;
} catch (e) {
  console.error(e instanceof Error ? e.message : e);
  process.exitCode = 1;
}
