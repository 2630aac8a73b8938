export { GpujsBackend, type GpujsBackendOptions, type GpujsStats } from './backend.js';
export { registerGpujsBackend, type RegisterGpujsOptions } from './register.js';
export { chooseMode, type GpujsActualMode, type GpujsMode, type ModeChoice } from './modes.js';
export { initWebGPU, type InitWebGPUOptions, type WebGPUStatus } from './webgpu.js';
