export { WasmBackend, type WasmBackendOptions, type WasmStats } from './backend.js';
export { registerWasmBackend, type RegisterWasmOptions } from './register.js';
export { ready, type WasmSupport } from './module.js';
