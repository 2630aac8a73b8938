import { noGrad, valueAndGrad } from '@tsgrad/autograd';
import {
  type Tensor,
  add,
  dispose,
  div,
  logSoftmax,
  matmul,
  mean,
  mul,
  neg,
  relu,
  scope,
  sqrt,
  square,
  sum,
  tensor,
  zerosLike,
} from '@tsgrad/tensor';
import type { Tensor2D } from '@tensorflow/tfjs';
import { type BenchCase, type Runner, type RunnerContext, needTf } from '../case.js';
import { Rng } from '../rng.js';

/** Layer widths of the MNIST MLP: 784-128-64-10. */
export const MLP_SIZES = [784, 128, 64, 10] as const;

/** Adam's hyperparameters, the same for every system (TensorFlow.js's defaults, ε made explicit). */
export const ADAM = { lr: 1e-3, beta1: 0.9, beta2: 0.999, eps: 1e-7 } as const;

interface MlpData {
  /** [W1, b1, W2, b2, W3, b3] initial values (Glorot-uniform weights, zero biases). */
  params: Float32Array[];
  shapes: number[][];
  /** Inputs [batch, 784] in [0, 1), like scaled MNIST pixels. */
  x: Float32Array;
  /** One-hot labels [batch, 10]. */
  y: Float32Array;
}

export function mlpData(batch: number, sizes: readonly number[] = MLP_SIZES, seed = 3): MlpData {
  const rng = new Rng(seed);
  const params: Float32Array[] = [];
  const shapes: number[][] = [];
  for (let l = 0; l + 1 < sizes.length; l++) {
    const [fanIn, fanOut] = [sizes[l], sizes[l + 1]];
    const limit = Math.sqrt(6 / (fanIn + fanOut));
    params.push(rng.uniform(fanIn * fanOut, -limit, limit), new Float32Array(fanOut));
    shapes.push([fanIn, fanOut], [fanOut]);
  }
  const classes = sizes[sizes.length - 1];
  const x = rng.uniform(batch * sizes[0], 0, 1);
  const y = new Float32Array(batch * classes);
  const labels = rng.ints(batch, classes);
  for (let i = 0; i < batch; i++) y[i * classes + labels[i]] = 1;
  return { params, shapes, x, y };
}

/**
 * One training step of an MLP (ReLU hidden layers, softmax cross-entropy averaged over the
 * batch, Adam) on a fixed random batch of MNIST shape, in samples per second. The output
 * cross-checked is the loss of two steps and every parameter after them.
 */
export function mlpCase(batch: number, sizes: readonly number[] = MLP_SIZES, seed = 3): BenchCase {
  const data = mlpData(batch, sizes, seed);
  return {
    id: `mlp-${batch}`,
    label: `MLP ${sizes.join('-')} train step, batch ${batch}, Adam`,
    unit: 'samples/s',
    work: batch,
    tolerance: 1e-4,
    runners: {
      tsgrad: () => tsgradMlp(data),
      'tfjs-cpu': (ctx) => tfjsMlp(ctx, data),
      'tfjs-wasm': (ctx) => tfjsMlp(ctx, data),
    },
  };
}

/**
 * tsgrad with raw ops, autograd and a hand-written Adam (tfjs's exact update), so the number
 * does not depend on @tsgrad/layers or @tsgrad/optim.
 */
function tsgradMlp(data: MlpData): Runner {
  const params = data.params.map((p, i) => tensor(p, data.shapes[i]));
  const m = params.map((p) => zerosLike(p));
  const v = params.map((p) => zerosLike(p));
  const x = tensor(data.x, [data.x.length / data.shapes[0][0], data.shapes[0][0]]);
  const y = tensor(data.y, [x.shape[0], data.shapes[data.shapes.length - 1][0]]);
  const lossOf = (...ps: Tensor[]): Tensor => {
    let h = x;
    for (let l = 0; l < ps.length; l += 2) {
      h = add(matmul(h, ps[l]), ps[l + 1]);
      if (l + 2 < ps.length) h = relu(h);
    }
    return neg(mean(sum(mul(y, logSoftmax(h, -1)), -1)));
  };
  const step = valueAndGrad(
    lossOf,
    params.map((_, i) => i),
  );
  const { lr, beta1, beta2, eps } = ADAM;
  let t = 0;
  const train = (): number => {
    t++;
    const c1 = 1 - beta1 ** t;
    const c2 = 1 - beta2 ** t;
    return scope(() => {
      const [loss, grads] = step(...params);
      noGrad(() => {
        grads.forEach((g, i) => {
          m[i].assign(add(mul(m[i], beta1), mul(g, 1 - beta1)));
          v[i].assign(add(mul(v[i], beta2), mul(square(g), 1 - beta2)));
          const update = div(div(m[i], c1), add(sqrt(div(v[i], c2)), eps));
          params[i].assign(add(mul(update, -lr), params[i]));
        });
      });
      return loss.item();
    });
  };
  return {
    run: () => void train(),
    output: () => {
      const losses = [train(), train()];
      return concatArrays([
        Float32Array.from(losses),
        ...params.map((p) => p.dataSync() as Float32Array),
      ]);
    },
    dispose: () => dispose([...params, ...m, ...v, x, y]),
  };
}

/** TensorFlow.js with fused matMul+bias+ReLU (what tf.layers.dense runs) and tf.train.adam. */
function tfjsMlp(ctx: RunnerContext, data: MlpData): Runner {
  const tf = needTf(ctx);
  const params = data.params.map((p, i) =>
    tf.tidy(() => tf.variable(tf.tensor(p, data.shapes[i]))),
  );
  const x = tf.tensor2d(data.x, [data.x.length / data.shapes[0][0], data.shapes[0][0]]);
  const y = tf.tensor2d(data.y, [x.shape[0], data.shapes[data.shapes.length - 1][0]]);
  const optimizer = tf.train.adam(ADAM.lr, ADAM.beta1, ADAM.beta2, ADAM.eps);
  const lossOf = () => {
    let h = x;
    for (let l = 0; l < params.length; l += 2) {
      const activation = l + 2 < params.length ? 'relu' : 'linear';
      h = tf.fused.matMul({
        a: h,
        b: params[l] as Tensor2D,
        bias: params[l + 1],
        activation,
      }) as Tensor2D;
    }
    return tf.losses.softmaxCrossEntropy(y, h) as import('@tensorflow/tfjs').Scalar;
  };
  const train = (): number => {
    const loss = optimizer.minimize(lossOf, true, params)!;
    const value = loss.dataSync()[0];
    loss.dispose();
    return value;
  };
  return {
    run: () => void train(),
    output: () => {
      const losses = [train(), train()];
      return concatArrays([
        Float32Array.from(losses),
        ...params.map((p) => p.dataSync() as Float32Array),
      ]);
    },
    dispose: () => {
      optimizer.dispose();
      tf.dispose([...params, x, y]);
    },
  };
}

function concatArrays(parts: Float32Array[]): Float32Array {
  const out = new Float32Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}
