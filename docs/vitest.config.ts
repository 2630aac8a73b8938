import { defineConfig } from 'vitest/config';

// The docs tests run on the built packages (the demo imports them as the site does) and on the
// built site: turbo runs `build` first (docs/turbo.json).
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
    reporters: ['default', ['json', { outputFile: '.vitest-report.json' }]],
  },
});
