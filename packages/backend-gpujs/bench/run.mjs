#!/usr/bin/env node
// `pnpm bench` (in this package): training steps on every gpu.js mode that exists here, with
// the host/device traffic per step. Bundles bench/steps.ts with esbuild (workspace packages from
// their sources; gpu.js, gl and webgpu stay external, loaded from node_modules) and runs it —
// under `xvfb-run -a` when there is no X display and xvfb-run exists, so headlessgl can run.
// Usage: node bench/run.mjs [--steps N] [--modes cpu,webasm,headlessgl,webgpu] [--models mlp,cnn]
// Prints a markdown table per model (the README's Measured section is one such run).
import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import os from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const pkg = join(dirname(fileURLToPath(import.meta.url)), '..');
const has = (cmd) => spawnSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' }).status === 0;
if (!process.env.DISPLAY && !process.env.TSGRAD_BENCH_CHILD && has('xvfb-run')) {
  const r = spawnSync('xvfb-run', ['-a', process.execPath, ...process.argv.slice(1)], {
    stdio: 'inherit',
    env: { ...process.env, TSGRAD_BENCH_CHILD: '1' },
  });
  process.exit(r.status ?? 1);
}

const { build } = await import('esbuild');
const outDir = join(pkg, '.bench-out');
mkdirSync(outDir, { recursive: true });
const outfile = join(outDir, 'steps.mjs');
await build({
  entryPoints: [join(pkg, 'bench/steps.ts')],
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  outfile,
  tsconfig: join(pkg, 'tsconfig.json'),
  external: ['gpu.js', 'gl', 'webgpu'],
  // gpu.js is CommonJS: give the bundle a require for it.
  banner: {
    js: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);",
  },
  logLevel: 'warning',
});
const argv = process.argv.slice(2);
const arg = (name, fallback) => {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 ? argv[i + 1] : fallback;
};
const modes = ['reference', ...arg('modes', 'cpu,webasm,headlessgl,webgpu').split(',')];
const models = arg('models', 'mlp,cnn').split(',');
const steps = arg('steps', '10');
const names = {
  mlp: 'MLP 784-128-10, batch 128',
  cnn: 'CNN conv 3x3x8 → relu → maxPool 2 → dense 10, batch 32',
};
const load = os
  .loadavg()
  .map((l) => l.toFixed(2))
  .join(' ');
console.log(
  `backend-gpujs bench: Node ${process.version}, ${os.cpus().length} cores (${os.cpus()[0]?.model}), load average ${load} at start, ${steps} timed steps after 2 warm-up steps`,
);
const rows = [];
for (const mode of modes) {
  // One process per mode: see bench/steps.ts.
  const r = spawnSync(process.execPath, [outfile, '--steps', steps, '--models', models.join(',')], {
    env: { ...process.env, TSGRAD_BENCH_MODE: mode },
    encoding: 'utf8',
  });
  for (const line of r.stdout.split('\n')) {
    if (!line.startsWith('{')) continue;
    const row = JSON.parse(line);
    if (row.skipped) console.log(`(skipped ${row.skipped})`);
    else rows.push(row);
  }
  if (r.status !== 0) {
    console.error(`mode ${mode} failed (exit ${r.status}):\n${r.stderr.slice(-2000)}`);
    process.exitCode = 1;
  }
}
const fmt = (v, d = 0) => (v === null || v === undefined ? '—' : v.toFixed(d));
for (const model of models) {
  console.log(`\n${names[model]}; one SGD step (forward, backward, update, read the loss):\n`);
  console.log(
    '| backend | ms / step | first step (compiles) | kernel launches / step | uploads / step | readbacks / step | device objects after |',
  );
  console.log('| --- | ---: | ---: | ---: | ---: | ---: | --- |');
  for (const r of rows.filter((x) => x.model === model)) {
    console.log(
      `| ${r.system} | ${fmt(r.msPerStep)} | ${fmt(r.firstStepMs)} | ${fmt(r.launches)} | ${fmt(r.uploads, 1)} | ${fmt(r.readbacks, 1)} | ${r.launches === null ? '—' : r.objects} |`,
    );
  }
}
console.log(
  `\nload average ${os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')} at the end`,
);
