import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, inject, it } from 'vitest';
import type { Tarball } from '../src/pack.ts';
import { type AttwProblem, isAcceptedAttwProblem, runAttw, runPublint } from '../src/shape.ts';
import { outDir, publishedPackages, readManifest, repoRoot } from '../src/workspace.ts';

const tarballs: Tarball[] = inject('tarballs');
const lines: string[] = ['# publint and arethetypeswrong, per published package', ''];

describe('every published package has a correct shape', () => {
  it('these checks list every published package as a dependency (so turbo builds it first)', () => {
    const deps = readManifest(join(repoRoot, 'tools', 'release-checks')).devDependencies ?? {};
    const all = publishedPackages({ ignoreFilter: true }).map((p) => p.name);
    expect(all.filter((n) => deps[n] !== 'workspace:*')).toEqual([]);
  });

  for (const t of tarballs) {
    it(`${t.name}: publint (no errors or warnings)`, async () => {
      const findings = await runPublint(t);
      for (const f of findings) lines.push(`- ${t.name}: publint ${f.level}: ${f.text}`);
      expect(findings.filter((f) => f.level !== 'suggestion').map((f) => f.text)).toEqual([]);
    });

    it(`${t.name}: arethetypeswrong (types resolve in node16 CJS and ESM, and bundlers)`, () => {
      const problems = runAttw(t);
      const show = (p: AttwProblem) =>
        `${p.kind} at ${p.entrypoint ?? '?'} (${p.resolutionKind ?? 'any'})`;
      for (const p of problems.filter(isAcceptedAttwProblem))
        lines.push(`- ${t.name}: attw, accepted: ${show(p)}`);
      expect(problems.filter((p) => !isAcceptedAttwProblem(p)).map(show)).toEqual([]);
    });

    it(`${t.name}: the tarball ships dist, package.json, README and LICENSE only`, () => {
      const unexpected = t.files.filter(
        (f) =>
          !f.startsWith('dist/') &&
          !/^(package\.json|README\.md|LICENSE(\.md)?|CHANGELOG\.md)$/i.test(f),
      );
      expect(unexpected).toEqual([]);
      expect(t.files.some((f) => f.startsWith('dist/'))).toBe(true);
      expect(
        JSON.stringify(t.manifest),
        'workspace: ranges must be rewritten by pnpm pack',
      ).not.toMatch(/workspace:/);
    });
  }

  afterAll(() => {
    mkdirSync(outDir, { recursive: true });
    writeFileSync(join(outDir, 'package-shape.md'), `${lines.join('\n')}\n`);
    console.log(lines.join('\n'));
  });
});
