import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, inject, it } from 'vitest';
import {
  closure,
  diskUsageKb,
  formatBytes,
  type InstallResult,
  npmInstall,
  runSnippet,
} from '../src/install.ts';
import type { Tarball } from '../src/pack.ts';
import { scenarios } from '../src/scenarios.ts';
import { exportSubpaths, outDir } from '../src/workspace.ts';

const tarballs = new Map(inject('tarballs').map((t): [string, Tarball] => [t.name, t]));
const ours = (name: string): boolean => tarballs.has(name);

interface SizeRow {
  label: string;
  ours: string[];
  packages: number;
  bytes: number;
  diskKb: number;
  ms: number;
}
const sizes: SizeRow[] = [];
const projects: string[] = [];

function install(label: string, requested: string[]): InstallResult {
  const needed = closure(requested, tarballs);
  const r = npmInstall(
    needed.map((n) => tarballs.get(n)!.file),
    label,
  );
  projects.push(r.dir);
  sizes.push({
    label,
    ours: needed,
    packages: r.tree.length,
    bytes: r.bytes,
    diskKb: diskUsageKb(join(r.dir, 'node_modules')),
    ms: r.ms,
  });
  return r;
}

/** Ours in the tree must be exactly `expected`, each installed once, from a local tarball. */
function checkTree(r: InstallResult, expected: string[], mayAlsoHold: string[], gpujs: boolean) {
  const oursInTree = r.tree.filter((p) => ours(p.name));
  const names = oursInTree.map((p) => p.name);
  expect(new Set(names).size, `a package of ours is installed twice: ${names.join(', ')}`).toBe(
    names.length,
  );
  const unexpected = names.filter((n) => !expected.includes(n) && !mayAlsoHold.includes(n));
  expect(unexpected, 'packages of ours that were not needed').toEqual([]);
  expect(
    expected.filter((n) => !names.includes(n)),
    'needed packages missing from the tree',
  ).toEqual([]);
  for (const p of oursInTree) {
    expect(r.resolved.get(p.path) ?? '', `${p.name} must come from its tarball`).toMatch(/^file:/);
  }
  const hasGpujs = r.tree.some((p) => p.name === 'gpu.js');
  expect(hasGpujs, gpujs ? 'gpu.js must be installed' : 'gpu.js must not be installed').toBe(gpujs);
}

/** Every entry point loads in ESM and CJS and both give the same, non-empty, export names. */
function checkEntryPoints(r: InstallResult, pkg: string) {
  for (const sub of exportSubpaths(tarballs.get(pkg)!.manifest)) {
    const spec = sub === '.' ? pkg : `${pkg}/${sub.slice(2)}`;
    const esm = runSnippet(
      r.dir,
      'names.mjs',
      `const m = await import(${JSON.stringify(spec)});\nconsole.log(JSON.stringify(Object.keys(m).sort()));\n`,
    );
    expect(esm.status, `import('${spec}') failed:\n${esm.stderr}`).toBe(0);
    const cjs = runSnippet(
      r.dir,
      'names.cjs',
      `const m = require(${JSON.stringify(spec)});\nconsole.log(JSON.stringify(Object.keys(m).filter((k) => k !== 'default').sort()));\n`,
    );
    expect(cjs.status, `require('${spec}') failed:\n${cjs.stderr}`).toBe(0);
    const esmNames = JSON.parse(esm.stdout.trim().split('\n').at(-1)!) as string[];
    const cjsNames = JSON.parse(cjs.stdout.trim().split('\n').at(-1)!) as string[];
    expect(esmNames.length, `${spec} exports nothing`).toBeGreaterThan(0);
    expect(cjsNames, `${spec}: CommonJS and ESM export different names`).toEqual(
      esmNames.filter((k) => k !== 'default'),
    );
  }
}

describe('install only what you need (npm, from the packed tarballs)', () => {
  for (const s of scenarios) {
    const available = s.install.every(ours);
    it.skipIf(!available)(`${s.title}: npm i ${s.install.join(' ')}`, () => {
      const r = install(s.id, s.install);
      checkTree(r, s.expectOurs, Object.keys(s.mayAlsoHold ?? {}), s.gpujs);
      for (const [file, code] of [
        ['snippet.mjs', s.esm],
        ['snippet.cjs', s.cjs],
      ] as const) {
        const out = runSnippet(r.dir, file, code);
        expect(out.status, `${file} failed:\n${out.stderr}`).toBe(0);
        expect(out.stdout.trim().split('\n').at(-1), `${file} printed`).toBe(s.prints);
      }
      for (const p of s.install) checkEntryPoints(r, p);
    });
  }

  // Every other published package, alone (with only what its manifest pulls in): this is what
  // catches an import of a package that the manifest forgot to list.
  const covered = new Set(
    scenarios.filter((s) => s.install.length === 1).flatMap((s) => s.install),
  );
  covered.add('@tsgrad/autograd'); // the "tensor + autograd" scenario is autograd alone
  for (const name of [...tarballs.keys()].filter((n) => !covered.has(n))) {
    it(`${name} alone`, () => {
      const r = install(name.replace(/^@tsgrad\//, ''), [name]);
      checkTree(
        r,
        closure([name], tarballs),
        [],
        closure([name], tarballs).includes('@tsgrad/backend-gpujs'),
      );
      checkEntryPoints(r, name);
    });
  }

  // For scale, the same measurement of packages from the registry, e.g.
  // RELEASE_CHECKS_COMPARE=@tensorflow/tfjs@4.22.0 (off by default: it downloads them).
  const compare = (process.env.RELEASE_CHECKS_COMPARE ?? '').split(',').filter(Boolean);
  for (const spec of compare) {
    it(`for scale: npm i ${spec} (from the registry)`, () => {
      const r = npmInstall([spec], 'compare');
      projects.push(r.dir);
      sizes.push({
        label: spec,
        ours: [],
        packages: r.tree.length,
        bytes: r.bytes,
        diskKb: diskUsageKb(join(r.dir, 'node_modules')),
        ms: r.ms,
      });
      expect(r.tree.length).toBeGreaterThan(0);
    });
  }

  afterAll(() => {
    const rows = sizes.map(
      (s) =>
        `| ${s.label} | ${s.ours.join(', ')} | ${s.packages} | ${formatBytes(s.bytes)} | ${formatBytes(s.diskKb * 1024)} | ${(s.ms / 1000).toFixed(1)} s |`,
    );
    const packed = [...tarballs.values()].map(
      (t) => `| ${t.name} | ${t.version} | ${formatBytes(t.bytes)} | ${t.files.length} |`,
    );
    const report = [
      '# Install sizes (npm install --ignore-scripts from the packed tarballs)',
      '',
      '| project | our packages installed | packages in node_modules | apparent size | on disk | npm install |',
      '| --- | --- | --- | --- | --- | --- |',
      ...rows,
      '',
      '| tarball | version | size | files |',
      '| --- | --- | --- | --- |',
      ...packed,
      '',
    ].join('\n');
    mkdirSync(outDir, { recursive: true });
    writeFileSync(join(outDir, 'install-sizes.md'), report);
    console.log(report);
    if (!process.env.RELEASE_CHECKS_KEEP)
      for (const d of projects) rmSync(d, { recursive: true, force: true });
  });
});
