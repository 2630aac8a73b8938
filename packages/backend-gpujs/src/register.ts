import { registerBackend } from '@tsgrad/tensor';
import { GpujsBackend, type GpujsBackendOptions } from './backend.js';

/** Options of {@link registerGpujsBackend}. */
export interface RegisterGpujsOptions extends GpujsBackendOptions {
  /**
   * Engine priority: with no backend chosen by `setBackend`, the highest wins (the CPU's is 1;
   * default 2, so registering makes it the default).
   */
  priority?: number;
}

/**
 * Registers the gpu.js backend with the tensor engine under `name` (default `'gpujs'`). The
 * backend (and its gpu.js context) is made on first use; the mode actually in use and any
 * fallback reason are in `getBackend().info()`. Falling back prints one warning line unless
 * `quiet`; `strict: true` throws instead.
 *
 * @returns the name it was registered under.
 * @throws {BackendError} on first use, in `strict` mode, when `mode` is unavailable.
 * @example
 * import { mul, setBackend, tensor } from '@tsgrad/tensor';
 * import { registerGpujsBackend } from '@tsgrad/backend-gpujs';
 *
 * setBackend(registerGpujsBackend({ mode: 'gpu' }));
 * const y = mul(tensor([1, 2, 3]), 2);
 * console.log(await y.data()); // Float32Array [2, 4, 6]
 */
export function registerGpujsBackend(options: RegisterGpujsOptions = {}): string {
  const name = options.name ?? 'gpujs';
  registerBackend(name, () => new GpujsBackend({ ...options, name }), options.priority ?? 2);
  return name;
}
