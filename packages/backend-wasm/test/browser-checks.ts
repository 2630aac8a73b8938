/**
 * What the backend must do in a browser, as plain async checks (no test framework): the
 * WebAssembly kernels compile, worker threads start (on a cross-origin isolated page, on its
 * main thread and inside a worker) or say why not, threaded GEMMs give the same bits as one
 * thread, the conformance suite passes on the threaded backend, and a small MLP trains to the
 * CPU's losses. Run by test/browser-entry.ts in headless Chromium.
 */
import { gradients, noGrad } from '@tsgrad/autograd';
import * as T from '@tsgrad/tensor';
import { conformanceCases } from '@tsgrad/tensor/testing';
import { WasmBackend } from '../src/backend.js';
import { ready } from '../src/module.js';
import { registerWasmBackend } from '../src/register.js';

export interface Outcome {
  group: string;
  name: string;
  ok: boolean;
  detail?: string;
}

export interface Report {
  context: 'page' | 'worker';
  crossOriginIsolated: boolean;
  outcomes: Outcome[];
  info: Record<string, unknown>;
  /** matmul 512 GFLOP/s on 1 and on 2 threads (best of 5; measured, never asserted). */
  gflops: { one: number; two: number };
}

const gen = new T.Generator(11);
const randoms = (n: number) => Float32Array.from({ length: n }, () => gen.normal());

type AnyBackend = WasmBackend | T.CpuBackend;

/** Runs kernel `id` on `backend` with fresh copies of `values`. */
function runKernel(
  backend: AnyBackend,
  id: string,
  shapes: number[][],
  values: Float32Array[],
  attrs: unknown,
  outShape: number[],
): Float32Array {
  const inputs = shapes.map((shape, i) => ({
    dataId: backend.write(values[i].slice(), 'float32'),
    shape,
    dtype: 'float32' as const,
    size: values[i].length,
  }));
  const out = backend.kernels[id]!({ inputs, attrs, outShape, outDtype: 'float32' });
  return Float32Array.from(backend.readSync(out));
}

/** Throws unless `threaded` equals `single` bit for bit and both are within `tol` of the CPU. */
function agree(
  id: string,
  shapes: number[][],
  attrs: unknown,
  outShape: number[],
  threaded: WasmBackend,
  single: WasmBackend,
  tol: number,
): string {
  const values = shapes.map((s) => randoms(s.reduce((p, d) => p * d, 1)));
  const expected = runKernel(new T.CpuBackend(), id, shapes, values, attrs, outShape);
  const one = runKernel(single, id, shapes, values, attrs, outShape);
  const two = runKernel(threaded, id, shapes, values, attrs, outShape);
  let worst = 0;
  for (let i = 0; i < expected.length; i++) {
    if (!Object.is(one[i], two[i]))
      throw new Error(`${id}: element ${i} is ${two[i]} on 2 threads, ${one[i]} on 1`);
    worst = Math.max(worst, Math.abs(two[i] - expected[i]) / (1 + Math.abs(expected[i])));
  }
  if (!(worst <= tol)) throw new Error(`${id}: worst relative error ${worst} > ${tol}`);
  return `worst ${worst.toExponential(1)} vs CPU`;
}

/** The kernel checks: matmuls split by rows and by columns, convolutions and their gradients. */
function kernelChecks(threaded: WasmBackend, single: WasmBackend): [string, () => string][] {
  const checks: [string, () => string][] = [];
  const sizes: [number, number, number][] = [
    [5, 7, 3],
    [13, 100, 40],
    [100, 13, 40],
    [33, 9, 17],
    [150, 257, 300],
  ];
  for (const [M, N, K] of sizes) {
    for (const transposeA of [false, true]) {
      for (const transposeB of [false, true]) {
        checks.push([
          `matmul ${M}x${K}·${K}x${N}${transposeA ? ' Aᵀ' : ''}${transposeB ? ' Bᵀ' : ''}`,
          () =>
            agree(
              'matmul',
              [transposeA ? [K, M] : [M, K], transposeB ? [N, K] : [K, N]],
              { transposeA, transposeB },
              [M, N],
              threaded,
              single,
              1e-5 * Math.sqrt(K),
            ),
        ]);
      }
    }
  }
  const conv = { strides: [1, 1], padding: 'same', dilation: [1, 1] };
  checks.push(
    [
      'conv2d [2,9,9,8] * [3,3,8,12]',
      () =>
        agree(
          'conv2d',
          [
            [2, 9, 9, 8],
            [3, 3, 8, 12],
          ],
          conv,
          [2, 9, 9, 12],
          threaded,
          single,
          1e-5,
        ),
    ],
    [
      'conv2dBackpropFilter',
      () =>
        agree(
          'conv2dBackpropFilter',
          [
            [2, 9, 9, 8],
            [2, 9, 9, 12],
          ],
          { ...conv, filterShape: [3, 3, 8, 12] },
          [3, 3, 8, 12],
          threaded,
          single,
          1e-4,
        ),
    ],
    [
      'conv2dBackpropInput',
      () =>
        agree(
          'conv2dBackpropInput',
          [
            [2, 9, 9, 12],
            [3, 3, 8, 12],
          ],
          { ...conv, inputShape: [2, 9, 9, 8] },
          [2, 9, 9, 8],
          threaded,
          single,
          1e-5,
        ),
    ],
  );
  return checks;
}

/** Eight seeded SGD steps of a small MLP on `backend`; the losses. */
function train(backend: string): number[] {
  T.setBackend(backend);
  const g = new T.Generator(3);
  const dims = [64, 48, 32, 4];
  const params: T.Tensor[] = [];
  for (let l = 0; l < 3; l++) {
    params.push(T.mul(T.randn([dims[l], dims[l + 1]], { generator: g }), 0.3).requireGrad());
    params.push(T.zeros([dims[l + 1]]).requireGrad());
  }
  const x = T.randn([40, 64], { generator: g });
  const labels = T.randint(0, 4, [40], { generator: g });
  const losses: number[] = [];
  for (let s = 0; s < 8; s++) {
    T.scope(() => {
      let h = x;
      for (let l = 0; l < 3; l++) {
        h = T.fusedMatmul(h, params[2 * l], {
          bias: params[2 * l + 1],
          activation: l < 2 ? 'relu' : 'linear',
        });
      }
      const loss = T.mean(T.softmaxCrossEntropy(h, labels));
      losses.push(loss.item());
      const grads = gradients(loss, params);
      noGrad(() => {
        for (let i = 0; i < params.length; i++)
          params[i].assign(T.sub(params[i], T.mul(grads[i], 0.1)));
      });
    });
  }
  T.setBackend('cpu');
  return losses;
}

/** Best GFLOP/s of five 512³ matmuls on `backend` (after one warm-up). */
function gflops(backend: WasmBackend): number {
  const n = 512;
  const a = randoms(n * n);
  const b = randoms(n * n);
  const ids = [a, b].map((v) => ({
    dataId: backend.write(v, 'float32'),
    shape: [n, n],
    dtype: 'float32' as const,
    size: n * n,
  }));
  let best = Number.POSITIVE_INFINITY;
  for (let i = 0; i < 6; i++) {
    const t0 = performance.now();
    const out = backend.kernels.matmul!({
      inputs: ids,
      attrs: { transposeA: false, transposeB: false },
      outShape: [n, n],
      outDtype: 'float32',
    });
    const ms = performance.now() - t0;
    backend.dispose(out);
    if (i > 0) best = Math.min(best, ms);
  }
  return (2 * n ** 3) / (best * 1e6);
}

/** Every check, in `context`; never throws (a failure is an outcome). */
export async function browserChecks(context: Report['context']): Promise<Report> {
  const outcomes: Outcome[] = [];
  const check = async (group: string, name: string, fn: () => unknown) => {
    try {
      const detail = await fn();
      outcomes.push({ group, name, ok: true, ...(typeof detail === 'string' && { detail }) });
    } catch (e) {
      outcomes.push({ group, name, ok: false, detail: String((e as Error)?.stack ?? e) });
    }
  };
  const isolated = (globalThis as { crossOriginIsolated?: boolean }).crossOriginIsolated === true;
  let threaded: WasmBackend | undefined;
  let single: WasmBackend | undefined;

  await check('setup', 'ready() compiles the kernels (SIMD)', async () => {
    const support = await ready();
    if (!support.ok) throw new Error(`not ok: ${support.reason}`);
  });
  await check('setup', 'threads: 2 starts a worker, or says why not', async () => {
    threaded = new WasmBackend({ name: 'wasm-2t', threads: 2, minParallelFlops: 0 });
    single = new WasmBackend({ name: 'wasm-1t' });
    if (!threaded.simd) throw new Error(`no SIMD: ${threaded.fallbackReason}`);
    const atStart = threaded.info().threadsStarted;
    // A GEMM before the worker can have started: the caller computes it alone.
    const n = 64;
    const a = randoms(n * n);
    const b = randoms(n * n);
    const mm = (backend: WasmBackend) =>
      runKernel(
        backend,
        'matmul',
        [
          [n, n],
          [n, n],
        ],
        [a, b],
        { transposeA: false, transposeB: false },
        [n, n],
      );
    const early = mm(threaded);
    const running = await threaded.threadsReady();
    const late = mm(threaded);
    const one = mm(single);
    for (let i = 0; i < one.length; i++) {
      if (!Object.is(early[i], one[i]) || !Object.is(late[i], one[i]))
        throw new Error(
          `matmul element ${i}: ${early[i]} before start, ${late[i]} after, ${one[i]} on 1 thread`,
        );
    }
    const reason = threaded.threadsFallbackReason;
    if (isolated) {
      if (running !== 2) throw new Error(`${running} threads run: ${reason}`);
    } else {
      if (running !== 1) throw new Error(`${running} threads run on a page that is not isolated`);
      if (!/not cross-origin isolated.*Cross-Origin-Embedder-Policy/.test(reason ?? ''))
        throw new Error(`threadsFallbackReason is ${JSON.stringify(reason)}`);
    }
    return `threads started at construction ${atStart}, after threadsReady() ${running}${reason ? `; reason: ${reason}` : ''}`;
  });
  if (threaded && single) {
    for (const [name, fn] of kernelChecks(threaded, single)) await check('kernels', name, fn);
    const name = registerWasmBackend({
      name: 'wasm-conformance-2t',
      threads: 2,
      minParallelFlops: 0,
      priority: 0,
    });
    const conformance = T.setBackend(name) as WasmBackend;
    await conformance.threadsReady();
    T.setBackend('cpu');
    for (const c of conformanceCases()) {
      await check('conformance', c.name, async () => {
        T.setBackend(name);
        try {
          await c.run();
        } finally {
          T.setBackend('cpu');
        }
      });
    }
    await check('training', 'MLP, 8 SGD steps: the CPU losses on 2 threads', () => {
      const cpu = train('cpu');
      const wasm = train(name);
      const diff = Math.max(...cpu.map((l, i) => Math.abs(l - wasm[i]) / Math.abs(l)));
      if (!(cpu[7] < cpu[0])) throw new Error(`the loss did not fall: ${cpu.join(', ')}`);
      if (!(diff < 1e-4)) throw new Error(`relative loss difference ${diff}`);
      return `losses ${cpu[0].toFixed(4)} → ${cpu[7].toFixed(4)}, worst relative difference ${diff.toExponential(1)}`;
    });
  }
  const report: Report = {
    context,
    crossOriginIsolated: isolated,
    outcomes,
    info: threaded?.info() ?? {},
    gflops: { one: 0, two: 0 },
  };
  if (threaded && single) {
    const fast = new WasmBackend({ name: 'wasm-2t-default', threads: 2 });
    await fast.threadsReady();
    report.gflops = { one: gflops(single), two: gflops(fast) };
    await fast.close();
    await threaded.close();
  }
  return report;
}
