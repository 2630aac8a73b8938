/**
 * `pnpm --filter @tsgrad/bench profile`: where a training step's time and allocations go, over
 * one real MNIST epoch of the MLP on tsgrad's WebAssembly backend. For questions the bench's
 * epoch totals cannot answer: does a step get slower as the epoch goes on (it did, until
 * subnormal optimizer state was flushed), and how many bytes of JavaScript objects does a step
 * allocate (V8's sampling heap profiler, which counts objects collected since)?
 *
 *   pnpm --filter @tsgrad/bench profile [--batch 32] [--windows 12] [--alloc-steps 200]
 *
 * Prints, per window of steps, the mean milliseconds of a whole step and of its optimizer
 * update (forward and backward are the rest), then the allocation per step. Uses the built
 * dist/ of the packages, as `pnpm bench` does.
 */
import { Session } from 'node:inspector/promises';
import { parseArgs } from 'node:util';
import { PIXELS, loadMnistArrays, permutation } from './data.js';
import { envInfo, formatEnv } from './env.js';
import { initialWeights, tsgradParts } from './models.js';

const { values } = parseArgs({
  options: {
    batch: { type: 'string', default: '32' },
    windows: { type: 'string', default: '12' },
    'alloc-steps': { type: 'string', default: '200' },
  },
});
const batch = Number(values.batch);
const windows = Number(values.windows);
const allocSteps = Number(values['alloc-steps']);

const { registerWasmBackend } = await import('@tsgrad/backend-wasm');
const mnist = await loadMnistArrays();
const { setBackend } = await import('@tsgrad/tensor');
setBackend(registerWasmBackend());
const { t, model, params, optimizer, loss } = await tsgradParts('mlp', initialWeights('mlp', 1));
const order = permutation(mnist.trainCount, 2);
const x = new Float32Array(batch * PIXELS);
const y = new Int32Array(batch);
let optimizerMs = 0;

/** Step `s` of the epoch (wrapping around for the allocation run). */
function step(s: number): number {
  const start = (s * batch) % (mnist.trainCount - batch);
  for (let i = 0; i < batch; i++) {
    const k = order[start + i];
    x.set(mnist.trainImages.subarray(k * PIXELS, (k + 1) * PIXELS), i * PIXELS);
    y[i] = mnist.trainLabels[k];
  }
  return t.scope(() => {
    const l = loss(
      t.tensor(y, [batch], 'int32'),
      model.call(t.tensor(x, [batch, PIXELS]), { training: true }),
    );
    l.backward();
    const t0 = performance.now();
    optimizer.step(params);
    optimizerMs += performance.now() - t0;
    optimizer.zeroGrad(params);
    return l.item();
  });
}

console.log(formatEnv(envInfo()));
const steps = Math.floor(mnist.trainCount / batch);
const per = Math.floor(steps / windows);
console.log(`\nMLP batch ${batch}, one epoch of ${steps} steps, in ${windows} windows of ${per}:`);
console.log('| steps | ms per step | of which the optimizer |');
console.log('| ----- | ----------: | ---------------------: |');
const epoch0 = performance.now();
for (let w = 0; w < windows; w++) {
  optimizerMs = 0;
  const t0 = performance.now();
  for (let i = 0; i < per; i++) step(w * per + i);
  const ms = (performance.now() - t0) / per;
  console.log(
    `| ${w * per}–${(w + 1) * per - 1} | ${ms.toFixed(2)} | ${(optimizerMs / per).toFixed(2)} |`,
  );
}
console.log(
  `epoch (${windows * per} steps): ${((performance.now() - epoch0) / 1000).toFixed(2)} s`,
);

// Allocation: V8's sampling heap profiler over `allocSteps` more steps, counting objects the
// GC has collected too, so the total is what the steps allocated, not what they kept.
type HeapInfo = { heap?: { fresh: number; reused: number } };
const heapOf = () => (t.getBackend().info?.() as HeapInfo | undefined)?.heap;
const heapBefore = heapOf();
const session = new Session();
session.connect();
await session.post('HeapProfiler.enable');
await session.post('HeapProfiler.startSampling', {
  samplingInterval: 256,
  includeObjectsCollectedByMajorGC: true,
  includeObjectsCollectedByMinorGC: true,
});
for (let s = 0; s < allocSteps; s++) step(s);
const { profile } = await session.post('HeapProfiler.stopSampling');
type Node = { selfSize: number; children: Node[] };
const total = (n: Node): number => n.selfSize + n.children.reduce((a, c) => a + total(c), 0);
const bytes = total(profile.head as Node);
console.log(
  `allocated: ${(bytes / 2 ** 20).toFixed(1)} MiB over ${allocSteps} steps, ${(bytes / allocSteps / 1024).toFixed(0)} KiB per step (sampled every 256 bytes)`,
);
const heap = heapOf();
if (heap && heapBefore) {
  console.log(
    `tensor memory in those steps: ${heap.fresh - heapBefore.fresh} new WebAssembly heap blocks, ${heap.reused - heapBefore.reused} reused`,
  );
}
session.disconnect();
