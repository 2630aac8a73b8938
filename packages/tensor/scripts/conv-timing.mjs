// Rough timings of the CPU conv and pooling kernels on the classic MNIST CNN's first two
// layers, batch 32. Not a test: prints numbers only. Run after `pnpm build`:
//   node packages/tensor/scripts/conv-timing.mjs [batch]
import {
  conv2d,
  conv2dBackpropFilter,
  conv2dBackpropInput,
  maxPool2d,
  maxPool2dGrad,
  randn,
} from '../dist/index.js';

const batch = Number(process.argv[2] ?? 32);

function time(label, fn, reps = 7) {
  for (let i = 0; i < 2; i++) fn();
  const ms = [];
  for (let i = 0; i < reps; i++) {
    const t0 = performance.now();
    fn().dataSync();
    ms.push(performance.now() - t0);
  }
  ms.sort((a, b) => a - b);
  const median = ms[Math.floor(reps / 2)];
  console.log(`${label.padEnd(58)} ${median.toFixed(1).padStart(7)} ms (min ${ms[0].toFixed(1)})`);
  return median;
}

const x = randn([batch, 28, 28, 1], { seed: 1 });
const w1 = randn([3, 3, 1, 32], { seed: 2, std: 0.3 });
const w2 = randn([3, 3, 32, 64], { seed: 3, std: 0.05 });
const y1 = conv2d(x, w1);
const p1 = maxPool2d(y1, { poolSize: 2 });
const y2 = conv2d(p1, w2);
const dy1 = randn(y1.shape, { seed: 4 });
const dp1 = randn(p1.shape, { seed: 5 });
const dy2 = randn(y2.shape, { seed: 6 });

console.log(`batch ${batch}, float32, node ${process.version}`);
let total = 0;
total += time(`conv1 forward   ${JSON.stringify(x.shape)} * [3,3,1,32]`, () => conv2d(x, w1));
total += time('conv1 backpropFilter', () => conv2dBackpropFilter(x, dy1, w1.shape));
const bi1 = time('conv1 backpropInput (not needed for the data batch)', () =>
  conv2dBackpropInput(dy1, w1, x.shape),
);
total += time(`maxPool 2 forward ${JSON.stringify(y1.shape)}`, () =>
  maxPool2d(y1, { poolSize: 2 }),
);
total += time('maxPool 2 grad', () => maxPool2dGrad(y1, dp1, { poolSize: 2 }));
total += time(`conv2 forward   ${JSON.stringify(p1.shape)} * [3,3,32,64]`, () => conv2d(p1, w2));
total += time('conv2 backpropFilter', () => conv2dBackpropFilter(p1, dy2, w2.shape));
total += time('conv2 backpropInput', () => conv2dBackpropInput(dy2, w2, p1.shape));
console.log(
  `${'total (without conv1 backpropInput)'.padEnd(58)} ${total.toFixed(1).padStart(7)} ms`,
);
console.log(`${'(conv1 backpropInput)'.padEnd(58)} ${bi1.toFixed(1).padStart(7)} ms`);
