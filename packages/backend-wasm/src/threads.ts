import { BackendError } from '@tsgrad/tensor';

/** Pages (64 KiB) the shared memory may grow to: 1 GiB. Must match scripts/build-wasm.mjs. */
export const SHARED_MAX_PAGES = 16384;

/**
 * i32 slots per worker in the control block (128 bytes, so two workers' flags never share a
 * cache line): seq, done, 13 gemm arguments, status, ready.
 */
const SLOTS = 32;
const SEQ = 0;
const DONE = 1;
const ARGS = 2;
const STATUS = 15;
/** 0 while the worker starts, 1 once it serves, -1 when it could not start or was retired. */
const READY = 16;

/** @internal The control block's layout, for tests that stand in for a worker. */
export const CONTROL = { slots: SLOTS, ready: READY } as const;

/** How long a GEMM waits for a worker's share before giving up on that worker (default). */
const STALL_MS = 120_000;

/** What a worker is handed: the kernels, the memory they share, and its control slots. */
interface WorkerInit {
  module: WebAssembly.Module;
  memory: WebAssembly.Memory;
  control: SharedArrayBuffer;
  index: number;
}

/** A started worker, whichever API made it. */
interface WorkerHandle {
  terminate(): unknown;
}

/**
 * Where worker threads come from: Node's `worker_threads`, or Web Workers on a cross-origin
 * isolated page (or inside a worker of one); otherwise why there are none.
 */
export type ThreadHost =
  | {
      readonly kind: 'node' | 'browser';
      /** Starts worker `init.index`; `onError` hears why it died. */
      spawn(init: WorkerInit, onError: (message: string) => void): WorkerHandle;
      /** Releases what spawning needed (the browser's Blob URL). */
      release(): void;
    }
  | { readonly kind: 'none'; readonly reason: string };

// Each worker instantiates the shared-memory module on the same memory, says it is ready, then
// sleeps on its control slot; a bumped sequence number wakes it to run one gemm, a negative one
// stops it. The same body runs under Node's worker_threads and in a Web Worker.
const SERVE = `
function serve(module, memory, control, index) {
  const ctl = new Int32Array(control, index * ${SLOTS * 4}, ${SLOTS});
  let gemm;
  try {
    gemm = new WebAssembly.Instance(module, { env: { memory } }).exports.gemm;
  } catch (e) {
    Atomics.store(ctl, ${READY}, -1);
    Atomics.notify(ctl, ${READY});
    throw e;
  }
  Atomics.store(ctl, ${READY}, 1);
  Atomics.notify(ctl, ${READY});
  let seq = 0;
  for (;;) {
    Atomics.wait(ctl, ${SEQ}, seq);
    seq = Atomics.load(ctl, ${SEQ});
    if (seq < 0) break;
    try {
      gemm(ctl[2], ctl[3], ctl[4], ctl[5], ctl[6], ctl[7], ctl[8], ctl[9], ctl[10], ctl[11], ctl[12], ctl[13], ctl[14]);
      ctl[${STATUS}] = 0;
    } catch (e) {
      ctl[${STATUS}] = 1;
    }
    Atomics.store(ctl, ${DONE}, seq);
    Atomics.notify(ctl, ${DONE});
  }
}
`;

const NODE_SOURCE = `${SERVE}
const { workerData } = require('node:worker_threads');
serve(workerData.module, workerData.memory, workerData.control, workerData.index);
`;

// Serving never returns, so the worker takes exactly one message.
const BROWSER_SOURCE = `${SERVE}
self.onmessage = (e) => {
  self.onmessage = null;
  const d = e.data;
  serve(d.module, d.memory, d.control, d.index);
};
`;

type NodeWorkerCtor = new (
  src: string,
  opts: { eval: true; workerData: unknown; name?: string },
) => WorkerHandle & {
  unref(): void;
  on(event: 'error', f: (e: Error) => void): void;
};

/** Why a page cannot have threads, with what fixes it. */
export const NOT_ISOLATED =
  'the page is not cross-origin isolated (SharedArrayBuffer needs it): serve it with the headers Cross-Origin-Opener-Policy: same-origin and Cross-Origin-Embedder-Policy: require-corp';

/** The thread host of this environment (see {@link ThreadHost}). */
export function findThreadHost(): ThreadHost {
  const g = globalThis as any;
  let NodeWorker: NodeWorkerCtor | undefined;
  try {
    NodeWorker = g.process?.getBuiltinModule?.('node:worker_threads')?.Worker;
  } catch {
    NodeWorker = undefined;
  }
  if (NodeWorker) {
    const Ctor = NodeWorker;
    return {
      kind: 'node',
      spawn(init, onError) {
        const w = new Ctor(NODE_SOURCE, {
          eval: true,
          workerData: init,
          name: `tsgrad-wasm-gemm-${init.index}`,
        });
        w.on('error', (e) => onError(e.message));
        // Sleeping workers must not keep the process alive.
        w.unref();
        return w;
      },
      release() {},
    };
  }
  if (typeof g.Worker !== 'function' || typeof g.Blob !== 'function' || !g.URL?.createObjectURL) {
    return {
      kind: 'none',
      reason: 'no worker threads here (neither Node worker_threads nor Web Workers)',
    };
  }
  if (g.crossOriginIsolated !== true) return { kind: 'none', reason: NOT_ISOLATED };
  let url: string | undefined;
  return {
    kind: 'browser',
    spawn(init, onError) {
      url ??= URL.createObjectURL(new Blob([BROWSER_SOURCE], { type: 'text/javascript' }));
      const w = new g.Worker(url, { name: `tsgrad-wasm-gemm-${init.index}` });
      w.addEventListener('error', (e: { message?: string; preventDefault(): void }) => {
        e.preventDefault();
        onError(
          e.message ||
            'the worker failed to load (a Content-Security-Policy without worker-src blob:?)',
        );
      });
      w.postMessage(init);
      return w;
    },
    release() {
      if (url) URL.revokeObjectURL(url);
      url = undefined;
    },
  };
}

let blocking: boolean | undefined;

/**
 * Whether this thread may block in `Atomics.wait`: Node's main thread and workers can, a
 * browser page's main thread cannot (it throws), and there waiting is a spin on Atomics.load.
 */
function canBlock(): boolean {
  if (blocking === undefined) {
    try {
      // Throws before comparing when the agent cannot suspend, returns 'not-equal' otherwise.
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 1, 0);
      blocking = true;
    } catch {
      blocking = false;
    }
  }
  return blocking;
}

/** The 13 arguments of the module's gemm (see assembly/gemm.ts). */
export type GemmArgs = [
  M: number,
  N: number,
  K: number,
  a: number,
  sAi: number,
  sAk: number,
  b: number,
  sBk: number,
  sBj: number,
  c: number,
  ldc: number,
  work: number,
  accumulate: number,
];

/** How long Node waits for its workers to start on first use before going on without them. */
const NODE_START_MS = 10_000;

/**
 * Worker threads that each run a share of one GEMM on the shared memory. The calling thread
 * runs a share too and then waits for the rest (Atomics.wait where it may block, a spin on a
 * page's main thread).
 *
 * Workers start in the background. Browsers start a worker only once its creator returns to
 * the event loop, so until then GEMMs use the workers that have started (none at first) rather
 * than wait for ones that cannot start yet; `whenStarted()` resolves once all have. Node starts
 * workers on their own threads, so there the first GEMM waits for them, and every GEMM is split
 * the same way from the start.
 */
export class GemmPool {
  private readonly control: Int32Array;
  private readonly workers: WorkerHandle[] = [];
  private readonly errors: (string | undefined)[] = [];
  private serving: number[] = [];
  private settled = false;
  private seq = 0;
  private readonly block = canBlock();
  private readonly stallMs: number;

  constructor(
    private readonly host: Extract<ThreadHost, { spawn: unknown }>,
    module: WebAssembly.Module,
    memory: WebAssembly.Memory,
    count: number,
    options: { stallMs?: number } = {},
  ) {
    this.stallMs = options.stallMs ?? STALL_MS;
    const control = new SharedArrayBuffer(count * SLOTS * 4);
    this.control = new Int32Array(control);
    for (let index = 0; index < count; index++) {
      this.errors.push(undefined);
      const onError = (message: string) => {
        this.errors[index] ??= message;
        // A worker that died before saying it was ready never will.
        Atomics.compareExchange(this.control, index * SLOTS + READY, 0, -1);
      };
      try {
        this.workers[index] = host.spawn({ module, memory, control, index }, onError);
      } catch (e) {
        onError((e as Error).message);
        Atomics.store(this.control, index * SLOTS + READY, -1);
      }
    }
  }

  /** Worker threads asked for, besides the caller. */
  get size(): number {
    return this.errors.length;
  }

  /**
   * Indices of the workers serving now, in order. In Node the first call waits (up to 10 s)
   * for all of them to start; elsewhere it never waits.
   */
  started(): readonly number[] {
    if (this.settled) return this.serving;
    if (this.host.kind === 'node' && this.block) {
      const deadline = Date.now() + NODE_START_MS;
      for (let i = 0; i < this.size; i++) {
        const at = i * SLOTS + READY;
        for (let left = NODE_START_MS; Atomics.load(this.control, at) === 0 && left > 0; ) {
          Atomics.wait(this.control, at, 0, left);
          left = deadline - Date.now();
        }
      }
    }
    const states = Array.from({ length: this.size }, (_, i) =>
      Atomics.load(this.control, i * SLOTS + READY),
    );
    this.serving = states.flatMap((s, i) => (s === 1 ? [i] : []));
    this.settled = states.every((s) => s !== 0);
    return this.serving;
  }

  /**
   * Resolves, once every worker has started or failed to, to how many serve. Polls the ready
   * flags from the event loop, so it never blocks a page.
   */
  async whenStarted(timeoutMs = 30_000): Promise<number> {
    const deadline = Date.now() + timeoutMs;
    while (!this.settled && Date.now() < deadline) {
      this.started();
      if (!this.settled) await new Promise((r) => setTimeout(r, 2));
    }
    return this.started().length;
  }

  /** Why workers that did not start failed (empty when none failed). */
  failures(): string[] {
    this.started();
    return this.errors.flatMap((e, i) =>
      Atomics.load(this.control, i * SLOTS + READY) === -1
        ? [`worker ${i}: ${e ?? 'failed to start'}`]
        : [],
    );
  }

  /**
   * Runs `jobs[i]` on the i-th serving worker (`started()[i]`) and `own` here; returns when
   * all are done.
   */
  run(jobs: readonly GemmArgs[], own: () => void): void {
    const seq = ++this.seq;
    jobs.forEach((args, i) => {
      const base = this.serving[i] * SLOTS;
      for (let k = 0; k < args.length; k++) this.control[base + ARGS + k] = args[k];
      Atomics.store(this.control, base + SEQ, seq);
      Atomics.notify(this.control, base + SEQ);
    });
    own();
    const serving = this.serving;
    const deadline = performance.now() + this.stallMs;
    for (let i = 0; i < jobs.length; i++) {
      const w = serving[i];
      const at = w * SLOTS + DONE;
      for (
        let done = Atomics.load(this.control, at);
        done !== seq;
        done = Atomics.load(this.control, at)
      ) {
        if (this.block) Atomics.wait(this.control, at, done, Math.min(1000, this.stallMs));
        // A worker that crashed mid-GEMM never answers, and a page's main thread would spin
        // forever: give up on it, and stop it so it cannot write into memory reused later.
        if (performance.now() > deadline) {
          this.retire(w, `did not finish its share of a GEMM within ${this.stallMs / 1000} s`);
          throw new BackendError(
            'matmul',
            `worker thread ${w} did not finish its share of a GEMM within ${this.stallMs / 1000} s (it may have crashed); the product is lost, and later ones run without that worker`,
          );
        }
      }
      if (this.control[w * SLOTS + STATUS] !== 0)
        throw new BackendError('matmul', `worker thread ${w} failed in gemm`);
    }
  }

  /** Takes worker `w` out of service for good, saying why in `failures()`. */
  private retire(w: number, why: string): void {
    this.errors[w] = why;
    Atomics.store(this.control, w * SLOTS + READY, -1);
    this.serving = this.serving.filter((x) => x !== w);
    void this.workers[w]?.terminate();
  }

  /** Stops the workers. */
  async close(): Promise<void> {
    for (let i = 0; i < this.size; i++) {
      Atomics.store(this.control, i * SLOTS + SEQ, -1);
      Atomics.notify(this.control, i * SLOTS + SEQ);
    }
    await Promise.all(this.workers.map((w) => w.terminate()));
    this.host.release();
  }
}
