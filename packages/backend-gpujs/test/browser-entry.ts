/**
 * Runs in a headless Chromium page (bundled by scripts/browser-test.mjs): the shared kernel
 * cases and the MLP training parity check, on gpu.js's webgl2 mode against the CPU backend.
 * Results go to `window.__results`.
 */
import * as T from '@tsgrad/tensor';
import { registerGpujsBackend } from '../src/index.js';
import { CASES, close } from './case-list.js';
import { trainMlp } from './training.js';

interface Outcome {
  name: string;
  ok: boolean;
  skipped?: boolean;
  detail?: string;
}

async function main(): Promise<unknown> {
  const name = registerGpujsBackend({ mode: 'webgl2', name: 'gpujs-webgl2', priority: 0 });
  const backend = T.setBackend(name);
  const info = backend.info!();
  const outcomes: Outcome[] = [];
  for (const c of CASES) {
    if (c.ieee) {
      outcomes.push({ name: c.name, ok: true, skipped: true });
      continue;
    }
    try {
      T.setBackend('cpu');
      const want = c.run();
      T.setBackend(name);
      const got = c.run();
      const problem =
        got.dtype !== want.dtype
          ? `dtype ${got.dtype} vs ${want.dtype}`
          : JSON.stringify(got.shape) !== JSON.stringify(want.shape)
            ? `shape ${got.shape} vs ${want.shape}`
            : close(await got.data(), want.dataSync(), c.rtol ?? 1e-4, c.atol ?? 1e-5);
      outcomes.push({ name: c.name, ok: problem === null, detail: problem ?? undefined });
    } catch (e) {
      outcomes.push({ name: c.name, ok: false, detail: String(e) });
    }
  }
  // Training parity: the same seeded SGD steps on the CPU and on WebGL2.
  const steps = 8;
  const t0 = performance.now();
  const ref = trainMlp('cpu', steps);
  const t1 = performance.now();
  const run = trainMlp(name, steps);
  const t2 = performance.now();
  const lossDiff = Math.max(...run.losses.map((l, i) => Math.abs(l - ref.losses[i])));
  const flat = new Set(run.buffers.slice(1)).size === 1;
  outcomes.push({
    name: `MLP training parity (${steps} steps)`,
    ok: lossDiff < 1e-3 && flat,
    detail: `max |loss diff| ${lossDiff.toExponential(2)}, buffers per step ${run.buffers.join(',')}, losses ${run.losses.map((l) => l.toFixed(4)).join(' ')}`,
  });
  return {
    info: T.getBackend().info!(),
    modeAtStart: info.mode,
    userAgent: navigator.userAgent,
    outcomes,
    timings: { cpuTrainMs: t1 - t0, gpujsTrainMs: t2 - t1 },
  };
}

const w = window as unknown as { __results?: unknown };
main().then(
  (r) => {
    w.__results = r;
  },
  (e) => {
    w.__results = { error: String(e?.stack ?? e) };
  },
);
