import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/**
 * The systems a case can run on, each in its own process. tsgrad runs on its WebAssembly
 * backend (one thread, and two threads), on the TypeScript CPU backend and on its gpu.js backend
 * (three gpu.js modes); TensorFlow.js on its pure-JS `cpu` backend and its `wasm` backend
 * (XNNPACK).
 */
export type SystemId =
  | 'tsgrad-wasm'
  | 'tsgrad-wasm-2t'
  | 'tsgrad-cpu'
  | 'tfjs-cpu'
  | 'tfjs-wasm'
  | 'plain-js'
  | GpujsSystemId;

export type GpujsSystemId = 'gpujs-webasm' | 'gpujs-headlessgl' | 'gpujs-webgpu';

export const SYSTEM_IDS: readonly SystemId[] = [
  'tsgrad-wasm',
  'tsgrad-wasm-2t',
  'tsgrad-cpu',
  'tfjs-cpu',
  'tfjs-wasm',
  'plain-js',
  'gpujs-webasm',
  'gpujs-headlessgl',
  'gpujs-webgpu',
];

export const SYSTEM_LABELS: Record<SystemId, string> = {
  'tsgrad-wasm': 'tsgrad wasm',
  'tsgrad-wasm-2t': 'tsgrad wasm 2T',
  'tsgrad-cpu': 'tsgrad cpu',
  'tfjs-cpu': 'tfjs cpu',
  'tfjs-wasm': 'tfjs wasm',
  'plain-js': 'plain JS',
  'gpujs-webasm': 'gpujs webasm',
  'gpujs-headlessgl': 'gpujs headlessgl',
  'gpujs-webgpu': 'gpujs webgpu',
};

/** What each system is, for the report. */
export const SYSTEM_NOTES: Record<SystemId, string> = {
  'tsgrad-wasm': 'tsgrad, @tsgrad/backend-wasm (WebAssembly SIMD), 1 thread',
  'tsgrad-wasm-2t':
    'tsgrad, @tsgrad/backend-wasm with `threads: 2` (worker threads for large GEMMs)',
  'tsgrad-cpu': "tsgrad, @tsgrad/tensor's TypeScript CPU backend",
  'tfjs-cpu': 'TensorFlow.js, `cpu` backend (pure JavaScript)',
  'tfjs-wasm': 'TensorFlow.js, `@tensorflow/tfjs-backend-wasm` (XNNPACK)',
  'plain-js': 'a naive i-k-j Float32Array loop (matmul only)',
  'gpujs-webasm':
    "tsgrad, @tsgrad/backend-gpujs in gpu.js's `webasm` mode (kernels compiled to WebAssembly, data in host memory)",
  'gpujs-headlessgl':
    'tsgrad, @tsgrad/backend-gpujs in `headlessgl` mode (the native `gl` package; without a GPU, Mesa llvmpipe under Xvfb)',
  'gpujs-webgpu':
    "tsgrad, @tsgrad/backend-gpujs in `webgpu` mode (webgpu@0.6.2: Dawn on OpenGL ES; without a GPU, Mesa's software rasterizer)",
};

export const isTfjs = (id: SystemId): id is 'tfjs-cpu' | 'tfjs-wasm' => id.startsWith('tfjs');

export const isGpujs = (id: SystemId): id is GpujsSystemId => id.startsWith('gpujs-');

/** The gpu.js mode a gpujs system asks for, with `strict: true`. */
export const gpujsMode = (id: GpujsSystemId) =>
  id.slice('gpujs-'.length) as 'webasm' | 'headlessgl' | 'webgpu';

/**
 * A system that cannot start on this machine (no native `gl`, no X display, no WebGPU adapter):
 * reported as unavailable with the reason, not as a failed run.
 */
export class SystemUnavailable extends Error {
  constructor(readonly reason: string) {
    super(`unavailable: ${reason}`);
    this.name = 'SystemUnavailable';
  }
}

/** Host/device traffic counters of the gpu.js backend (`GpujsBackend.stats`). */
export interface DeviceCounters {
  kernelRuns: number;
  uploads: number;
  readbacks: number;
}

export type Tf = typeof import('@tensorflow/tfjs');

/** What a case gets to run on: TensorFlow.js with its backend set, or tsgrad with its backend set. */
export type SystemContext =
  | { kind: 'plain'; id: SystemId; info: Record<string, unknown> }
  | { kind: 'tfjs'; id: SystemId; tf: Tf; info: Record<string, unknown> }
  | {
      kind: 'tsgrad';
      id: SystemId;
      info: Record<string, unknown>;
      close: () => Promise<void>;
      /** False on gpu.js's webgpu mode: values come back only through `await t.data()`. */
      syncReads: boolean;
      /** The gpu.js backend's counters, read before and after a timed part. */
      counters?: () => DeviceCounters;
      /** What is known only after the case ran (gpu.js: kernels that fell back to its cpu mode). */
      finalInfo?: () => Record<string, unknown>;
    };

/**
 * Sets a system up in this process: TensorFlow.js with its `cpu` or `wasm` backend (the wasm
 * files read from the installed package, so it works offline), or tsgrad with the `wasm`
 * backend (`threads: 1` or `2`) or the CPU backend.
 * @throws {Error} when a backend fails to initialize.
 */
export async function setUpSystem(id: SystemId): Promise<SystemContext> {
  if (id === 'plain-js') return { kind: 'plain', id, info: {} };
  if (isTfjs(id)) {
    const tf = await import('@tensorflow/tfjs');
    const wasm = await import('@tensorflow/tfjs-backend-wasm');
    const require = createRequire(import.meta.url);
    wasm.setWasmPaths(
      `${join(dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json')), 'dist')}/`,
    );
    // Production mode: no debug checks, and no "install tfjs-node" banner.
    tf.enableProdMode();
    const name = id === 'tfjs-cpu' ? 'cpu' : 'wasm';
    if (!(await tf.setBackend(name)))
      throw new Error(`bench: TensorFlow.js backend '${name}' failed to initialize`);
    await tf.ready();
    const info: Record<string, unknown> = { tfjs: tf.version_core, backend: tf.getBackend() };
    if (name === 'wasm') {
      info.simd = tf.env().getBool('WASM_HAS_SIMD_SUPPORT');
      info.threads = tf.env().getBool('WASM_HAS_MULTITHREAD_SUPPORT');
    }
    return { kind: 'tfjs', id, tf, info };
  }
  const t = await import('@tsgrad/tensor');
  if (isGpujs(id)) return setUpGpujs(id);
  if (id === 'tsgrad-cpu') {
    t.setBackend('cpu');
    return {
      kind: 'tsgrad',
      id,
      info: { backend: 'cpu' },
      close: async () => {},
      syncReads: true,
    };
  }
  const { registerWasmBackend } = await import('@tsgrad/backend-wasm');
  const backend = t.setBackend(registerWasmBackend({ threads: id === 'tsgrad-wasm-2t' ? 2 : 1 }));
  const { simd, fallbackReason, threads, threadsFallbackReason } = backend.info!();
  if (!simd) throw new Error(`bench: tsgrad's wasm backend runs without SIMD: ${fallbackReason}`);
  return {
    kind: 'tsgrad',
    id,
    info: { backend: 'wasm', simd, threads, threadsFallbackReason },
    close: () => (backend as unknown as { close(): Promise<void> }).close(),
    syncReads: true,
  };
}

/**
 * tsgrad on its gpu.js backend in one mode, with `strict: true` so a mode that cannot run here
 * throws instead of falling back to another (which would put another mode's numbers in this
 * column). headlessgl and webgpu cannot share a process (Dawn's adapter request fails with a
 * `gl` context alive); `pnpm bench` runs every system in its own process.
 * @throws {SystemUnavailable} when the mode cannot start on this machine.
 */
async function setUpGpujs(id: GpujsSystemId): Promise<SystemContext> {
  const t = await import('@tsgrad/tensor');
  const gpujs = await import('@tsgrad/backend-gpujs');
  const mode = gpujsMode(id);
  if (mode === 'webgpu') {
    const status = await gpujs.initWebGPU();
    if (!status.ok) throw new SystemUnavailable(status.reason ?? 'initWebGPU() failed');
  } else {
    const choice = gpujs.chooseMode(mode);
    if (choice.mode !== mode) throw new SystemUnavailable(choice.fallbackReason ?? 'no reason');
  }
  const name = gpujs.registerGpujsBackend({ mode, name: `bench-${id}`, strict: true, priority: 0 });
  let backend: import('@tsgrad/backend-gpujs').GpujsBackend;
  try {
    backend = t.setBackend(name) as import('@tsgrad/backend-gpujs').GpujsBackend;
  } catch (e) {
    // strict: the backend's constructor throws exactly when the mode is unavailable.
    throw new SystemUnavailable(e instanceof Error ? e.message : String(e));
  }
  const { mode: actual, requestedMode, fallbackReason } = backend.info();
  if (actual !== mode)
    throw new Error(`bench: asked gpu.js for '${mode}' with strict: true, got '${actual}'`);
  return {
    kind: 'tsgrad',
    id,
    info: {
      backend: 'gpujs',
      mode: actual,
      requestedMode,
      fallbackReason,
      device: await deviceName(mode),
    },
    close: async () => {
      backend.destroy();
      await backend.flush();
    },
    syncReads: backend.readSync !== undefined,
    counters: () => {
      const { kernelRuns, uploads, readbacks } = backend.stats;
      return { kernelRuns, uploads, readbacks };
    },
    // gpu.js may move a single kernel to its cpu mode when it cannot compile it for the device;
    // the column would then be partly another mode, so the bench reports which kernels did.
    finalInfo: () => {
      const { kernelFallbacks, compiles } = backend.info() as {
        kernelFallbacks: Record<string, string>;
        compiles: number;
      };
      return { kernelFallbacks, compiles };
    },
  };
}

/**
 * What actually draws, so a software rasterizer is named as one: for headlessgl the `gl`
 * package's RENDERER / VERSION (it says only "ANGLE") and, on Linux, the DRI driver the process
 * loaded (`swrast_dri.so` is Mesa's software rasterizer); for webgpu the adapter's description.
 */
async function deviceName(mode: 'webasm' | 'headlessgl' | 'webgpu'): Promise<string> {
  try {
    if (mode === 'headlessgl') {
      // gl is gpu.js's optional dependency: resolve it from gpu.js, as gpu.js does.
      const fromBackend = createRequire(
        createRequire(import.meta.url).resolve('@tsgrad/backend-gpujs/package.json'),
      );
      const gl = createRequire(fromBackend.resolve('gpu.js/package.json'))('gl') as (
        w: number,
        h: number,
      ) => WebGLRenderingContextLike | null;
      const ctx = gl(1, 1);
      if (!ctx) return 'unknown (gl(1, 1) gave no context)';
      const name = `${ctx.getParameter(ctx.RENDERER)} (${ctx.getParameter(ctx.VERSION)})`;
      const drivers = loadedDriDrivers();
      ctx.getExtension('STACKGL_destroy_context')?.destroy();
      return drivers.length ? `${name}, GL driver ${drivers.join(', ')}` : name;
    }
    if (mode === 'webgpu') {
      const gpu = (globalThis as { navigator?: { gpu?: GpuLike } }).navigator?.gpu;
      const adapter = await gpu?.requestAdapter();
      const i = adapter?.info;
      if (!i) return 'unknown (no adapter info)';
      return [i.vendor, i.architecture, i.device, i.description].filter(Boolean).join(', ');
    }
    return 'host CPU (WebAssembly)';
  } catch (e) {
    return `unknown (${e instanceof Error ? e.message : String(e)})`;
  }
}

/** Mesa / vendor DRI drivers mapped into this process (Linux; empty elsewhere). */
function loadedDriDrivers(): string[] {
  let maps: string;
  try {
    maps = readFileSync('/proc/self/maps', 'utf8');
  } catch {
    return [];
  }
  const found = new Set<string>();
  for (const m of maps.matchAll(/\/dri\/([\w.-]+_dri\.so)/g)) found.add(m[1]);
  return [...found];
}

interface WebGLRenderingContextLike {
  readonly RENDERER: number;
  readonly VERSION: number;
  getParameter(p: number): unknown;
  getExtension(name: string): { destroy(): void } | null;
}

interface GpuLike {
  requestAdapter(): Promise<{
    info?: { vendor?: string; architecture?: string; device?: string; description?: string };
  } | null>;
}

/** Live tensors of a system (for leak checks). */
export async function liveTensors(ctx: SystemContext): Promise<number> {
  if (ctx.kind === 'plain') return 0;
  if (ctx.kind === 'tfjs') return ctx.tf.memory().numTensors;
  return (await import('@tsgrad/tensor')).memory().numTensors;
}
