import { execFileSync, spawnSync } from 'node:child_process';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { repoRoot } from './workspace.ts';

export type Bump = 'major' | 'minor' | 'patch';
const ORDER: Bump[] = ['patch', 'minor', 'major'];

export interface Changeset {
  file: string;
  releases: { name: string; type: Bump }[];
  summary: string;
}

export class ChangesetParseError extends Error {}

/**
 * Parses one changeset the way `@changesets/parse` does (YAML-ish front matter of
 * `"name": bump` lines between two `---` lines, then the summary), with a message that says
 * what is wrong with the file rather than only that it is wrong.
 */
export function parseChangeset(file: string, text: string): Changeset {
  const m = /^---\r?\n([\s\S]*?)\r?\n---[ \t]*(?:\r?\n|$)([\s\S]*)$/.exec(text);
  if (!m) {
    const hint = /^---\s*\n\s*\n##\s+"[^"]+":\s*(major|minor|patch)/.test(text)
      ? ' (its front matter was rewritten into a "## ..." heading and lost its closing "---": a markdown formatter ran over .changeset/)'
      : '';
    throw new ChangesetParseError(`${file}: no front matter between two "---" lines${hint}`);
  }
  const releases: Changeset['releases'] = [];
  for (const line of m[1].split(/\r?\n/)) {
    if (!line.trim()) continue;
    const r = /^\s*(['"]?)([^'":]+)\1\s*:\s*(major|minor|patch)\s*$/.exec(line);
    if (!r)
      throw new ChangesetParseError(
        `${file}: cannot read front matter line ${JSON.stringify(line)}`,
      );
    releases.push({ name: r[2], type: r[3] as Bump });
  }
  return { file, releases, summary: m[2].trim() };
}

export function readChangesets(root = repoRoot): Changeset[] {
  const dir = join(root, '.changeset');
  return readdirSync(dir)
    .filter((f) => f.endsWith('.md') && f !== 'README.md')
    .sort()
    .map((f) => parseChangeset(f, readFileSync(join(dir, f), 'utf8')));
}

export function maxBump(a: Bump | undefined, b: Bump): Bump {
  return a === undefined || ORDER.indexOf(b) > ORDER.indexOf(a) ? b : a;
}

/** `semver.inc` for plain `x.y.z` versions. */
export function inc(version: string, type: Bump): string {
  const m = /^(\d+)\.(\d+)\.(\d+)$/.exec(version);
  if (!m) throw new Error(`not a plain x.y.z version: ${version}`);
  const [maj, min, pat] = m.slice(1).map(Number);
  if (type === 'major') return `${maj + 1}.0.0`;
  if (type === 'minor') return `${maj}.${min + 1}.0`;
  return `${maj}.${min}.${pat + 1}`;
}

/**
 * A copy of what `changeset version` reads and writes — every workspace manifest, the
 * existing changelogs, `.changeset/` and the workspace file — in a temporary folder, so the
 * version step can run for real without touching the checkout.
 */
export function copyForVersioning(): string {
  const dest = mkdtempSync(join(tmpdir(), 'tsgrad-changeset-'));
  const files = execFileSync(
    'git',
    ['ls-files', '-z', '--cached', '--others', '--exclude-standard'],
    {
      cwd: repoRoot,
      encoding: 'utf8',
    },
  )
    .split('\0')
    .filter(Boolean)
    .filter(
      (f) =>
        /(^|\/)(package\.json|CHANGELOG\.md)$/.test(f) ||
        f.startsWith('.changeset/') ||
        f === 'pnpm-workspace.yaml',
    )
    .filter((f) => existsSync(join(repoRoot, f)));
  for (const f of files) {
    mkdirSync(dirname(join(dest, f)), { recursive: true });
    copyFileSync(join(repoRoot, f), join(dest, f));
  }
  return dest;
}

export function runChangesetVersion(dir: string): { status: number | null; output: string } {
  const require = createRequire(import.meta.url);
  const bin = join(dirname(require.resolve('@changesets/cli/package.json')), 'bin.js');
  const r = spawnSync(process.execPath, [bin, 'version'], {
    cwd: dir,
    encoding: 'utf8',
    env: { ...process.env, CI: 'true' },
  });
  return { status: r.status, output: `${r.stdout}${r.stderr}` };
}
