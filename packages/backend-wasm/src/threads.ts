import { BackendError } from '@tsgrad/tensor';

/** Pages (64 KiB) the shared memory may grow to: 1 GiB. Must match scripts/build-wasm.mjs. */
export const SHARED_MAX_PAGES = 16384;

/** i32 slots per worker in the control block: seq, done, 13 gemm arguments, status. */
const SLOTS = 16;
const SEQ = 0;
const DONE = 1;
const ARGS = 2;
const STATUS = 15;

/** Minimal shape of Node's worker_threads, found at run time so browsers never import it. */
interface WorkerLike {
  unref(): void;
  terminate(): Promise<number>;
}
type WorkerCtor = new (src: string, opts: { eval: true; workerData: unknown }) => WorkerLike;

/** Node's Worker constructor, or undefined outside Node (browsers: no threads yet). */
export function findWorker(): WorkerCtor | undefined {
  const proc = (globalThis as any).process;
  try {
    return proc?.getBuiltinModule?.('node:worker_threads')?.Worker;
  } catch {
    return undefined;
  }
}

// Each worker instantiates the shared-memory module on the same memory, then sleeps on its
// control slot; a bumped sequence number wakes it to run one gemm.
const WORKER_SOURCE = `
const { workerData } = require('node:worker_threads');
const { module, memory, control, index } = workerData;
const { gemm } = new WebAssembly.Instance(module, { env: { memory } }).exports;
const ctl = new Int32Array(control, index * ${SLOTS * 4}, ${SLOTS});
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
`;

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

/**
 * Worker threads that each run a share of one GEMM on the shared memory. The calling thread
 * runs a share too and then waits (Atomics.wait, allowed on Node's main thread) for the rest.
 */
export class GemmPool {
  private readonly control: Int32Array;
  private readonly workers: WorkerLike[] = [];
  private seq = 0;

  constructor(
    Worker: WorkerCtor,
    module: WebAssembly.Module,
    memory: WebAssembly.Memory,
    count: number,
  ) {
    const sab = new SharedArrayBuffer(count * SLOTS * 4);
    this.control = new Int32Array(sab);
    for (let i = 0; i < count; i++) {
      const w = new Worker(WORKER_SOURCE, {
        eval: true,
        workerData: { module, memory, control: sab, index: i },
      });
      // Sleeping workers must not keep the process alive.
      w.unref();
      this.workers.push(w);
    }
  }

  /** Worker threads besides the caller. */
  get size(): number {
    return this.workers.length;
  }

  /** Runs `jobs[i]` on worker i and `own` here; returns when all are done. */
  run(jobs: readonly GemmArgs[], own: () => void): void {
    const seq = ++this.seq;
    jobs.forEach((args, i) => {
      const base = i * SLOTS;
      for (let k = 0; k < args.length; k++) this.control[base + ARGS + k] = args[k];
      Atomics.store(this.control, base + SEQ, seq);
      Atomics.notify(this.control, base + SEQ);
    });
    own();
    for (let i = 0; i < jobs.length; i++) {
      const at = i * SLOTS + DONE;
      for (
        let done = Atomics.load(this.control, at);
        done !== seq;
        done = Atomics.load(this.control, at)
      ) {
        Atomics.wait(this.control, at, done, 10_000);
      }
      if (this.control[i * SLOTS + STATUS] !== 0)
        throw new BackendError('matmul', `worker thread ${i} failed in gemm`);
    }
  }

  /** Stops the workers. */
  async close(): Promise<void> {
    for (let i = 0; i < this.workers.length; i++) {
      Atomics.store(this.control, i * SLOTS + SEQ, -1);
      Atomics.notify(this.control, i * SLOTS + SEQ);
    }
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}
