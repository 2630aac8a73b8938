import { existsSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const root = dirname(fileURLToPath(import.meta.url));

/**
 * Tests run on the sources of every workspace package, not their built `dist/`: one copy of
 * the engine in each test run (a test importing `@tsgrad/autograd` and `@tsgrad/tensor` must see
 * the same tensor module), and no build needed before testing.
 */
function workspaceAliases(): { find: RegExp; replacement: string }[] {
  const aliases: { find: RegExp; replacement: string }[] = [];
  for (const name of readdirSync(join(root, 'packages'))) {
    const src = join(root, 'packages', name, 'src');
    if (!existsSync(join(src, 'index.ts'))) continue;
    const pkg = name === 'tsgrad' ? 'tsgrad' : `@tsgrad/${name}`;
    aliases.push({ find: new RegExp(`^${pkg}/testing$`), replacement: join(src, 'testing.ts') });
    aliases.push({ find: new RegExp(`^${pkg}$`), replacement: join(src, 'index.ts') });
  }
  return aliases;
}

export function packageTestConfig() {
  return defineConfig({
    resolve: { alias: workspaceAliases() },
    test: {
      include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
      reporters: ['default', ['json', { outputFile: '.vitest-report.json' }]],
      testTimeout: 30_000,
    },
  });
}
