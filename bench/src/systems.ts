import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/** The systems a case can be run on. `tsgrad` is the reference the others are compared with. */
export type SystemId = 'tsgrad' | 'plain-js' | 'tfjs-cpu' | 'tfjs-wasm';

export const SYSTEM_IDS: readonly SystemId[] = ['tsgrad', 'plain-js', 'tfjs-cpu', 'tfjs-wasm'];

export const SYSTEM_LABELS: Record<SystemId, string> = {
  tsgrad: 'tsgrad',
  'plain-js': 'plain JS',
  'tfjs-cpu': 'tfjs cpu',
  'tfjs-wasm': 'tfjs wasm',
};

export type Tf = typeof import('@tensorflow/tfjs');

let tfPromise: Promise<Tf> | null = null;

/**
 * Loads TensorFlow.js once, with the wasm backend registered and told to read its `.wasm`
 * files from the installed package (a file path, so it works offline in Node).
 */
export function loadTf(): Promise<Tf> {
  tfPromise ??= (async () => {
    const tf = await import('@tensorflow/tfjs');
    const wasm = await import('@tensorflow/tfjs-backend-wasm');
    const require = createRequire(import.meta.url);
    const dist = join(
      dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json')),
      'dist',
    );
    wasm.setWasmPaths(`${dist}/`);
    // Production mode: no debug checks, and no "install tfjs-node" banner in the middle of the table.
    tf.enableProdMode();
    return tf;
  })();
  return tfPromise;
}

/** Makes `id` the active TensorFlow.js backend (no-op for tsgrad and plain JS). */
export async function activate(id: SystemId): Promise<void> {
  if (id !== 'tfjs-cpu' && id !== 'tfjs-wasm') return;
  const tf = await loadTf();
  const name = id === 'tfjs-cpu' ? 'cpu' : 'wasm';
  if (tf.getBackend() !== name) {
    const ok = await tf.setBackend(name);
    if (!ok) throw new Error(`bench: TensorFlow.js backend '${name}' failed to initialize`);
  }
  await tf.ready();
}

/** Live tensors owned by a system, for leak checks (plain JS has none). */
export async function liveTensors(id: SystemId): Promise<number> {
  if (id === 'plain-js') return 0;
  if (id === 'tsgrad') return (await import('@tsgrad/tensor')).memory().numTensors;
  return (await loadTf()).memory().numTensors;
}

/** Versions and flags worth printing beside the numbers. */
export async function systemInfo(ids: readonly SystemId[]): Promise<Record<string, string>> {
  const info: Record<string, string> = {};
  const require = createRequire(import.meta.url);
  info.tsgrad = require('@tsgrad/tensor/package.json').version;
  if (ids.some((id) => id.startsWith('tfjs'))) {
    const tf = await loadTf();
    info.tfjs = tf.version_core;
    if (ids.includes('tfjs-wasm')) {
      await activate('tfjs-wasm');
      const simd = tf.env().getBool('WASM_HAS_SIMD_SUPPORT');
      const threads = tf.env().getBool('WASM_HAS_MULTITHREAD_SUPPORT');
      info['tfjs-wasm'] = `simd=${simd} threads=${threads}`;
    }
  }
  return info;
}
