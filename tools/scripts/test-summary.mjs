// Adds up the vitest JSON reports of every workspace package (`.vitest-report.json`, and
// `.vitest-report.<mode>.json` for device runs) and the outcome of each step of
// tools/scripts/test-all.sh (arguments `name=ok:seconds`), and prints one closing line:
// "tests: N passed, N failed, N skipped; steps: ..." — the single summary CI reads.
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const roots = ['packages', 'examples', 'tools'];
const dirs = ['bench', 'docs'];
for (const root of roots) {
  if (!existsSync(root)) continue;
  for (const d of readdirSync(root))
    if (statSync(join(root, d)).isDirectory()) dirs.push(join(root, d));
}
let passed = 0;
let failed = 0;
let skipped = 0;
const rows = [];
for (const dir of dirs) {
  if (!existsSync(dir)) continue;
  for (const name of readdirSync(dir)
    .filter((f) => /^\.vitest-report(\.[a-z0-9-]+)?\.json$/.test(f))
    .sort()) {
    const r = JSON.parse(readFileSync(join(dir, name), 'utf8'));
    const pending = r.numPendingTests + (r.numTodoTests ?? 0);
    passed += r.numPassedTests;
    failed += r.numFailedTests;
    skipped += pending;
    const label = name === '.vitest-report.json' ? dir : `${dir} (${name.slice(15, -5)})`;
    rows.push(
      `${label.padEnd(44)} ${String(r.numPassedTests).padStart(5)} passed ${String(r.numFailedTests).padStart(3)} failed ${String(pending).padStart(3)} skipped`,
    );
  }
}
const steps = process.argv.slice(2).map((s) => {
  const [name, rest] = s.split('=');
  const [outcome, seconds] = rest.split(':');
  return { name, outcome, seconds: Number(seconds) };
});
console.log(rows.join('\n'));
for (const s of steps)
  console.log(`step ${s.name.padEnd(22)} ${s.outcome.padEnd(7)} ${s.seconds} s`);
const badSteps = steps.filter((s) => s.outcome !== 'ok').map((s) => s.name);
console.log(
  `tests: ${passed} passed, ${failed} failed, ${skipped} skipped; steps: ${steps.length - badSteps.length}/${steps.length} ok${badSteps.length ? ` (failed: ${badSteps.join(', ')})` : ''}`,
);
process.exit(failed > 0 || badSteps.length > 0 ? 1 : 0);
