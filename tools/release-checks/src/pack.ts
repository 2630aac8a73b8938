import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { type Manifest, type WorkspacePackage, publishedPackages } from './workspace.ts';

export interface Tarball {
  name: string;
  version: string;
  file: string;
  /** Compressed size in bytes. */
  bytes: number;
  /** The package.json inside the tarball, as it would be published. */
  manifest: Manifest;
  /** Every path inside the tarball, without the leading `package/`. */
  files: string[];
}

/** Reads one file out of a `.tgz` with the system `tar`. */
export function readFromTarball(file: string, path: string): string {
  return execFileSync('tar', ['-xzOf', file, `package/${path}`], { encoding: 'utf8' });
}

export function listTarball(file: string): string[] {
  return execFileSync('tar', ['-tzf', file], { encoding: 'utf8' })
    .split('\n')
    .filter(Boolean)
    .map((p) => p.replace(/^package\//, ''));
}

/**
 * `pnpm pack` for one package into `dest`. pnpm rewrites `workspace:^` ranges to the versions
 * being published, which is what lets the tarballs reference each other.
 */
export function packPackage(pkg: WorkspacePackage, dest: string): Tarball {
  mkdirSync(dest, { recursive: true });
  const before = new Set(readdirSync(dest));
  execFileSync('pnpm', ['pack', '--pack-destination', dest], {
    cwd: pkg.dir,
    stdio: ['ignore', 'pipe', 'pipe'],
    encoding: 'utf8',
  });
  const made = readdirSync(dest).filter((f) => f.endsWith('.tgz') && !before.has(f));
  if (made.length !== 1) {
    throw new Error(`pnpm pack in ${pkg.dir} made ${made.length} tarballs: ${made.join(', ')}`);
  }
  const file = join(dest, made[0]);
  const manifest = JSON.parse(readFromTarball(file, 'package.json')) as Manifest;
  return {
    name: manifest.name,
    version: manifest.version,
    file,
    bytes: statSync(file).size,
    manifest,
    files: listTarball(file),
  };
}

/** Whether a package has been built: every file its entry points name exists. */
export function missingBuildOutputs(pkg: WorkspacePackage): string[] {
  const wanted = new Set<string>();
  const walk = (v: unknown): void => {
    if (typeof v === 'string') wanted.add(v);
    else if (v && typeof v === 'object') for (const x of Object.values(v)) walk(x);
  };
  const m = pkg.manifest;
  for (const f of [m.main, m.module, m.types]) if (f) wanted.add(f);
  walk(m.exports);
  if (typeof m.bin === 'string') wanted.add(m.bin);
  else walk(m.bin);
  return [...wanted]
    .filter((f) => !f.includes('*') && !f.endsWith('package.json'))
    .filter((f) => !existsSync(join(pkg.dir, f)));
}

export function packAll(dest: string, pkgs = publishedPackages()): Map<string, Tarball> {
  const out = new Map<string, Tarball>();
  for (const pkg of pkgs) out.set(pkg.name, packPackage(pkg, dest));
  return out;
}
