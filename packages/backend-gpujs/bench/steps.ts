/**
 * Training-step benchmark of the gpu.js backend: for each model and each mode that runs here,
 * ms per SGD step (median after warm-up), the first step (kernel compiles), and what crossed the
 * host/device line per step: kernel launches, uploads, readbacks. The goal is one readback per
 * step, for the loss. The reference row is tsgrad's CPU backend.
 *
 * The data set (1024 seeded random images of MNIST shape and labels) is uploaded once; a step
 * gathers its batch on the device from an uploaded index vector (the one upload per step), runs
 * forward, backward and the update, and reads the loss.
 */
import { zeroGrad } from '@tsgrad/autograd';
import * as T from '@tsgrad/tensor';
import type { Tensor } from '@tsgrad/tensor';
import { GPU } from 'gpu.js';
import {
  type GpujsBackend,
  type GpujsMode,
  initWebGPU,
  registerGpujsBackend,
} from '../src/index.js';

const arg = (name: string, fallback: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : fallback;
};
const STEPS = Number(arg('steps', '10'));
const MODELS = arg('models', 'mlp,cnn').split(',');

interface Model {
  name: string;
  batch: number;
  params: () => Tensor[];
  forward: (p: Tensor[], x: Tensor) => Tensor;
}

const he = (shape: number[], fanIn: number, seed: number) =>
  T.mul(T.randn(shape, { seed }), Math.sqrt(2 / fanIn));

export const MODELS_BY_NAME: Record<string, Model> = {
  mlp: {
    name: 'MLP 784-128-10, batch 128',
    batch: 128,
    params: () => [he([784, 128], 784, 1), T.zeros([128]), he([128, 10], 128, 2), T.zeros([10])],
    // fusedMatmul: what Dense layers run (one kernel for product, bias and ReLU).
    forward: ([w1, b1, w2, b2], x) =>
      T.fusedMatmul(
        T.fusedMatmul(T.reshape(x, [x.shape[0], 784]), w1, { bias: b1, activation: 'relu' }),
        w2,
        { bias: b2 },
      ),
  },
  cnn: {
    name: 'CNN conv3x3x8-pool2-dense10, batch 32',
    batch: 32,
    params: () => [he([3, 3, 1, 8], 9, 1), T.zeros([8]), he([1352, 10], 1352, 2), T.zeros([10])],
    forward: ([w1, b1, w2, b2], x) =>
      T.fusedMatmul(
        T.reshape(T.maxPool2d(T.relu(T.add(T.conv2d(x, w1), b1)), { poolSize: 2 }), [
          x.shape[0],
          1352,
        ]),
        w2,
        { bias: b2 },
      ),
  },
};

interface Row {
  system: string;
  msPerStep: number;
  firstStepMs: number;
  launches: number | null;
  uploads: number | null;
  readbacks: number | null;
  objects: string;
}

async function bench(system: string, backendName: string, model: Model): Promise<Row> {
  const backend = T.setBackend(backendName) as GpujsBackend;
  const gpujs = typeof (backend as Partial<GpujsBackend>).stats === 'object';
  const N = 1024;
  const images = T.rand([N, 28, 28, 1], { seed: 3 });
  const labels = T.randint(0, 10, [N], { seed: 4 });
  const params = model.params().map((p) => p.requireGrad());
  const g = new T.Generator(5);
  const step = async () => {
    const idx = T.tensor(
      Int32Array.from({ length: model.batch }, () => Math.floor(g.uniform() * N)),
      [model.batch],
      'int32',
    );
    const loss = T.scope(() => {
      const x = T.gather(images, idx);
      // What sparseCategoricalCrossentropy from logits runs: one fused kernel for the losses.
      const l = T.mean(T.softmaxCrossEntropy(model.forward(params, x), T.gather(labels, idx)));
      l.backward();
      // T.sgdUpdate: one fused kernel per parameter where the backend has it (gpujs does).
      for (const p of params) p.assign(T.sgdUpdate(p, p.grad!, null, { lr: 0.05 }).param);
      zeroGrad(params);
      return l.detach();
    });
    const v = (await loss.data())[0];
    loss.dispose();
    idx.dispose();
    return v;
  };
  let t = performance.now();
  await step();
  const firstStepMs = performance.now() - t;
  await step();
  const before = gpujs ? { ...backend.stats } : null;
  const times: number[] = [];
  for (let i = 0; i < STEPS; i++) {
    t = performance.now();
    await step();
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  const per = (k: 'kernelRuns' | 'uploads' | 'readbacks') =>
    before ? (backend.stats[k] - before[k]) / STEPS : null;
  const info = (backend.info?.() ?? {}) as { textures?: number; deviceBuffers?: number };
  const objects =
    info.textures !== undefined
      ? `${info.textures} textures`
      : info.deviceBuffers !== undefined
        ? `${info.deviceBuffers} GPU buffers`
        : `${backend.memory().numBuffers} buffers`;
  T.dispose([images, labels, ...params]);
  T.setBackend('cpu');
  return {
    system,
    msPerStep: times[Math.floor(times.length / 2)],
    firstStepMs,
    launches: per('kernelRuns'),
    uploads: per('uploads'),
    readbacks: per('readbacks'),
    objects,
  };
}

/**
 * One process per mode (set by bench/run.mjs): headless GL and Dawn's OpenGL ES backend cannot
 * share a process (Dawn then fails eglMakeCurrent with EGL_BAD_ACCESS), and a fresh process
 * also gives each mode a cold kernel cache. Prints one JSON line per model.
 */
async function main() {
  const mode = process.env.TSGRAD_BENCH_MODE ?? 'reference';
  let name = 'cpu';
  let label = 'tsgrad CPU backend (reference)';
  if (mode !== 'reference') {
    if (mode === 'headlessgl' && !GPU.isHeadlessGLSupported) {
      console.log(JSON.stringify({ skipped: 'headlessgl: native gl not built or no X display' }));
      return;
    }
    if (mode === 'webgpu') {
      const s = await initWebGPU();
      if (!s.ok) {
        console.log(JSON.stringify({ skipped: `webgpu: ${s.reason}` }));
        return;
      }
    }
    name = registerGpujsBackend({
      mode: mode as GpujsMode,
      name: `bench-${mode}`,
      strict: true,
      priority: 0,
    });
    const note =
      mode === 'headlessgl'
        ? ' (Mesa llvmpipe)'
        : mode === 'webgpu'
          ? ' (Dawn on OpenGL ES, Mesa)'
          : '';
    label = `gpujs \`${mode}\`${note}`;
  }
  for (const key of MODELS) {
    const row = await bench(label, name, MODELS_BY_NAME[key]);
    console.log(JSON.stringify({ model: key, ...row }));
  }
}

await main();
process.exit(0);
