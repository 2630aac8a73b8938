import type { GcMeter } from '../gc.js';
import { type MeasureOptions, measure, measureAsync } from '../measure.js';
import type { Row } from '../result.js';
import { Rng } from '../rng.js';
import type { DeviceCounters, SystemContext } from '../systems.js';

/** Matrix sizes of the matmul case. */
export const MATMUL_SIZES = [128, 512, 1024] as const;

/**
 * The reference line: C = A·B as a plain i-k-j loop over Float32Arrays, what "plain JavaScript"
 * means in the issue (no blocking, no unrolling).
 */
export function naiveMatmul(a: Float32Array, b: Float32Array, c: Float32Array, n: number): void {
  c.fill(0);
  for (let i = 0; i < n; i++) {
    const ci = i * n;
    for (let k = 0; k < n; k++) {
      const aik = a[ci + k];
      const bk = k * n;
      for (let j = 0; j < n; j++) c[ci + j] += aik * b[bk + j];
    }
  }
}

/**
 * A product's runner: `run()` makes C = A·B (freeing the previous one), `output()` reads it.
 * On gpu.js `run()` also reads C back (asynchronously on webgpu): there a kernel launch returns
 * before the device is done, so timing launches alone would measure nothing.
 */
type MatmulRunner = ({ kind: 'sync'; run(): void } | { kind: 'async'; run(): Promise<void> }) & {
  output(): ArrayLike<number>;
  dispose(): void;
};

async function runner(
  ctx: SystemContext,
  A: Float32Array,
  B: Float32Array,
  n: number,
): Promise<MatmulRunner> {
  if (ctx.kind === 'plain') {
    const c = new Float32Array(n * n);
    return { kind: 'sync', run: () => naiveMatmul(A, B, c, n), output: () => c, dispose() {} };
  }
  if (ctx.kind === 'tfjs') {
    const { tf } = ctx;
    const a = tf.tensor2d(A, [n, n]);
    const b = tf.tensor2d(B, [n, n]);
    let c: import('@tensorflow/tfjs').Tensor | null = null;
    return {
      kind: 'sync',
      run() {
        c?.dispose();
        c = tf.matMul(a, b);
      },
      output: () => c!.dataSync(),
      dispose: () => tf.dispose([a, b, ...(c ? [c] : [])]),
    };
  }
  const t = await import('@tsgrad/tensor');
  const a = t.tensor(A, [n, n]);
  const b = t.tensor(B, [n, n]);
  let c: import('@tsgrad/tensor').Tensor | null = null;
  let values: ArrayLike<number> = [];
  const product = () => {
    c?.dispose();
    c = t.matmul(a, b);
    return c;
  };
  const dispose = () => t.dispose([a, b, c]);
  if (!ctx.counters) return { kind: 'sync', run: product, output: () => c!.dataSync(), dispose };
  if (!ctx.syncReads) {
    return {
      kind: 'async',
      async run() {
        values = await product().data();
      },
      output: () => values,
      dispose,
    };
  }
  return {
    kind: 'sync',
    run() {
      values = product().dataSync();
    },
    output: () => values,
    dispose,
  };
}

/**
 * Square float32 matmul n×n · n×n at each size, in GFLOP/s (2n³ per product), inputs uniform in
 * [-1, 1) from a seeded generator. Cross-checked on the mean and first values of C.
 */
export async function runMatmul(
  ctx: SystemContext,
  opts: MeasureOptions,
  sizes: readonly number[] = MATMUL_SIZES,
  gc?: GcMeter,
): Promise<Row[]> {
  const rows: Row[] = [];
  for (const n of sizes) {
    const rng = new Rng(n);
    const A = rng.uniform(n * n);
    const B = rng.uniform(n * n);
    const r = await runner(ctx, A, B, n);
    await r.run();
    const c = r.output();
    let s = 0;
    for (let i = 0; i < c.length; i++) s += c[i];
    const check = [s / c.length, ...Array.from({ length: Math.min(8, c.length) }, (_, i) => c[i])];
    // The pure-JS systems take seconds per product at n = 1024: fewer samples there.
    const mo = n >= 1024 ? { ...opts, maxMs: Math.min(opts.maxMs, 5000) } : opts;
    const before = ctx.kind === 'tsgrad' ? ctx.counters?.() : undefined;
    gc?.start();
    const m = r.kind === 'async' ? await measureAsync(r.run, mo) : measure(r.run, mo);
    gc?.stop();
    const traffic =
      ctx.kind === 'tsgrad' && before && ctx.counters
        ? perCall(before, ctx.counters(), m.warmupIters + m.samples * m.itersPerSample)
        : {};
    r.dispose();
    rows.push({
      id: `matmul-${n}`,
      label: `matmul ${n}×${n}·${n}×${n} f32`,
      unit: 'GFLOP/s',
      value: (2 * n ** 3) / 1e9 / (m.medianMs / 1000),
      status: 'ok',
      check,
      // Inputs in [-1, 1): |C| ≲ √n; float32 sums of n terms differ by ~n·ε between orders.
      tolerance: 1e-5 * n,
      extra: {
        medianMs: m.medianMs,
        samples: m.samples,
        itersPerSample: m.itersPerSample,
        ...traffic,
      },
    });
  }
  return rows;
}

/** The gpu.js counters' growth per call (step or product) between two readings. */
export function perCall(
  before: DeviceCounters,
  after: DeviceCounters,
  calls: number,
): { launchesPerStep: number; uploadsPerStep: number; readbacksPerStep: number } {
  return {
    launchesPerStep: (after.kernelRuns - before.kernelRuns) / calls,
    uploadsPerStep: (after.uploads - before.uploads) / calls,
    readbacksPerStep: (after.readbacks - before.readbacks) / calls,
  };
}
