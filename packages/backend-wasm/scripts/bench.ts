// Matmul GFLOP/s and MNIST MLP / CNN training steps on the 'wasm' backend vs the 'cpu' backend
// (TypeScript kernels), in one process. Run: `pnpm --filter @tsgrad/backend-wasm bench`
// (add `--json out.json` to also write the numbers). Times are the best of several repeats,
// so other load on the machine disturbs them less; no timing is asserted anywhere.
import { gradients, noGrad } from '@tsgrad/autograd';
import {
  Generator,
  type Tensor,
  add,
  conv2d,
  getBackend,
  logSoftmax,
  matmul,
  maxPool2d,
  mean,
  mul,
  neg,
  oneHot,
  randint,
  randn,
  relu,
  reshape,
  scope,
  setBackend,
  sub,
  sum,
  tensor,
  zeros,
} from '@tsgrad/tensor';
import { writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { registerWasmBackend } from '../src/index.js';

registerWasmBackend();
registerWasmBackend({ name: 'wasm-2t', threads: 2, priority: 0 });
const BACKENDS = ['wasm', 'wasm-2t', 'cpu'] as const;

/** Best time in ms of `repeats` rounds of `reps` calls. */
function best(fn: () => void, reps: number, repeats: number): number {
  fn();
  let t = Infinity;
  for (let r = 0; r < repeats; r++) {
    const t0 = performance.now();
    for (let i = 0; i < reps; i++) fn();
    t = Math.min(t, (performance.now() - t0) / reps);
  }
  return t;
}

function matmulRow(n: number) {
  const row: Record<string, number> = { n };
  for (const be of BACKENDS) {
    setBackend(be);
    const gen = new Generator(1);
    const a = randn([n, n], { generator: gen });
    const b = randn([n, n], { generator: gen });
    const flops = 2 * n ** 3;
    const reps = Math.max(1, Math.round((be !== 'cpu' ? 4e8 : 4e7) / flops));
    const ms = best(() => matmul(a, b).dispose(), reps, be !== 'cpu' ? 7 : 2);
    row[be] = flops / ms / 1e6;
  }
  return row;
}

/** One SGD step of the MNIST MLP 784-128-64-10 with softmax cross-entropy. */
function mlpRow(batch: number) {
  const row: Record<string, number> = { batch };
  for (const be of BACKENDS) {
    setBackend(be);
    const gen = new Generator(7);
    const dims = [784, 128, 64, 10];
    const params: Tensor[] = [];
    for (let l = 0; l < 3; l++) {
      params.push(
        mul(
          randn([dims[l], dims[l + 1]], { generator: gen }),
          Math.sqrt(2 / dims[l]),
        ).requireGrad(),
      );
      params.push(zeros([dims[l + 1]]).requireGrad());
    }
    // MNIST-like input: about 80% zeros, the rest in (0, 1].
    const xs = new Float32Array(batch * 784);
    for (let i = 0; i < xs.length; i++) xs[i] = gen.uniform() < 0.8 ? 0 : gen.uniform();
    const x = tensor(xs, [batch, 784]);
    const y = oneHot(randint(0, 10, [batch], { generator: gen }), 10);
    const step = () =>
      scope(() => {
        let h = x;
        for (let l = 0; l < 3; l++) {
          h = add(matmul(h, params[2 * l]), params[2 * l + 1]);
          if (l < 2) h = relu(h);
        }
        const loss = neg(mean(sum(mul(logSoftmax(h), y), -1)));
        const grads = gradients(loss, params);
        noGrad(() => {
          for (let i = 0; i < params.length; i++)
            params[i].assign(sub(params[i], mul(grads[i], 0.01)));
        });
      });
    const steps = Math.max(2, Math.round(2000 / batch));
    const ms = best(step, steps, 3);
    row[be] = (batch * 1000) / ms;
  }
  return row;
}

/** One SGD step of the classic MNIST CNN: conv 32 → pool → conv 64 → pool → dense 10. */
function cnnRow(batch: number) {
  const row: Record<string, number> = { batch };
  for (const be of BACKENDS) {
    setBackend(be);
    const gen = new Generator(7);
    const p = (shape: number[], fan: number) =>
      mul(randn(shape, { generator: gen }), Math.sqrt(2 / fan)).requireGrad();
    const params = [
      p([3, 3, 1, 32], 9),
      zeros([32]).requireGrad(),
      p([3, 3, 32, 64], 288),
      zeros([64]).requireGrad(),
    ];
    params.push(p([1600, 10], 1600), zeros([10]).requireGrad());
    const xs = new Float32Array(batch * 784);
    for (let i = 0; i < xs.length; i++) xs[i] = gen.uniform() < 0.8 ? 0 : gen.uniform();
    const x = tensor(xs, [batch, 28, 28, 1]);
    const y = oneHot(randint(0, 10, [batch], { generator: gen }), 10);
    const step = () =>
      scope(() => {
        let h = maxPool2d(relu(add(conv2d(x, params[0]), params[1])), { poolSize: 2 });
        h = maxPool2d(relu(add(conv2d(h, params[2]), params[3])), { poolSize: 2 });
        h = add(matmul(reshape(h, [batch, 1600]), params[4]), params[5]);
        const loss = neg(mean(sum(mul(logSoftmax(h), y), -1)));
        const grads = gradients(loss, params);
        noGrad(() => {
          for (let i = 0; i < params.length; i++)
            params[i].assign(sub(params[i], mul(grads[i], 0.01)));
        });
      });
    const ms = be !== 'cpu' ? best(step, 5, 3) : best(step, 1, 2);
    row[be] = (batch * 1000) / ms;
  }
  return row;
}

const fmt = (v: number) => v.toFixed(v < 10 ? 2 : v < 1000 ? 1 : 0);
console.log(
  `backend-wasm bench — Node ${process.version}, ${cpus().length}× ${cpus()[0]?.model ?? 'cpu'}`,
);
console.log(`wasm backend: ${JSON.stringify(getBackendInfo())}\n`);

console.log('matmul float32 [n,n]·[n,n], GFLOP/s (best of repeats)');
console.log(
  '| n | wasm (SIMD) | wasm, 2 threads | cpu (TypeScript) | wasm / cpu |\n|---|---|---|---|---|',
);
const matmuls = [128, 512, 1024].map(matmulRow);
for (const r of matmuls)
  console.log(
    `| ${r.n} | ${fmt(r.wasm)} | ${fmt(r['wasm-2t'])} | ${fmt(r.cpu)} | ${fmt(r.wasm / r.cpu)}× |`,
  );

console.log('\nMLP 784-128-64-10 SGD training step (forward + backward + update), samples/s');
console.log('| batch | wasm | wasm, 2 threads | cpu | wasm / cpu |\n|---|---|---|---|---|');
const mlps = [32, 128].map(mlpRow);
for (const r of mlps)
  console.log(
    `| ${r.batch} | ${fmt(r.wasm)} | ${fmt(r['wasm-2t'])} | ${fmt(r.cpu)} | ${fmt(r.wasm / r.cpu)}× |`,
  );

console.log('\nCNN conv32-pool-conv64-pool-dense10 SGD training step, samples/s');
console.log('| batch | wasm | wasm, 2 threads | cpu | wasm / cpu |\n|---|---|---|---|---|');
const cnns = [128].map(cnnRow);
for (const r of cnns)
  console.log(
    `| ${r.batch} | ${fmt(r.wasm)} | ${fmt(r['wasm-2t'])} | ${fmt(r.cpu)} | ${fmt(r.wasm / r.cpu)}× |`,
  );

const jsonAt = process.argv.indexOf('--json');
if (jsonAt > 0)
  writeFileSync(process.argv[jsonAt + 1], `${JSON.stringify({ matmuls, mlps, cnns }, null, 2)}\n`);

function getBackendInfo() {
  setBackend('wasm');
  return getBackend().info?.();
}
