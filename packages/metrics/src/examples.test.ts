import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import * as lib from './index.js';

/**
 * Runs every `@example` in the sources against the public exports. A line such as
 * `accuracy([0, 1], [0, 0]); // 0.5` is also checked: the value after `//` must match to the
 * digits shown (`0.666…` means truncated). Type annotations on `const` are stripped.
 */
const dir = dirname(fileURLToPath(import.meta.url));

function examples(file: string): string[] {
  const src = readFileSync(join(dir, file), 'utf8');
  const out: string[] = [];
  for (const [, body] of src.matchAll(/\/\*\*([\s\S]*?)\*\//g)) {
    const lines = body.split('\n').map((l) => l.replace(/^\s*\* ?/, ''));
    const start = lines.findIndex((l) => l.startsWith('@example'));
    if (start < 0) continue;
    const code: string[] = [];
    for (const l of lines.slice(start + 1)) {
      if (l.startsWith('@')) break;
      code.push(l);
    }
    out.push(code.join('\n'));
  }
  return out;
}

const CHECK =
  /^(?!\s*(?:const|let|var|import|if|try)\b)(.+?);\s*\/\/\s*(-?\d+(?:\.\d+)?)(…)?(?=[\s,(]|$)/;

function toScript(example: string): string {
  return example
    .split('\n')
    .filter((l) => !l.startsWith('import '))
    .map((l) => l.replace(/^(\s*const \w+): \w+ =/, '$1 ='))
    .map((l) => {
      const m = CHECK.exec(l);
      return m ? `__check(${m[1]}, ${JSON.stringify(m[2])}, ${m[3] !== undefined});` : l;
    })
    .join('\n');
}

function check(actual: unknown, shown: string, truncated: boolean): void {
  expect(typeof actual).toBe('number');
  const decimals = shown.split('.')[1]?.length ?? 0;
  const tol = truncated ? 10 ** -decimals : 0.5 * 10 ** -decimals + 1e-12;
  expect(Math.abs((actual as number) - Number(shown))).toBeLessThanOrEqual(tol);
}

const files = readdirSync(dir).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'));

describe('JSDoc @example blocks run and print what they claim', () => {
  for (const file of files) {
    examples(file).forEach((ex, i) => {
      it(`${file} #${i + 1}`, () => {
        const names = Object.keys(lib);
        const run = new Function(
          'lib',
          '__check',
          'console',
          `const { ${names.join(', ')} } = lib;\n${toScript(ex)}`,
        );
        run(lib, check, { log: () => {} });
      });
    });
  }

  it('finds the examples', () => {
    expect(files.flatMap(examples).length).toBeGreaterThan(25);
  });
});
