import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  type Bump,
  type Changeset,
  copyForVersioning,
  inc,
  maxBump,
  parseChangeset,
  runChangesetVersion,
} from '../src/changesets.ts';
import {
  type Manifest,
  outDir,
  readManifest,
  repoRoot,
  workspaceFolders,
} from '../src/workspace.ts';

const config = JSON.parse(readFileSync(join(repoRoot, '.changeset', 'config.json'), 'utf8')) as {
  fixed: unknown[];
  linked: unknown[];
  updateInternalDependencies?: string;
};
const files = readdirSync(join(repoRoot, '.changeset')).filter(
  (f) => f.endsWith('.md') && f !== 'README.md',
);
const folders = workspaceFolders();
const before = new Map<string, Manifest>(
  folders.map((f): [string, Manifest] => [f, readManifest(join(repoRoot, f))]),
);
const byName = new Map([...before].map(([f, m]): [string, string] => [m.name, f]));
const report: string[] = [];

describe('changesets: independent versions and a changelog per package', () => {
  it('the config versions every package on its own (no fixed or linked groups)', () => {
    expect(config.fixed).toEqual([]);
    expect(config.linked).toEqual([]);
  });

  const parsed: Changeset[] = [];
  for (const f of files) {
    it(`.changeset/${f} has front matter naming published packages`, () => {
      const cs = parseChangeset(f, readFileSync(join(repoRoot, '.changeset', f), 'utf8'));
      expect(cs.releases.length, 'names no package').toBeGreaterThan(0);
      for (const r of cs.releases) {
        const folder = byName.get(r.name);
        expect(folder, `${r.name} is not a workspace package`).toBeDefined();
        expect(before.get(folder!)!.private ?? false, `${r.name} is private`).toBe(false);
      }
      expect(cs.summary.length, 'has no summary for the changelog').toBeGreaterThan(0);
      parsed.push(cs);
    });
  }

  it('`changeset version` (dry run in a temporary copy) makes sensible bumps and changelogs', () => {
    expect(parsed.length, 'every changeset must parse first').toBe(files.length);
    const dir = copyForVersioning();
    try {
      const r = runChangesetVersion(dir);
      expect(r.status, r.output).toBe(0);
      expect(readdirSync(join(dir, '.changeset')).filter((f) => files.includes(f))).toEqual([]);

      const explicit = new Map<string, Bump>();
      for (const cs of parsed)
        for (const rel of cs.releases)
          explicit.set(rel.name, maxBump(explicit.get(rel.name), rel.type));
      const after = new Map(
        folders.map((f): [string, Manifest] => [f, readManifest(join(dir, f))]),
      );
      const bumped = new Set(
        folders
          .filter((f) => after.get(f)!.version !== before.get(f)!.version)
          .map((f) => before.get(f)!.name),
      );
      report.push('| package | before | after | why |', '| --- | --- | --- | --- |');
      for (const f of folders) {
        const old = before.get(f)!;
        const now = after.get(f)!;
        const want = explicit.get(old.name);
        const ourDeps = Object.entries({ ...old.dependencies, ...old.peerDependencies }).filter(
          ([d]) => byName.has(d),
        );
        const why = want
          ? `changesets: ${want}`
          : now.version !== old.version
            ? `dependencies: ${ourDeps
                .filter(([d]) => bumped.has(d))
                .map(([d]) => d)
                .join(', ')}`
            : 'unchanged';
        report.push(`| ${old.name} | ${old.version} | ${now.version} | ${why} |`);

        if (old.private) {
          expect(now.version, `${old.name} is private and must not be versioned`).toBe(old.version);
          continue;
        }
        if (want) {
          expect(now.version, `${old.name}: its changesets ask for ${want}`).toBe(
            inc(old.version, want),
          );
        } else if (now.version !== old.version) {
          // Only a dependency's release may bump a package nobody wrote a changeset for, and only
          // by a patch: that is what keeps the versions independent.
          expect(now.version, `${old.name} got more than a patch without a changeset`).toBe(
            inc(old.version, 'patch'),
          );
          expect(
            ourDeps.some(([d]) => bumped.has(d)),
            `${old.name} was bumped although none of its dependencies was`,
          ).toBe(true);
        }
        // workspace: ranges stay workspace: ranges (pnpm pack rewrites them at publish time).
        for (const [d, range] of Object.entries(old.dependencies ?? {}))
          if (range.startsWith('workspace:'))
            expect(now.dependencies?.[d], `${old.name} → ${d}`).toBe(range);

        if (now.version !== old.version) {
          const log = join(dir, f, 'CHANGELOG.md');
          expect(existsSync(log), `${old.name} has no CHANGELOG.md`).toBe(true);
          const text = readFileSync(log, 'utf8');
          expect(text.startsWith(`# ${old.name}\n`), `${old.name}: CHANGELOG.md title`).toBe(true);
          const first = /^## (\S+)$/m.exec(text)?.[1];
          expect(first, `${old.name}: newest CHANGELOG.md entry`).toBe(now.version);
          for (const cs of parsed.filter((c) => c.releases.some((x) => x.name === old.name))) {
            const line = cs.summary.split('\n')[0];
            expect(text, `${old.name}: CHANGELOG.md lacks ${cs.file}`).toContain(line);
          }
        }
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  afterAll(() => {
    if (report.length === 0) return;
    mkdirSync(outDir, { recursive: true });
    const text = `# changeset version (dry run)\n\n${report.join('\n')}\n`;
    writeFileSync(join(outDir, 'changeset-version.md'), text);
    console.log(text);
  });
});
