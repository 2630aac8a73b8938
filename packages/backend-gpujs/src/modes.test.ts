import { BackendError, DTypeError, getBackend, setBackend, tensor } from '@tsgrad/tensor';
import { describe, expect, it, vi } from 'vitest';
import { GpujsBackend } from './backend.js';
import { chooseMode } from './modes.js';
import { registerGpujsBackend } from './register.js';

describe('chooseMode', () => {
  it('keeps modes that are available', () => {
    expect(chooseMode('cpu')).toEqual({ requestedMode: 'cpu', mode: 'cpu', fallbackReason: null });
    expect(chooseMode('webasm')).toEqual({
      requestedMode: 'webasm',
      mode: 'webasm',
      fallbackReason: null,
    });
  });

  it('falls back from browser-only modes in Node, with a reason', () => {
    for (const m of ['webgl2', 'webgl'] as const) {
      const c = chooseMode(m);
      expect(c.mode).not.toBe(m);
      expect(c.fallbackReason).toMatch(/needs a browser/);
    }
  });

  it('does not pick webgpu before initWebGPU() confirmed an adapter, and says so', () => {
    const c = chooseMode('webgpu');
    expect(c.mode).not.toBe('webgpu');
    expect(c.fallbackReason).toMatch(/await initWebGPU\(\)/);
    expect(chooseMode('gpu').mode).not.toBe('webgpu');
  });

  it("'gpu' picks a GL mode when one exists and otherwise says why not", () => {
    const c = chooseMode('gpu');
    if (c.mode === 'headlessgl') expect(c.fallbackReason).toBeNull();
    else expect(c.fallbackReason).toMatch(/no GL context/);
  });
});

describe('GpujsBackend', () => {
  it('warns once, in one line, when it falls back, and exposes the reason in info()', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const b = new GpujsBackend({ mode: 'webgl2' });
    expect(warn).toHaveBeenCalledTimes(1);
    expect(String(warn.mock.calls[0][0])).toMatch(
      /^backend-gpujs: requested mode 'webgl2' is unavailable \(.*\); using '\w+'$/,
    );
    warn.mockRestore();
    const info = b.info();
    expect(info.requestedMode).toBe('webgl2');
    expect(info.mode).toBe(b.mode);
    expect(info.fallbackReason).toMatch(/needs a browser/);
  });

  it('throws in strict mode instead of falling back', () => {
    expect(() => new GpujsBackend({ mode: 'webgl2', strict: true })).toThrow(BackendError);
    expect(() => new GpujsBackend({ mode: 'webgl2', strict: true })).toThrow(
      /backend-gpujs: requested mode 'webgl2' is unavailable/,
    );
  });

  it('rejects float64 with a clear DTypeError', () => {
    const b = new GpujsBackend({ mode: 'cpu' });
    expect(() => b.write(new Float64Array(2), 'float64')).toThrow(DTypeError);
    expect(() => b.write(new Float64Array(2), 'float64')).toThrow(
      'backend-gpujs: float64 is not supported on the GPU; use the cpu backend for gradient checks',
    );
  });

  it('registers under a name and priority, made on first use', () => {
    const name = registerGpujsBackend({ mode: 'cpu', name: 'gpujs-reg', priority: 0 });
    expect(name).toBe('gpujs-reg');
    setBackend(name);
    expect(getBackend().name).toBe('gpujs-reg');
    expect(getBackend().info!().mode).toBe('cpu');
    const t = tensor([1, 2, 3]);
    expect(t.backend.name).toBe('gpujs-reg');
    expect(() => tensor([1], undefined, 'float64')).toThrow(DTypeError);
    setBackend('cpu');
  });
});
