import { Generator, type TensorInfo } from '@tsgrad/tensor';
import { afterEach, describe, expect, it, vi } from 'vitest';
import * as threads from './threads.js';
import { WasmBackend } from './backend.js';

// How the pool behaves where workers start late or not at all, as in a browser: Node's real
// workers are made behind a host that says it is a browser (so nothing waits for them to start)
// and that can hold them back or fail them.

const real = threads.findThreadHost();
if (real.kind !== 'node') throw new Error('these tests need Node worker_threads');
const node = real;

type Spawn = Parameters<typeof node.spawn>;

/** A browser-like host: spawns only when `release` is called, or fails with `fail`. */
function lateHost(options: { fail?: string } = {}) {
  const queued: Spawn[] = [];
  const made: { terminate(): unknown }[] = [];
  const host: threads.ThreadHost = {
    kind: 'browser',
    spawn(init, onError) {
      if (options.fail) {
        queueMicrotask(() => onError(options.fail!));
      } else {
        queued.push([init, onError]);
      }
      return { terminate: () => Promise.all(made.map((w) => w.terminate())) };
    },
    release() {},
  };
  return {
    host,
    start() {
      for (const args of queued.splice(0)) made.push(node.spawn(...args));
    },
  };
}

const spy = vi.spyOn(threads, 'findThreadHost');
const backends: WasmBackend[] = [];

afterEach(async () => {
  spy.mockReset();
  await Promise.all(backends.splice(0).map((b) => b.close()));
});

function matmul(backend: WasmBackend, a: Float32Array, b: Float32Array, n: number): Float32Array {
  const input = (values: Float32Array): TensorInfo => ({
    dataId: backend.write(values, 'float32'),
    shape: [n, n],
    dtype: 'float32',
    size: n * n,
  });
  const out = backend.kernels.matmul!({
    inputs: [input(a), input(b)],
    attrs: { transposeA: false, transposeB: false },
    outShape: [n, n],
    outDtype: 'float32',
  });
  return backend.readSync(out) as Float32Array;
}

const gen = new Generator(4);
const n = 96;
const a = Float32Array.from({ length: n * n }, () => gen.normal());
const b = Float32Array.from({ length: n * n }, () => gen.normal());

describe('worker threads that start late', () => {
  it('run GEMMs on the calling thread until the workers start, with the same bits', async () => {
    const late = lateHost();
    spy.mockReturnValue(late.host);
    const backend = new WasmBackend({ threads: 2, minParallelFlops: 0 });
    backends.push(backend);
    expect(backend.info().threadsStarted).toBe(1);
    const before = matmul(backend, a, b, n);
    late.start();
    await expect(backend.threadsReady()).resolves.toBe(2);
    expect(backend.info().threadsStarted).toBe(2);
    expect(backend.threadsFallbackReason).toBeUndefined();
    const after = matmul(backend, a, b, n);
    const single = new WasmBackend();
    expect(after).toEqual(before);
    expect(after).toEqual(matmul(single, a, b, n));
  });

  it('that fail to start are named in threadsFallbackReason, and the caller computes alone', async () => {
    spy.mockReturnValue(lateHost({ fail: 'blocked by worker-src' }).host);
    const backend = new WasmBackend({ threads: 3, minParallelFlops: 0 });
    backends.push(backend);
    await expect(backend.threadsReady()).resolves.toBe(1);
    expect(backend.info().threads).toBe(3);
    expect(backend.info().threadsStarted).toBe(1);
    expect(backend.threadsFallbackReason).toBe(
      'worker threads not running: worker 0: blocked by worker-src; worker 1: blocked by worker-src',
    );
    expect(matmul(backend, a, b, n)).toEqual(matmul(new WasmBackend(), a, b, n));
  });

  it('where there are none, one thread runs and the reason says how to get them', () => {
    spy.mockReturnValue({ kind: 'none', reason: threads.NOT_ISOLATED });
    const backend = new WasmBackend({ threads: 2 });
    backends.push(backend);
    expect(backend.info().threads).toBe(1);
    expect(backend.threadsFallbackReason).toMatch(
      /not cross-origin isolated.*Cross-Origin-Opener-Policy: same-origin.*Cross-Origin-Embedder-Policy: require-corp/,
    );
  });
});

describe('worker threads in Node', () => {
  it('are all serving from the first GEMM, and threadsReady() says so', async () => {
    const backend = new WasmBackend({ threads: 2, minParallelFlops: 0 });
    backends.push(backend);
    const split = matmul(backend, a, b, n);
    expect(backend.info().threadsStarted).toBe(2);
    await expect(backend.threadsReady()).resolves.toBe(2);
    expect(split).toEqual(matmul(new WasmBackend(), a, b, n));
  });
});

describe('a worker that stops answering', () => {
  it('fails that GEMM with a clear error after stallMs, and later GEMMs run without it', async () => {
    const { GemmPool, CONTROL } = threads;
    const { compiledSharedModule } = await import('./module.js');
    const module = compiledSharedModule();
    if (!(module instanceof WebAssembly.Module)) throw new Error(String(module));
    // Says it is ready, then never runs a job (as a worker that crashed mid-GEMM).
    const hung = `
      const { workerData: d } = require('node:worker_threads');
      const ctl = new Int32Array(d.control, d.index * ${CONTROL.slots * 4}, ${CONTROL.slots});
      Atomics.store(ctl, ${CONTROL.ready}, 1);
      Atomics.notify(ctl, ${CONTROL.ready});
      Atomics.wait(ctl, ${CONTROL.slots - 1}, 0);
    `;
    const NodeWorker = (globalThis as any).process.getBuiltinModule('node:worker_threads').Worker;
    const host: threads.ThreadHost = {
      kind: 'node',
      spawn: (init) => {
        const w = new NodeWorker(hung, { eval: true, workerData: init });
        w.unref();
        return w;
      },
      release() {},
    };
    const memory = new WebAssembly.Memory({
      initial: 1,
      maximum: threads.SHARED_MAX_PAGES,
      shared: true,
    });
    const pool = new GemmPool(host, module, memory, 1, { stallMs: 200 });
    expect(pool.started()).toEqual([0]);
    let ran = 0;
    const args: threads.GemmArgs = [1, 1, 1, 0, 1, 1, 0, 1, 1, 0, 1, 0, 0];
    expect(() => pool.run([args], () => ran++)).toThrow(
      'matmul: worker thread 0 did not finish its share of a GEMM within 0.2 s (it may have crashed); the product is lost, and later ones run without that worker',
    );
    expect(ran).toBe(1);
    expect(pool.started()).toEqual([]);
    expect(pool.failures()).toEqual(['worker 0: did not finish its share of a GEMM within 0.2 s']);
    await pool.close();
  });
});
