import { type Tensor, dispose, matmul, tensor } from '@tsgrad/tensor';
import { type BenchCase, type Runner, type RunnerContext, needTf } from '../case.js';
import { Rng } from '../rng.js';

/**
 * The reference line: C = A·B as a plain i-k-j loop over Float32Arrays, what "plain JavaScript"
 * means in the issue (no blocking, no unrolling).
 */
export function naiveMatmul(a: Float32Array, b: Float32Array, c: Float32Array, n: number): void {
  c.fill(0);
  for (let i = 0; i < n; i++) {
    const ci = i * n;
    for (let k = 0; k < n; k++) {
      const aik = a[ci + k];
      const bk = k * n;
      for (let j = 0; j < n; j++) c[ci + j] += aik * b[bk + j];
    }
  }
}

/** Square float32 matmul n×n · n×n, in GFLOP/s (2n³ flops per product). */
export function matmulCase(n: number, seed = 1): BenchCase {
  const rng = new Rng(seed);
  const A = rng.uniform(n * n);
  const B = rng.uniform(n * n);
  return {
    id: `matmul-${n}`,
    label: `matmul ${n}×${n} · ${n}×${n} f32`,
    unit: 'GFLOP/s',
    work: (2 * n * n * n) / 1e9,
    // Inputs in [-1, 1): |C| ≲ √n, float32 sums of n terms differ by ~n·ε between orders.
    tolerance: 1e-5 * n,
    // The pure-JS backends take seconds per product at n = 1024: fewer samples there.
    maxMs: n >= 1024 ? 5000 : undefined,
    runners: {
      tsgrad: () => {
        const a = tensor(A, [n, n]);
        const b = tensor(B, [n, n]);
        let c: Tensor | null = null;
        return {
          run() {
            c?.dispose();
            c = matmul(a, b);
          },
          output() {
            this.run();
            return c!.dataSync();
          },
          dispose: () => dispose([a, b, c]),
        };
      },
      'plain-js': () => {
        const c = new Float32Array(n * n);
        return {
          run: () => naiveMatmul(A, B, c, n),
          output() {
            this.run();
            return c;
          },
          dispose() {},
        };
      },
      'tfjs-cpu': (ctx) => tfjsMatmul(ctx, A, B, n),
      'tfjs-wasm': (ctx) => tfjsMatmul(ctx, A, B, n),
    },
  };
}

function tfjsMatmul(ctx: RunnerContext, A: Float32Array, B: Float32Array, n: number): Runner {
  const tf = needTf(ctx);
  const a = tf.tensor2d(A, [n, n]);
  const b = tf.tensor2d(B, [n, n]);
  let c: import('@tensorflow/tfjs').Tensor | null = null;
  return {
    run() {
      c?.dispose();
      c = tf.matMul(a, b);
    },
    output() {
      this.run();
      return c!.dataSync() as Float32Array;
    },
    dispose: () => tf.dispose([a, b, ...(c ? [c] : [])]),
  };
}
