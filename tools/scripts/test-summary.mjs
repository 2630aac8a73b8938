// Adds up the vitest JSON reports of every workspace package and prints one closing line,
// "tests: N passed, N failed, N skipped", so CI has a single summary to read.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

const roots = ['packages', 'examples', 'tools', '.'];
let passed = 0;
let failed = 0;
let skipped = 0;
const rows = [];
const dirs = new Set();
for (const root of roots) {
  if (!existsSync(root)) continue;
  if (root === '.') dirs.add('bench');
  else for (const d of readdirSync(root)) dirs.add(join(root, d));
}
for (const dir of dirs) {
  const file = join(dir, '.vitest-report.json');
  if (!existsSync(file)) continue;
  const r = JSON.parse(readFileSync(file, 'utf8'));
  passed += r.numPassedTests;
  failed += r.numFailedTests;
  skipped += r.numPendingTests + (r.numTodoTests ?? 0);
  rows.push(
    `${dir.padEnd(32)} ${String(r.numPassedTests).padStart(5)} passed ${String(r.numFailedTests).padStart(3)} failed`,
  );
}
console.log(rows.join('\n'));
console.log(`tests: ${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(failed > 0 ? 1 : 0);
