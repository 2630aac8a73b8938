import { packageTestConfig } from '../../vitest.shared.ts';

// The device tests (headless GL, WebGPU), one file per run: `node scripts/device-test.mjs <mode>`
// checks the environment first and picks the file. Reports go to their own JSON file so they
// do not replace the one `pnpm test` writes.
const mode = process.env.TSGRAD_GPUJS_DEVICE ?? 'headlessgl';
const config = packageTestConfig();
config.test = {
  ...config.test,
  include: [`test/${mode}.device.test.ts`],
  reporters: ['default', ['json', { outputFile: `.vitest-report.${mode}.json` }]],
  testTimeout: 120_000,
  hookTimeout: 120_000,
};
export default config;
