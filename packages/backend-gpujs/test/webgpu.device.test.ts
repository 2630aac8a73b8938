import '@tsgrad/autograd';
import { getBackend, setBackend } from '@tsgrad/tensor';
import { describe, expect, it } from 'vitest';
import { initWebGPU, registerGpujsBackend } from '../src/index.js';
import { registerChecks } from './register-checks.js';
import { registerMnistTraining } from './register-training.js';

// Run through `pnpm test:webgpu` (scripts/device-test.mjs): gpu.js's webgpu mode in Node on the
// `webgpu` package (Dawn), with its OpenGL ES backend on Mesa here. Without an adapter this file
// fails, saying why.
const status = await initWebGPU();
if (!status.ok) throw new Error(`backend-gpujs: webgpu is unavailable here: ${status.reason}`);

describe('gpujs webgpu mode', () => {
  const name = registerGpujsBackend({
    mode: 'webgpu',
    name: 'gpujs-webgpu',
    strict: true,
    priority: 0,
  });
  registerChecks(name);

  it('ran in webgpu mode, with no kernel falling back to gpu.js cpu mode, and no sync reads', () => {
    const backend = setBackend(name);
    const info = getBackend().info!();
    expect(info.mode).toBe('webgpu');
    expect(info.fallbackReason).toBeNull();
    expect(info.kernelFallbacks).toEqual({});
    expect(backend.readSync).toBeUndefined();
    setBackend('cpu');
  });
});

registerMnistTraining(['webgpu']);
