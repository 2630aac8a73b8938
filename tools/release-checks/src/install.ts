import { execFileSync, spawnSync } from 'node:child_process';
import {
  existsSync,
  lstatSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Tarball } from './pack.ts';

export interface InstalledPackage {
  name: string;
  version: string;
  /** Path relative to the project, e.g. `node_modules/@tsgrad/tensor`. */
  path: string;
}

/**
 * The packages of ours that installing `requested` needs: the requested ones plus, transitively,
 * every dependency (regular, optional or peer) of their packed manifests that is one of ours.
 */
export function closure(requested: readonly string[], tarballs: Map<string, Tarball>): string[] {
  const seen = new Set<string>();
  const visit = (name: string): void => {
    if (seen.has(name)) return;
    const t = tarballs.get(name);
    if (!t) throw new Error(`no tarball for ${name}`);
    seen.add(name);
    const m = t.manifest;
    for (const deps of [m.dependencies, m.optionalDependencies, m.peerDependencies]) {
      for (const dep of Object.keys(deps ?? {})) if (tarballs.has(dep)) visit(dep);
    }
  };
  for (const r of requested) visit(r);
  return [...seen].sort();
}

export interface InstallResult {
  dir: string;
  ms: number;
  tree: InstalledPackage[];
  /** Apparent size of node_modules in bytes (files only, symlinks not followed). */
  bytes: number;
  /** `resolved` of each installed package, from npm's package-lock.json. */
  resolved: Map<string, string>;
}

/**
 * A fresh project in a temporary folder, then one `npm install` of the given tarballs (and
 * registry specs) together, so tarballs that depend on each other find each other. Install
 * scripts are not run: no step may fetch binaries from outside the registry (gpu.js's optional
 * `gl` would try), and none of our packages has one.
 */
export function npmInstall(specs: readonly string[], label: string): InstallResult {
  const dir = mkdtempSync(join(tmpdir(), `tsgrad-install-${label}-`));
  writeFileSync(
    join(dir, 'package.json'),
    `${JSON.stringify({ name: `install-${label}`, version: '0.0.0', private: true }, null, 2)}\n`,
  );
  const started = performance.now();
  const r = spawnSync(
    'npm',
    ['install', '--no-audit', '--no-fund', '--ignore-scripts', '--loglevel=error', ...specs],
    { cwd: dir, encoding: 'utf8', env: { ...process.env, npm_config_update_notifier: 'false' } },
  );
  const ms = performance.now() - started;
  if (r.status !== 0) {
    throw new Error(`npm install in ${dir} failed (exit ${r.status}):\n${r.stdout}\n${r.stderr}`);
  }
  const lock = JSON.parse(readFileSync(join(dir, 'package-lock.json'), 'utf8')) as {
    packages: Record<string, { resolved?: string }>;
  };
  const resolved = new Map<string, string>();
  for (const [path, entry] of Object.entries(lock.packages)) {
    if (path && entry.resolved) resolved.set(path, entry.resolved);
  }
  return {
    dir,
    ms,
    tree: installedTree(dir),
    bytes: apparentSize(join(dir, 'node_modules')),
    resolved,
  };
}

/** Every package under `node_modules`, nested ones included. */
export function installedTree(projectDir: string): InstalledPackage[] {
  const out: InstalledPackage[] = [];
  const walk = (nm: string, rel: string): void => {
    if (!existsSync(nm)) return;
    for (const entry of readdirSync(nm)) {
      if (entry.startsWith('.')) continue;
      if (entry.startsWith('@')) {
        for (const sub of readdirSync(join(nm, entry)))
          visit(join(nm, entry, sub), `${rel}/${entry}/${sub}`);
      } else visit(join(nm, entry), `${rel}/${entry}`);
    }
  };
  const visit = (dir: string, rel: string): void => {
    const pj = join(dir, 'package.json');
    if (!existsSync(pj)) return;
    const m = JSON.parse(readFileSync(pj, 'utf8')) as { name: string; version: string };
    out.push({ name: m.name, version: m.version, path: rel.slice(1) });
    walk(join(dir, 'node_modules'), `${rel}/node_modules`);
  };
  walk(join(projectDir, 'node_modules'), '/node_modules');
  return out.sort((a, b) => a.path.localeCompare(b.path));
}

export function apparentSize(path: string): number {
  if (!existsSync(path)) return 0;
  const st = lstatSync(path);
  if (st.isSymbolicLink()) return 0;
  if (!st.isDirectory()) return st.size;
  let total = 0;
  for (const e of readdirSync(path)) total += apparentSize(join(path, e));
  return total;
}

export interface RunResult {
  stdout: string;
  stderr: string;
  status: number | null;
}

/** Writes `code` to `file` in the project and runs it with plain Node (no loaders). */
export function runSnippet(projectDir: string, file: string, code: string): RunResult {
  writeFileSync(join(projectDir, file), code);
  const r = spawnSync(process.execPath, [file], {
    cwd: projectDir,
    encoding: 'utf8',
    timeout: 120_000,
  });
  return { stdout: r.stdout, stderr: r.stderr, status: r.status };
}

export function formatBytes(n: number): string {
  if (n >= 1024 * 1024) return `${(n / 1024 / 1024).toFixed(1)} MB`;
  if (n >= 1024) return `${(n / 1024).toFixed(0)} kB`;
  return `${n} B`;
}

/** `du -sk`: what the install occupies on disk (blocks), next to the apparent size. */
export function diskUsageKb(path: string): number {
  return Number(execFileSync('du', ['-sk', path], { encoding: 'utf8' }).split('\t')[0]);
}
