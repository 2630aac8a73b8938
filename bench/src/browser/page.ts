/**
 * One system in a browser tab (bundled by src/browser/main.ts, one fresh page per system): the
 * same models, initial weights, Adam and batches as the Node bench (src/models.ts), trained on
 * the real MNIST digits the runner serves at /data.bin, plus a 512³ matmul. The page is cross-
 * origin isolated, so tsgrad's worker threads and TensorFlow.js's threaded wasm build can run.
 * Results go to `window.__results`.
 */
import type { Batch } from '../data.js';
import { type ModelKind, initialWeights, makeTrainer } from '../models.js';
import type { SystemContext } from '../systems.js';
import { BROWSER_CASES, type BrowserCaseRow, type BrowserSystem, WEIGHT_SEED } from './cases.js';

type Tf = typeof import('@tensorflow/tfjs');

/** Sets the system up as src/systems.ts does in Node: tsgrad's wasm backend, or tfjs wasm. */
async function setUp(system: BrowserSystem): Promise<{ ctx: SystemContext; tf?: Tf }> {
  if (system.kind === 'tfjs') {
    const tf = await import('@tensorflow/tfjs');
    const wasm = await import('@tensorflow/tfjs-backend-wasm');
    wasm.setWasmPaths('/tfjs-wasm/');
    wasm.setThreadsCount(system.threads);
    tf.enableProdMode();
    if (!(await tf.setBackend('wasm')))
      throw new Error("TensorFlow.js's wasm backend failed to initialize");
    await tf.ready();
    const info = {
      tfjs: tf.version_core,
      simd: tf.env().getBool('WASM_HAS_SIMD_SUPPORT'),
      multithread: tf.env().getBool('WASM_HAS_MULTITHREAD_SUPPORT'),
      threads: wasm.getThreadsCount(),
    };
    return { ctx: { kind: 'tfjs', id: 'tfjs-wasm', tf, info }, tf };
  }
  const t = await import('@tsgrad/tensor');
  const { ready, registerWasmBackend } = await import('@tsgrad/backend-wasm');
  const support = await ready();
  if (!support.ok) throw new Error(`tsgrad wasm: ${support.reason}`);
  const name = registerWasmBackend({ name: `wasm-${system.threads}t`, threads: system.threads });
  const backend = t.setBackend(name) as import('@tsgrad/backend-wasm').WasmBackend;
  const running = await backend.threadsReady();
  if (running !== system.threads)
    throw new Error(`tsgrad wasm: ${running} threads run (${backend.threadsFallbackReason})`);
  const info = { ...backend.info(), stats: undefined };
  const ctx: SystemContext = {
    kind: 'tsgrad',
    id: 'tsgrad-wasm',
    info,
    close: () => backend.close(),
    syncReads: true,
  };
  return { ctx };
}

/** The `step`-th batch of `size` from the served samples (consecutive, wrapping around). */
function batchAt(images: Float32Array, labels: Int32Array, size: number, step: number): Batch {
  const count = labels.length;
  const start = (step * size) % (count - size);
  return {
    x: images.slice(start * 784, (start + size) * 784),
    y: labels.slice(start, start + size),
    size,
  };
}

async function trainCase(
  ctx: SystemContext,
  kind: ModelKind,
  batchSize: number,
  warmup: number,
  steps: number,
  images: Float32Array,
  labels: Int32Array,
): Promise<Omit<BrowserCaseRow, 'case'>> {
  const trainer = await makeTrainer(ctx, kind, initialWeights(kind, WEIGHT_SEED));
  try {
    const losses: number[] = [];
    for (let s = 0; s < warmup; s++)
      losses.push(await trainer.step(batchAt(images, labels, batchSize, s)));
    // Batches are gathered before the clock starts, as in the Node bench.
    const timed = Array.from({ length: steps }, (_, s) =>
      batchAt(images, labels, batchSize, warmup + s),
    );
    const t0 = performance.now();
    for (const b of timed) losses.push(await trainer.step(b));
    const seconds = (performance.now() - t0) / 1000;
    return {
      value: (steps * batchSize) / seconds,
      unit: 'samples/s',
      firstLoss: losses[0],
      lastLoss: losses[losses.length - 1],
    };
  } finally {
    trainer.dispose();
  }
}

/** Best GFLOP/s of `rounds` n³ products after two warm-ups, C read back each time. */
async function matmulCase(ctx: SystemContext, tf: Tf | undefined, n: number, rounds: number) {
  const a = Float32Array.from({ length: n * n }, (_, i) => ((i * 7919) % 1000) / 500 - 1);
  const b = Float32Array.from({ length: n * n }, (_, i) => ((i * 104729) % 1000) / 500 - 1);
  let product: () => void;
  let cleanup: () => void;
  if (ctx.kind === 'tfjs' && tf) {
    const A = tf.tensor2d(a, [n, n]);
    const B = tf.tensor2d(b, [n, n]);
    product = () => {
      const c = tf.matMul(A, B);
      c.dataSync();
      c.dispose();
    };
    cleanup = () => tf.dispose([A, B]);
  } else {
    const t = await import('@tsgrad/tensor');
    const A = t.tensor(a, [n, n]);
    const B = t.tensor(b, [n, n]);
    product = () => {
      const c = t.matmul(A, B);
      c.dataSync();
      c.dispose();
    };
    cleanup = () => t.dispose([A, B]);
  }
  let best = Number.POSITIVE_INFINITY;
  for (let r = 0; r < rounds + 2; r++) {
    const t0 = performance.now();
    product();
    if (r >= 2) best = Math.min(best, performance.now() - t0);
  }
  cleanup();
  return { value: (2 * n ** 3) / (best * 1e6), unit: 'GFLOP/s' as const };
}

async function main(): Promise<unknown> {
  const params = new URLSearchParams(location.search);
  const system = JSON.parse(params.get('system')!) as BrowserSystem;
  const only = params.get('only')?.split(',');
  const { ctx, tf } = await setUp(system);
  const buf = await (await fetch('/data.bin')).arrayBuffer();
  const count = new Int32Array(buf, 0, 1)[0];
  const images = new Float32Array(buf, 4, count * 784);
  const labels = new Int32Array(buf, 4 + count * 784 * 4, count);
  const rows: BrowserCaseRow[] = [];
  for (const c of BROWSER_CASES) {
    if (only && !only.includes(c.id)) continue;
    try {
      const row =
        c.kind === 'matmul'
          ? await matmulCase(ctx, tf, c.n, c.rounds)
          : await trainCase(ctx, c.kind, c.batchSize, c.warmup, c.steps, images, labels);
      rows.push({ case: c.id, ...row });
    } catch (e) {
      // TensorFlow.js's wasm backend has no Conv2DBackpropFilter kernel: it cannot train the CNN.
      rows.push({ case: c.id, error: String((e as Error)?.message ?? e) });
    }
  }
  if (ctx.kind === 'tsgrad') await ctx.close();
  return {
    system,
    info: ctx.info,
    crossOriginIsolated,
    hardwareConcurrency: navigator.hardwareConcurrency,
    userAgent: navigator.userAgent,
    rows,
  };
}

const w = window as unknown as { __results?: unknown };
main().then(
  (r) => {
    w.__results = r;
  },
  (e) => {
    w.__results = { error: String((e as Error)?.stack ?? e) };
  },
);
