import { GPU } from 'gpu.js';
import { inNode, webgpuState } from './modes.js';

/** Options of {@link initWebGPU}. */
export interface InitWebGPUOptions {
  /**
   * Node only: the Dawn toggles passed to the `webgpu` package's `create()` (default
   * `['backend=opengles']`: Dawn on OpenGL ES through EGL, which Mesa provides on machines
   * without a Vulkan driver).
   */
  dawnOptions?: readonly string[];
  /**
   * The feature level asked of the adapter (default `'compatibility'`, which Dawn's OpenGL ES
   * backend needs; `'core'` for Vulkan / Metal / D3D12 adapters).
   */
  featureLevel?: 'compatibility' | 'core';
  /** Node only: EGL_PLATFORM when it is unset (default `'surfaceless'`: no display needed). */
  eglPlatform?: string;
}

/** What {@link initWebGPU} found. */
export interface WebGPUStatus {
  /** An adapter answered: `mode: 'webgpu'` will run. */
  ok: boolean;
  /** Why not, when `ok` is false. */
  reason: string | null;
  /** Where `navigator.gpu` came from. */
  source: 'browser' | 'webgpu package' | null;
}

interface GpuLike {
  requestAdapter(options?: Record<string, unknown>): Promise<unknown>;
}

/**
 * Prepares gpu.js's `webgpu` mode and confirms that an adapter exists; after it resolves with
 * `ok: true`, `registerGpujsBackend({ mode: 'webgpu' })` runs there. In a browser it uses
 * `navigator.gpu`. In Node it loads the optional `webgpu` package (Dawn; `npm i webgpu@0.6.2`),
 * creates its GPU with `dawnOptions`, installs it as `navigator.gpu`, and makes adapter requests
 * ask for `featureLevel`. Never throws: a failure is reported in the result (and in the fallback
 * reason of a backend that asks for `'webgpu'`).
 *
 * WebGPU reads are asynchronous: on this mode use `await t.data()` (`dataSync()` throws), and
 * kernels run from a queue that drains when a value is read.
 *
 * @example
 * import { initWebGPU, registerGpujsBackend } from '@tsgrad/backend-gpujs';
 * const status = await initWebGPU();
 * if (status.ok) setBackend(registerGpujsBackend({ mode: 'webgpu', strict: true }));
 */
export async function initWebGPU(options: InitWebGPUOptions = {}): Promise<WebGPUStatus> {
  const featureLevel = options.featureLevel ?? 'compatibility';
  const g = globalThis as { navigator?: { gpu?: GpuLike } };
  let source: WebGPUStatus['source'] = g.navigator?.gpu ? 'browser' : null;
  const done = (ok: boolean, reason: string | null): WebGPUStatus => {
    webgpuState.ready = ok;
    webgpuState.reason = reason;
    return { ok, reason, source };
  };
  if (!g.navigator?.gpu) {
    if (!inNode()) return done(false, 'this browser has no navigator.gpu');
    const env = (globalThis as { process?: { env: Record<string, string | undefined> } }).process!
      .env;
    if (env.EGL_PLATFORM === undefined) env.EGL_PLATFORM = options.eglPlatform ?? 'surfaceless';
    let mod: { create(opts: string[]): GpuLike; globals: Record<string, unknown> };
    try {
      const name = 'webgpu';
      mod = await import(/* webpackIgnore: true */ /* @vite-ignore */ name);
    } catch (e) {
      return done(
        false,
        `the 'webgpu' package (Dawn for Node) did not load: ${String((e as Error).message ?? e).split('\n')[0]} (npm i webgpu@0.6.2)`,
      );
    }
    let gpu: GpuLike;
    try {
      Object.assign(globalThis, mod.globals);
      gpu = mod.create([...(options.dawnOptions ?? ['backend=opengles'])]);
    } catch (e) {
      return done(false, `webgpu's create() failed: ${String((e as Error).message ?? e)}`);
    }
    if (!g.navigator) {
      Object.defineProperty(globalThis, 'navigator', {
        value: {},
        configurable: true,
        writable: true,
      });
    }
    Object.defineProperty(g.navigator!, 'gpu', { value: gpu, configurable: true, writable: true });
    source = 'webgpu package';
  }
  const gpu = g.navigator!.gpu!;
  // gpu.js asks for an adapter with no options; the feature level has to ride along.
  const request = gpu.requestAdapter.bind(gpu);
  if (!(request as { tsgrad?: boolean }).tsgrad) {
    const wrapped = (o: Record<string, unknown> = {}) => request({ featureLevel, ...o });
    (wrapped as { tsgrad?: boolean }).tsgrad = true;
    gpu.requestAdapter = wrapped;
  }
  try {
    if (!(await GPU.isWebGPUAvailable()))
      return done(
        false,
        `navigator.gpu.requestAdapter({ featureLevel: '${featureLevel}' }) gave no adapter`,
      );
  } catch (e) {
    return done(false, `requestAdapter failed: ${String((e as Error).message ?? e)}`);
  }
  return done(true, null);
}
