import { defineConfig } from 'vitest/config';

const common = {
  // One file at a time: the checks spawn npm, tsc and node, and the machine has 2 cores.
  fileParallelism: false,
  testTimeout: 600_000,
  hookTimeout: 600_000,
  // Two examples run at once (each in its own Node process).
  maxConcurrency: 2,
};

// No aliases to the sources here (unlike the packages' own tests): these checks are about what
// gets published, so they use the built `dist/` and the tarballs `pnpm pack` makes from it.
export default defineConfig({
  test: {
    reporters: ['default', ['json', { outputFile: '.vitest-report.json' }]],
    projects: [
      {
        test: {
          ...common,
          name: 'tarballs',
          include: ['test/install.test.ts', 'test/package-shape.test.ts'],
          // Packs every published package once, for the files that need the tarballs.
          globalSetup: ['./test/global-setup.ts'],
        },
      },
      {
        test: {
          ...common,
          name: 'sources',
          include: ['test/**/*.test.ts'],
          exclude: ['test/install.test.ts', 'test/package-shape.test.ts'],
        },
      },
    ],
  },
});
