import { runConformance } from '@tsgrad/tensor/testing';
import { describe, it } from 'vitest';
import { registerWasmBackend } from './register.js';

// The shared backend conformance suite from @tsgrad/tensor, replayed on this backend: once with
// the WebAssembly kernels and once on the TypeScript fallback (what engines without SIMD run).
runConformance(registerWasmBackend({ name: 'wasm', priority: 0 }), { describe, it });
runConformance(registerWasmBackend({ name: 'wasm-nosimd', disableSimd: true, priority: 0 }), {
  describe,
  it,
});
