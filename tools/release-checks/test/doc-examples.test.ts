import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { generateExamples, runExample } from '../src/run-examples.ts';
import { outDir } from '../src/workspace.ts';
import { known } from './doc-examples.known.ts';

// Extracted and type-checked while the tests are collected, so each example is its own test.
const g = generateExamples();
const outcomes = new Map<string, string>();

describe.concurrent('JSDoc @example blocks of the published packages', () => {
  for (const p of g.prepared) {
    const v = g.verdicts.get(p.id)!;
    const title = `${p.example.pkg} ${p.example.exportName} (${p.example.where})`;
    const k = known[p.id];
    if (v.kind === 'fragment') {
      it.skip(`${title}: a fragment, uses ${v.missing.join(', ')} without defining it`);
      outcomes.set(p.id, `fragment (uses ${v.missing.join(', ')})`);
      continue;
    }
    if (k?.env) {
      it.skip(`${title}: not run here, ${k.reason}`);
      outcomes.set(p.id, `not run: ${k.reason}`);
      continue;
    }
    it(`${title}: ${v.kind === 'program' ? `runs${p.checks ? ` and shows what its ${p.checks} comment(s) claim` : ''}` : 'type-checks'}`, async () => {
      let failure: string | null = null;
      if (v.kind === 'type-error') failure = `does not type-check:\n${v.messages.join('\n')}`;
      else {
        const r = await runExample(v.file);
        if (r.status !== 0)
          failure = `exited with ${r.status}:\n${r.output.trim().split('\n').slice(-15).join('\n')}`;
      }
      outcomes.set(p.id, failure ? `FAILS: ${failure.split('\n').slice(0, 2).join(' ')}` : 'ok');
      const source = `\n--- the example (${p.example.where}) ---\n${p.example.code}\n--- as run (${p.id}.ts) ---\n${p.code}`;
      if (k) {
        expect(
          failure,
          `${p.id} works now: remove it from test/doc-examples.known.ts`,
        ).not.toBeNull();
        return;
      }
      expect(failure, `${failure}${source}`).toBeNull();
    });
  }
});

afterAll(() => {
  const values = g.extraction.exports.filter((e) => e.kind === 'value');
  const lacking = values.filter((e) => e.examples === 0);
  const kinds = [...g.verdicts.values()].reduce<Record<string, number>>((a, v) => {
    a[v.kind] = (a[v.kind] ?? 0) + 1;
    return a;
  }, {});
  const lines = [
    '# JSDoc @example blocks',
    '',
    `${g.prepared.length} examples from ${values.length} public value exports: ${kinds.program ?? 0} complete programs (type-checked and run), ${kinds.fragment ?? 0} fragments (type-checked only as far as they go), ${kinds['type-error'] ?? 0} that do not type-check; ${g.prepared.reduce((a, p) => a + p.checks, 0)} value comments checked. Extraction ${(g.ms.extract / 1000).toFixed(1)} s, type-check ${(g.ms.typecheck / 1000).toFixed(1)} s.`,
    '',
    '| example | where | outcome |',
    '| --- | --- | --- |',
    ...g.prepared.map(
      (p) =>
        `| ${p.id} | ${p.example.where} | ${(outcomes.get(p.id) ?? g.verdicts.get(p.id)!.kind).replaceAll('|', '\\|')} |`,
    ),
    '',
    `## Public value exports without an @example (${lacking.length} of ${values.length})`,
    '',
    ...lacking.map((e) => `- ${e.pkg} \`${e.name}\` (${e.where})`),
    '',
  ];
  mkdirSync(outDir, { recursive: true });
  writeFileSync(join(outDir, 'doc-examples.md'), lines.join('\n'));
  console.log(
    `${lines[2]}\nexports without an @example: ${lacking.length} of ${values.length}; full list in out/release-checks/doc-examples.md`,
  );
});
