import { type Batch, CLASSES, PIXELS, glorot } from './data.js';
import { Rng } from './rng.js';
import type { SystemContext } from './systems.js';

/**
 * The two models of issue 6, the same for every system:
 * - `mlp`: Dense 128 ReLU → Dense 64 ReLU → Dense 10 on flattened 28×28 images;
 * - `cnn`: Conv2D 32 3×3 ReLU → MaxPool 2 → Conv2D 64 3×3 ReLU → MaxPool 2 → Flatten →
 *   Dense 10 (valid padding, stride 1; NHWC).
 * Softmax cross-entropy on the logits averaged over the batch; Adam, learning rate 1e-3,
 * β 0.9 / 0.999, ε 1e-7 (TensorFlow.js's and Keras' defaults).
 */
export type ModelKind = 'mlp' | 'cnn';

export const ADAM = { lr: 1e-3, beta1: 0.9, beta2: 0.999, epsilon: 1e-7 } as const;

/** Initial weights in Keras order (kernel, bias per layer): Glorot-uniform kernels, zero biases. */
export interface InitialWeights {
  values: Float32Array[];
  shapes: number[][];
}

export function initialWeights(kind: ModelKind, seed: number): InitialWeights {
  const rng = new Rng(seed);
  const values: Float32Array[] = [];
  const shapes: number[][] = [];
  const dense = (fanIn: number, units: number) => {
    values.push(glorot(rng, fanIn * units, fanIn, units), new Float32Array(units));
    shapes.push([fanIn, units], [units]);
  };
  const conv = (cin: number, filters: number) => {
    values.push(glorot(rng, 9 * cin * filters, 9 * cin, 9 * filters), new Float32Array(filters));
    shapes.push([3, 3, cin, filters], [filters]);
  };
  if (kind === 'mlp') {
    dense(PIXELS, 128);
    dense(128, 64);
    dense(64, CLASSES);
  } else {
    conv(1, 32);
    conv(32, 64);
    dense(5 * 5 * 64, CLASSES);
  }
  return { values, shapes };
}

/** One system's model, optimizer and loss, trained a batch at a time. */
export interface Trainer {
  /**
   * One training step (forward, backward, Adam); returns the batch's mean loss, read back from
   * the device — a promise where reads are asynchronous (gpu.js's webgpu mode), so that the step
   * is timed until its loss is on the host.
   */
  step(batch: Batch): number | Promise<number>;
  /**
   * Fraction of `count` samples whose argmax of the logits is the label (inference mode).
   * @throws {Error} on a system without synchronous reads (the bench never evaluates there).
   */
  accuracy(images: Float32Array, labels: Int32Array, count: number): number;
  dispose(): void;
}

const inputShape = (kind: ModelKind, n: number) => (kind === 'mlp' ? [n, PIXELS] : [n, 28, 28, 1]);

/** Test-set evaluation batch size. */
const EVAL_BATCH = 500;

function argmaxMatches(logits: ArrayLike<number>, labels: Int32Array, from: number): number {
  let hits = 0;
  const n = logits.length / CLASSES;
  for (let i = 0; i < n; i++) {
    let best = 0;
    for (let c = 1; c < CLASSES; c++)
      if (logits[i * CLASSES + c] > logits[i * CLASSES + best]) best = c;
    if (best === labels[from + i]) hits++;
  }
  return hits;
}

/** The trainer of a system set up by `setUpSystem`. */
export async function makeTrainer(
  ctx: SystemContext,
  kind: ModelKind,
  weights: InitialWeights,
): Promise<Trainer> {
  if (ctx.kind === 'tfjs') return tfjsTrainer(ctx.tf, kind, weights);
  return tsgradTrainer(kind, weights, ctx.kind === 'tsgrad' ? ctx.syncReads : true);
}

/**
 * tsgrad's public training pieces: `@tsgrad/layers` + `@tsgrad/losses` + `@tsgrad/optim`.
 * Without synchronous reads the loss leaves the step's scope as a detached tensor and is read
 * with `await data()`, which waits for the queued kernels (the update included).
 */
/** tsgrad's pieces of one system's training: what `tsgradTrainer` and the step profile share. */
export interface TsgradParts {
  t: typeof import('@tsgrad/tensor');
  model: import('@tsgrad/layers').Sequential;
  params: import('@tsgrad/tensor').Tensor[];
  optimizer: import('@tsgrad/optim').Optimizer;
  loss: (
    y: import('@tsgrad/tensor').Tensor,
    logits: import('@tsgrad/tensor').Tensor,
  ) => import('@tsgrad/tensor').Tensor;
}

/** The model with `weights`, Adam and the loss, built from tsgrad's public packages. */
export async function tsgradParts(kind: ModelKind, weights: InitialWeights): Promise<TsgradParts> {
  await import('@tsgrad/autograd'); // backward()
  const t = await import('@tsgrad/tensor');
  const layers = await import('@tsgrad/layers');
  const { sparseCategoricalCrossentropy } = await import('@tsgrad/losses');
  const { adam } = await import('@tsgrad/optim');
  const model =
    kind === 'mlp'
      ? layers.sequential([
          layers.dense({ units: 128, activation: 'relu', inputShape: [PIXELS] }),
          layers.dense({ units: 64, activation: 'relu' }),
          layers.dense({ units: CLASSES }),
        ])
      : layers.sequential([
          layers.conv2d({
            filters: 32,
            kernelSize: 3,
            activation: 'relu',
            inputShape: [28, 28, 1],
          }),
          layers.maxPool2d({ poolSize: 2 }),
          layers.conv2d({ filters: 64, kernelSize: 3, activation: 'relu' }),
          layers.maxPool2d({ poolSize: 2 }),
          layers.flatten(),
          layers.dense({ units: CLASSES }),
        ]);
  // In a scope: setWeights leaves a detached copy of each value behind (layers' loadStateDict).
  t.scope(() => model.setWeights(weights.values.map((v, i) => t.tensor(v, weights.shapes[i]))));
  const optimizer = adam({
    learningRate: ADAM.lr,
    beta1: ADAM.beta1,
    beta2: ADAM.beta2,
    epsilon: ADAM.epsilon,
  });
  const loss = sparseCategoricalCrossentropy.with({ fromLogits: true });
  return { t, model, params: model.trainableParameters(), optimizer, loss };
}

async function tsgradTrainer(
  kind: ModelKind,
  weights: InitialWeights,
  syncReads: boolean,
): Promise<Trainer> {
  const { t, model, params, optimizer, loss } = await tsgradParts(kind, weights);
  const train = (b: Batch) => {
    const x = t.tensor(b.x, inputShape(kind, b.size));
    const y = t.tensor(b.y, [b.size], 'int32');
    const l = loss(y, model.call(x, { training: true }));
    l.backward();
    optimizer.step(params);
    optimizer.zeroGrad(params);
    return l;
  };
  const readLater = async (l: import('@tsgrad/tensor').Tensor) => {
    try {
      return (await l.data())[0];
    } finally {
      l.dispose();
    }
  };
  return {
    step: syncReads
      ? (b) => t.scope(() => train(b).item())
      : (b) => readLater(t.scope(() => train(b).detach())),
    accuracy: (images, labels, count) => {
      if (!syncReads)
        throw new Error('bench: test accuracy needs synchronous reads (not gpu.js webgpu)');
      let hits = 0;
      for (let s = 0; s < count; s += EVAL_BATCH) {
        const n = Math.min(EVAL_BATCH, count - s);
        hits += t.scope(() => {
          const x = t.tensor(images.slice(s * PIXELS, (s + n) * PIXELS), inputShape(kind, n));
          return argmaxMatches(model.call(x).dataSync(), labels, s);
        });
      }
      return hits / count;
    },
    dispose: () => {
      t.dispose(model.parameters());
      // Restoring an empty state frees the optimizer's slots (optim has no dispose()).
      optimizer.setState({ name: optimizer.name, iterations: 0, params: {} }, []);
    },
  };
}

/**
 * TensorFlow.js at its fastest without `tfjs-node`: fused matMul / conv2d with bias and ReLU
 * (what `tf.layers.dense` and `tf.layers.conv2d` run), `tf.losses.softmaxCrossEntropy` and
 * `tf.train.adam(...).minimize`.
 */
function tfjsTrainer(
  tf: typeof import('@tensorflow/tfjs'),
  kind: ModelKind,
  weights: InitialWeights,
): Trainer {
  type T = import('@tensorflow/tfjs').Tensor;
  const vars = weights.values.map((v, i) =>
    tf.tidy(() => tf.variable(tf.tensor(v, weights.shapes[i]))),
  );
  const optimizer = tf.train.adam(ADAM.lr, ADAM.beta1, ADAM.beta2, ADAM.epsilon);
  const forward = (x: T): T => {
    let h = x as import('@tensorflow/tfjs').Tensor4D;
    let at = 0;
    if (kind === 'cnn') {
      for (let c = 0; c < 2; c++, at += 2) {
        h = tf.fused.conv2d({
          x: h,
          filter: vars[at] as import('@tensorflow/tfjs').Tensor4D,
          strides: 1,
          pad: 'valid',
          bias: vars[at + 1],
          activation: 'relu',
        });
        h = tf.maxPool(h, 2, 2, 'valid');
      }
    }
    let f = (
      kind === 'cnn' ? tf.reshape(h, [h.shape[0], -1]) : h
    ) as import('@tensorflow/tfjs').Tensor2D;
    for (; at < vars.length; at += 2) {
      f = tf.fused.matMul({
        a: f,
        b: vars[at] as import('@tensorflow/tfjs').Tensor2D,
        bias: vars[at + 1],
        activation: at + 2 < vars.length ? 'relu' : 'linear',
      }) as import('@tensorflow/tfjs').Tensor2D;
    }
    return f;
  };
  return {
    step: (b) => {
      const x = tf.tensor(b.x, inputShape(kind, b.size));
      const y = tf.tidy(() => tf.oneHot(tf.tensor1d(b.y, 'int32'), CLASSES));
      const l = optimizer.minimize(
        () => tf.losses.softmaxCrossEntropy(y, forward(x)) as import('@tensorflow/tfjs').Scalar,
        true,
        vars,
      )!;
      const value = l.dataSync()[0];
      tf.dispose([l, x, y]);
      return value;
    },
    accuracy: (images, labels, count) => {
      let hits = 0;
      for (let s = 0; s < count; s += EVAL_BATCH) {
        const n = Math.min(EVAL_BATCH, count - s);
        hits += tf.tidy(() => {
          const x = tf.tensor(images.slice(s * PIXELS, (s + n) * PIXELS), inputShape(kind, n));
          return argmaxMatches(forward(x).dataSync(), labels, s);
        });
      }
      return hits / count;
    },
    dispose: () => {
      optimizer.dispose();
      tf.dispose(vars);
    },
  };
}
