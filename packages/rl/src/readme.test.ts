import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it, vi } from 'vitest';

/**
 * Runs every ```ts block of this package's README.md, each as its own ES module, so the
 * examples users copy cannot silently break. Blocks import the packages by name
 * (`@tsgrad/tensor`, ...); the test config resolves those to the workspace sources, so a
 * block runs against the code in this checkout. Top-level `await` works.
 *
 * A block that is not a complete program (an excerpt, or code that needs something a test
 * cannot have, such as a GPU or a test runner of its own) is fenced as ```ts no-run; it is
 * listed below as a skipped test, so it stays visible.
 */
const README = new URL('../README.md', import.meta.url);

interface Block {
  line: number;
  info: string;
  code: string;
}

function tsBlocks(markdown: string): Block[] {
  const out: Block[] = [];
  const fence = /^```ts([^\n]*)\n([\s\S]*?)^```[ \t]*$/gm;
  for (const m of markdown.matchAll(fence)) {
    const line = markdown.slice(0, m.index).split('\n').length;
    out.push({ line, info: m[1].trim(), code: m[2] });
  }
  return out;
}

const blocks = tsBlocks(readFileSync(README, 'utf8'));
const dir = mkdtempSync(join(tmpdir(), 'tsgrad-readme-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('README.md code blocks run', () => {
  it('has runnable blocks', () => {
    expect(blocks.filter((b) => b.info !== 'no-run').length).toBeGreaterThan(0);
  });
  for (const [i, block] of blocks.entries()) {
    const name = `block ${i + 1} (README.md line ${block.line})`;
    if (block.info === 'no-run') {
      it.skip(`${name}: fenced no-run`, () => {});
      continue;
    }
    it(name, async () => {
      expect(block.info, 'unknown fence info; use ```ts or ```ts no-run').toBe('');
      const file = join(dir, `block-${i + 1}.ts`);
      writeFileSync(file, `${block.code}\nexport {};\n`);
      const log = vi.spyOn(console, 'log').mockImplementation(() => {});
      try {
        await import(pathToFileURL(file).href);
      } finally {
        log.mockRestore();
      }
    }, 120_000);
  }
});
