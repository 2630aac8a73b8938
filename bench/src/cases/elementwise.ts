import { type Tensor, add, dispose, mul, relu, scope, sigmoid, tensor } from '@tsgrad/tensor';
import { type BenchCase, type Runner, type RunnerContext, needTf } from '../case.js';
import { Rng } from '../rng.js';

/**
 * The chain y = sigmoid(relu(x·w + b)) over `size` float32 elements (x, w, b of the same shape),
 * in million elements per second. Each library runs it as four ops, as a user would write it;
 * plain JS runs it as one fused loop (what a fused kernel could reach).
 */
export function elementwiseCase(size: number, seed = 2): BenchCase {
  const rng = new Rng(seed);
  const X = rng.uniform(size, -3, 3);
  const W = rng.uniform(size);
  const B = rng.uniform(size);
  const shape = [size];
  const label = size >= 1e6 ? `${size / 1e6}M` : `${size}`;
  return {
    id: `elementwise-${label}`,
    label: `sigmoid(relu(x·w + b)), ${label} f32`,
    unit: 'Melem/s',
    work: size / 1e6,
    tolerance: 1e-6,
    runners: {
      tsgrad: () => {
        const x = tensor(X, shape);
        const w = tensor(W, shape);
        const b = tensor(B, shape);
        let y: Tensor | null = null;
        return {
          run() {
            y?.dispose();
            y = scope(() => sigmoid(relu(add(mul(x, w), b))));
          },
          output() {
            this.run();
            return y!.dataSync();
          },
          dispose: () => dispose([x, w, b, y]),
        };
      },
      'plain-js': () => {
        const y = new Float32Array(size);
        return {
          run() {
            for (let i = 0; i < size; i++) {
              const z = X[i] * W[i] + B[i];
              y[i] = 1 / (1 + Math.exp(-Math.max(z, 0)));
            }
          },
          output() {
            this.run();
            return y;
          },
          dispose() {},
        };
      },
      'tfjs-cpu': (ctx) => tfjsChain(ctx, X, W, B),
      'tfjs-wasm': (ctx) => tfjsChain(ctx, X, W, B),
    },
  };
}

function tfjsChain(ctx: RunnerContext, X: Float32Array, W: Float32Array, B: Float32Array): Runner {
  const tf = needTf(ctx);
  const x = tf.tensor1d(X);
  const w = tf.tensor1d(W);
  const b = tf.tensor1d(B);
  let y: import('@tensorflow/tfjs').Tensor | null = null;
  return {
    run() {
      y?.dispose();
      y = tf.tidy(() => tf.sigmoid(tf.relu(tf.add(tf.mul(x, w), b))));
    },
    output() {
      this.run();
      return y!.dataSync() as Float32Array;
    },
    dispose: () => tf.dispose([x, w, b, ...(y ? [y] : [])]),
  };
}
