import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/**
 * The systems a case can run on, each in its own process. tsgrad runs on its WebAssembly
 * backend (one thread, and two threads) and on the TypeScript CPU backend; TensorFlow.js on
 * its pure-JS `cpu` backend and its `wasm` backend (XNNPACK).
 */
export type SystemId =
  | 'tsgrad-wasm'
  | 'tsgrad-wasm-2t'
  | 'tsgrad-cpu'
  | 'tfjs-cpu'
  | 'tfjs-wasm'
  | 'plain-js';

export const SYSTEM_IDS: readonly SystemId[] = [
  'tsgrad-wasm',
  'tsgrad-wasm-2t',
  'tsgrad-cpu',
  'tfjs-cpu',
  'tfjs-wasm',
  'plain-js',
];

export const SYSTEM_LABELS: Record<SystemId, string> = {
  'tsgrad-wasm': 'tsgrad wasm',
  'tsgrad-wasm-2t': 'tsgrad wasm 2T',
  'tsgrad-cpu': 'tsgrad cpu',
  'tfjs-cpu': 'tfjs cpu',
  'tfjs-wasm': 'tfjs wasm',
  'plain-js': 'plain JS',
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
};

export const isTfjs = (id: SystemId): id is 'tfjs-cpu' | 'tfjs-wasm' => id.startsWith('tfjs');

export type Tf = typeof import('@tensorflow/tfjs');

/** What a case gets to run on: TensorFlow.js with its backend set, or tsgrad with its backend set. */
export type SystemContext =
  | { kind: 'plain'; id: SystemId; info: Record<string, unknown> }
  | { kind: 'tfjs'; id: SystemId; tf: Tf; info: Record<string, unknown> }
  | { kind: 'tsgrad'; id: SystemId; info: Record<string, unknown>; close: () => Promise<void> };

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
  if (id === 'tsgrad-cpu') {
    t.setBackend('cpu');
    return { kind: 'tsgrad', id, info: { backend: 'cpu' }, close: async () => {} };
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
  };
}

/** Live tensors of a system (for leak checks). */
export async function liveTensors(ctx: SystemContext): Promise<number> {
  if (ctx.kind === 'plain') return 0;
  if (ctx.kind === 'tfjs') return ctx.tf.memory().numTensors;
  return (await import('@tsgrad/tensor')).memory().numTensors;
}
