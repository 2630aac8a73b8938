import { CpuBackend, getBackend, setBackend } from '@tsgrad/tensor';
import { describe, expect, it } from 'vitest';
import { GpujsBackend, registerGpujsBackend } from '../src/index.js';
import { CASES } from './case-list.js';
import { registerChecks } from './register-checks.js';

// gpu.js's cpu (transpiled JavaScript) and webasm (WebAssembly SIMD) modes need nothing
// installed, so they always run: every kernel against the float64 CPU reference, the gradient
// checks and the conformance suite.
for (const mode of ['cpu', 'webasm'] as const) {
  describe(`gpujs ${mode} mode`, () => {
    const name = registerGpujsBackend({ mode, name: `gpujs-${mode}`, strict: true, priority: 0 });
    registerChecks(name);

    it(`ran in ${mode} mode, with no kernel falling back to gpu.js's cpu mode`, () => {
      const backend = setBackend(name) as GpujsBackend;
      const info = getBackend().info!();
      expect(info.mode).toBe(mode);
      expect(info.requestedMode).toBe(mode);
      expect(info.fallbackReason).toBeNull();
      expect(info.kernelFallbacks).toEqual({});
      expect(backend.stats.compiles).toBeGreaterThan(10);
      setBackend('cpu');
    });
  });
}

describe('kernel coverage', () => {
  it('implements and exercises every kernel id of the CPU backend', () => {
    const cpuIds = Object.keys(new CpuBackend().kernels).sort();
    const gpuIds = Object.keys(new GpujsBackend({ mode: 'cpu' }).kernels);
    expect(cpuIds.filter((id) => !gpuIds.includes(id))).toEqual([]);
    const exercised = new Set(CASES.flatMap((c) => c.kernels));
    expect(cpuIds.filter((id) => !exercised.has(id))).toEqual([]);
    // The tensor package's optional fused kernels, too.
    for (const id of ['sgdUpdate', 'adamUpdate', 'logSoftmax']) {
      expect(gpuIds).toContain(id);
      expect(exercised.has(id)).toBe(true);
    }
  });
});
