import { mergeConfig } from 'vitest/config';
import { packageTestConfig } from '../../vitest.shared.ts';

// `pnpm test` runs what needs nothing installed (gpu.js's cpu and webasm modes). The
// `*.device.test.ts` files need a headless GL or WebGPU device and run through
// `pnpm test:headlessgl` / `pnpm test:webgpu` (vitest.device.config.ts), which fail, with the
// reason, when the device is missing.
export default mergeConfig(packageTestConfig(), {
  test: { exclude: ['**/node_modules/**', 'test/**/*.device.test.ts'] },
});
