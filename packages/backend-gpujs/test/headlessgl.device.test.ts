import { getBackend, setBackend } from '@tsgrad/tensor';
import { GPU } from 'gpu.js';
import { describe, expect, it } from 'vitest';
import { chooseMode, registerGpujsBackend } from '../src/index.js';
import { kernelCases } from './cases.js';

// headless GL needs the native `gl` module (built from source: apt libxi-dev libglu1-mesa-dev
// libglew-dev pkg-config, then `node-gyp rebuild` in gl's folder) and an X display
// (`xvfb-run -a pnpm test`). Without them this file skips and says why.
const available = GPU.isHeadlessGLSupported;
if (!available)
  console.log(
    `[backend-gpujs] skipping headlessgl tests: ${chooseMode('headlessgl').fallbackReason}`,
  );

describe.skipIf(!available)('gpujs headlessgl mode', () => {
  const name = registerGpujsBackend({
    mode: 'headlessgl',
    name: 'gpujs-headlessgl',
    strict: true,
    priority: 0,
  });
  // NaN / Infinity follow the GL driver (gpu.js writes Infinity as FLT_MAX): those cases are
  // checked only in the IEEE modes.
  kernelCases(name, { ieee: false });

  it('ran in headlessgl mode, with no kernel falling back to gpu.js cpu mode', () => {
    setBackend(name);
    const info = getBackend().info!();
    expect(info.mode).toBe('headlessgl');
    expect(info.fallbackReason).toBeNull();
    expect(info.kernelFallbacks).toEqual({});
  });
});
