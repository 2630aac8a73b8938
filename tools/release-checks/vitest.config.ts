import { defineConfig } from 'vitest/config';

// No aliases to the sources here (unlike the packages' own tests): these checks are about what
// gets published, so they use the built `dist/` and the tarballs `pnpm pack` makes from it.
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['./test/global-setup.ts'],
    // One file at a time: the checks spawn npm, tsc and node, and the machine has 2 cores.
    fileParallelism: false,
    testTimeout: 600_000,
    hookTimeout: 600_000,
    reporters: ['default', ['json', { outputFile: '.vitest-report.json' }]],
  },
});
