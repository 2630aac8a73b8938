import '@tsgrad/autograd';
import { getBackend, setBackend } from '@tsgrad/tensor';
import { GPU } from 'gpu.js';
import { describe, expect, it } from 'vitest';
import { chooseMode, registerGpujsBackend } from '../src/index.js';
import { registerChecks } from './register-checks.js';
import { registerMnistTraining } from './register-training.js';
import { trainMlp } from './training.js';

// Run through `pnpm test:headlessgl` (scripts/device-test.mjs), which checks the native `gl`
// build and starts an X display with xvfb-run. Without a context this file fails, saying why.
if (!GPU.isHeadlessGLSupported) {
  throw new Error(
    `backend-gpujs: headlessgl is unavailable here: ${chooseMode('headlessgl').fallbackReason}`,
  );
}

describe('gpujs headlessgl mode', () => {
  const name = registerGpujsBackend({
    mode: 'headlessgl',
    name: 'gpujs-headlessgl',
    strict: true,
    priority: 0,
  });
  // NaN and ±Infinity follow the GL driver; Mesa's (llvmpipe, what CI has) follows IEEE, so
  // every check runs here, those included.
  registerChecks(name);

  it('ran in headlessgl mode, with no kernel falling back to gpu.js cpu mode', () => {
    setBackend(name);
    const info = getBackend().info!();
    expect(info.mode).toBe('headlessgl');
    expect(info.fallbackReason).toBeNull();
    expect(info.kernelFallbacks).toEqual({});
    setBackend('cpu');
  });

  it('an MLP trains the same as on the CPU for 8 steps, flat buffer count', () => {
    const reference = trainMlp('cpu', 8);
    const run = trainMlp(name, 8);
    for (let i = 0; i < 8; i++) expect(run.losses[i]).toBeCloseTo(reference.losses[i], 3);
    expect(new Set(run.buffers.slice(1)).size).toBe(1);
  });
});

registerMnistTraining(['headlessgl']);
