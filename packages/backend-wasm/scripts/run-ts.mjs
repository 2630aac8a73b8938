// Runs a TypeScript script of this package with the workspace packages resolved to their
// sources (tsconfig `paths`), bundled by esbuild into one file so one engine is shared.
// Usage: node scripts/run-ts.mjs scripts/bench.ts [args...]
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const entry = resolve(process.argv[2]);
const outfile = join(mkdtempSync(join(tmpdir(), 'tsgrad-run-')), 'main.mjs');
await build({
  entryPoints: [entry],
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  outfile,
  tsconfig: join(root, 'tsconfig.json'),
  logLevel: 'warning',
});
process.argv.splice(2, 1);
await import(pathToFileURL(outfile).href);
