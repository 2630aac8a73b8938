import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { publint } from 'publint';
import { formatMessage } from 'publint/utils';
import type { Tarball } from './pack.ts';

const require = createRequire(import.meta.url);

export interface LintFinding {
  level: 'error' | 'warning' | 'suggestion';
  text: string;
}

/** publint on the tarball exactly as it would be published. */
export async function runPublint(t: Tarball): Promise<LintFinding[]> {
  const bytes = readFileSync(t.file);
  const tarball = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
  const { messages, pkg } = await publint({ pack: { tarball }, level: 'suggestion' });
  return messages.map((m) => ({
    level: m.type,
    text: formatMessage(m, pkg, { color: false }) ?? m.code,
  }));
}

export interface AttwProblem {
  kind: string;
  entrypoint?: string;
  resolutionKind?: string;
}

/**
 * `@arethetypeswrong/cli` on the tarball, every resolution mode (node10, node16 from CJS and
 * from ESM, bundler). Returns its problems.
 */
export function runAttw(t: Tarball): AttwProblem[] {
  const pkgJson = require.resolve('@arethetypeswrong/cli/package.json');
  const bin = join(dirname(pkgJson), 'dist', 'index.js');
  const r = spawnSync(process.execPath, [bin, t.file, '--format', 'json', '--profile', 'strict'], {
    encoding: 'utf8',
  });
  if (!r.stdout.trim().startsWith('{')) {
    throw new Error(
      `attw on ${t.file} printed no JSON (exit ${r.status}):\n${r.stdout}\n${r.stderr}`,
    );
  }
  const out = JSON.parse(r.stdout) as { analysis: { problems?: AttwProblem[] } };
  return out.analysis.problems ?? [];
}

/**
 * TypeScript's `node10` resolution (deprecated in TypeScript 6) does not read `exports`, so it
 * cannot see a subpath such as `@tsgrad/tensor/testing` without `typesVersions`. That is the one
 * problem these checks accept, and the report names every entry point it applies to.
 */
export function isAcceptedAttwProblem(p: AttwProblem): boolean {
  return p.kind === 'NoResolution' && p.resolutionKind === 'node10' && p.entrypoint !== '.';
}
