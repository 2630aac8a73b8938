import { registerBackend } from '@tsgrad/tensor';
import { WasmBackend, type WasmBackendOptions } from './backend.js';

/** Options of {@link registerWasmBackend}. */
export interface RegisterWasmOptions extends WasmBackendOptions {
  /**
   * Engine priority: with no backend chosen by `setBackend`, the highest wins (the CPU's is 1;
   * default 2, so registering makes it the default).
   */
  priority?: number;
}

/**
 * Registers the WebAssembly SIMD backend with the tensor engine under `name` (default
 * `'wasm'`). The backend is made on first use: in Node and workers it compiles its module
 * synchronously then; in a browser's main thread `await ready()` first. Where SIMD is missing
 * it runs the TypeScript kernels and says why in `getBackend().info()`.
 *
 * @returns the name it was registered under.
 * @example
 * import { matmul, randn, setBackend } from '@tsgrad/tensor';
 * import { ready, registerWasmBackend } from '@tsgrad/backend-wasm';
 *
 * await ready();
 * setBackend(registerWasmBackend());
 * const c = matmul(randn([512, 512]), randn([512, 512])); // runs in WebAssembly SIMD
 */
export function registerWasmBackend(options: RegisterWasmOptions = {}): string {
  const name = options.name ?? 'wasm';
  registerBackend(name, () => new WasmBackend({ ...options, name }), options.priority ?? 2);
  return name;
}
