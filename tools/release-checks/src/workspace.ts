import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The monorepo root (two levels above this package), or `RELEASE_CHECKS_ROOT` to check another
 * checkout of it.
 */
export const repoRoot = resolve(
  process.env.RELEASE_CHECKS_ROOT ?? join(dirname(fileURLToPath(import.meta.url)), '../../..'),
);

/** Where the checks write their reports: the repo's ignored `out/` folder. */
export const outDir = join(repoRoot, 'out', 'release-checks');

export interface Manifest {
  name: string;
  version: string;
  private?: boolean;
  main?: string;
  module?: string;
  types?: string;
  bin?: string | Record<string, string>;
  exports?: unknown;
  files?: string[];
  dependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
}

export interface WorkspacePackage {
  name: string;
  /** Folder name under `packages/`. */
  folder: string;
  dir: string;
  manifest: Manifest;
}

export function readManifest(dir: string): Manifest {
  return JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as Manifest;
}

/**
 * Every package that will be published: each `packages/<folder>/package.json` that is not
 * `private`, sorted by name. New packages are picked up without editing the checks.
 * `RELEASE_CHECKS_PACKAGES=@tsgrad/metrics,@tsgrad/tensor` narrows a local run to some of them
 * (the checks that need a package left out are skipped, and say so).
 */
export function publishedPackages(options: { ignoreFilter?: boolean } = {}): WorkspacePackage[] {
  const only = options.ignoreFilter
    ? undefined
    : process.env.RELEASE_CHECKS_PACKAGES?.split(',').map((s) => s.trim());
  const root = join(repoRoot, 'packages');
  const out: WorkspacePackage[] = [];
  for (const folder of readdirSync(root)) {
    const dir = join(root, folder);
    if (!existsSync(join(dir, 'package.json'))) continue;
    const manifest = readManifest(dir);
    if (manifest.private) continue;
    if (only && !only.includes(manifest.name)) continue;
    out.push({ name: manifest.name, folder, dir, manifest });
  }
  return out.sort((a, b) => a.name.localeCompare(b.name));
}

/** The entry points a package's `exports` map declares, as subpaths (`'.'`, `'./testing'`). */
export function exportSubpaths(manifest: Manifest): string[] {
  const e = manifest.exports;
  if (e === undefined) return ['.'];
  if (typeof e === 'string' || Array.isArray(e)) return ['.'];
  const keys = Object.keys(e as Record<string, unknown>);
  if (!keys.every((k) => k.startsWith('.'))) return ['.'];
  return keys.filter((k) => !k.endsWith('.json') && !k.includes('*'));
}

/** Every workspace package folder (relative to `root`), from the globs in pnpm-workspace.yaml. */
export function workspaceFolders(root = repoRoot): string[] {
  const yaml = readFileSync(join(root, 'pnpm-workspace.yaml'), 'utf8');
  const globs = [...yaml.matchAll(/^\s*-\s*['"]?([^'"\n]+?)['"]?\s*$/gm)].map((m) => m[1]);
  const out: string[] = [];
  for (const g of globs) {
    if (g.endsWith('/*')) {
      const base = g.slice(0, -2);
      if (!existsSync(join(root, base))) continue;
      for (const d of readdirSync(join(root, base)).sort())
        if (existsSync(join(root, base, d, 'package.json'))) out.push(`${base}/${d}`);
    } else if (existsSync(join(root, g, 'package.json'))) out.push(g);
  }
  return out;
}
