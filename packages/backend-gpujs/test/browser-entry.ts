/**
 * Runs in a headless Chromium page (bundled by scripts/browser-test.mjs): the shared checks
 * (kernel cases against the float64 CPU reference, gradient checks, the conformance suite) and
 * the training parity check, on gpu.js's webgl2 mode. Results go to `window.__results`.
 */
import * as T from '@tsgrad/tensor';
import { registerGpujsBackend } from '../src/index.js';
import { backendChecks } from './suite.js';
import { trainMlp } from './training.js';

interface Outcome {
  group: string;
  name: string;
  ok: boolean;
  detail?: string;
}

async function main(): Promise<unknown> {
  const name = registerGpujsBackend({
    mode: 'webgl2',
    name: 'gpujs-webgl2',
    priority: 0,
    strict: true,
  });
  const backend = T.setBackend(name);
  const info = backend.info!();
  T.setBackend('cpu');
  const outcomes: Outcome[] = [];
  for (const c of backendChecks(name)) {
    try {
      await c.run();
      outcomes.push({ group: c.group, name: c.name, ok: true });
    } catch (e) {
      outcomes.push({ group: c.group, name: c.name, ok: false, detail: String(e) });
    }
    T.setBackend('cpu');
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
    group: 'training',
    name: `MLP training parity (${steps} steps)`,
    ok: lossDiff < 1e-3 && flat,
    detail: `max |loss diff| ${lossDiff.toExponential(2)}, buffers per step ${run.buffers.join(',')}`,
  });
  return {
    info: T.setBackend(name).info!(),
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
