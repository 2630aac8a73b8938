import { grad } from '@tsgrad/autograd';
import {
  Generator,
  type Tensor,
  add,
  cast,
  conv2d,
  fusedMatmul,
  logSoftmax,
  matmul,
  maxPool2d,
  mean,
  mul,
  neg,
  oneHot,
  relu,
  reshape,
  setBackend,
  softmaxCrossEntropy,
  sum,
  tensor,
} from '@tsgrad/tensor';
import { afterEach, describe, expect, it } from 'vitest';
import type { WasmBackend } from './backend.js';
import { registerWasmBackend } from './register.js';

// Gradient checks of the WebAssembly (float32, SIMD) path: `checkGrads` works in float64, which
// this backend runs on the TypeScript kernels, so here the float32 gradients from the SIMD
// kernels are compared with central finite differences of the same function in float64 on the
// CPU backend.
const WASM = registerWasmBackend({ name: 'wasm-grad', priority: 0 });
afterEach(() => setBackend('cpu'));

/** Central differences of f at x (float64, CPU backend), element by element. */
function numeric(f: (x: Tensor) => Tensor, x: number[], shape: number[], eps = 1e-4): number[] {
  setBackend('cpu');
  const at = (v: number[]) => f(tensor(v, shape, 'float64')).item();
  return x.map((_, i) => {
    const up = x.slice();
    const down = x.slice();
    up[i] += eps;
    down[i] -= eps;
    return (at(up) - at(down)) / (2 * eps);
  });
}

function expectGradsClose(
  f: (x: Tensor) => Tensor,
  x: number[],
  shape: number[],
  ops: string[],
): void {
  const backend = setBackend(WASM) as WasmBackend;
  const before = ops.map((op) => backend.stats[op]?.wasm ?? 0);
  const analytic = [...(grad(f)(tensor(x, shape, 'float32')).dataSync() as Float32Array)];
  ops.forEach((op, i) => {
    expect(backend.stats[op]?.wasm ?? 0, op).toBeGreaterThan(before[i]);
  });
  const want = numeric(f, x, shape);
  const scale = Math.max(...want.map(Math.abs));
  for (let i = 0; i < want.length; i++)
    expect(Math.abs(analytic[i] - want[i]), `element ${i}`).toBeLessThanOrEqual(
      1e-3 * scale + 1e-5,
    );
}

const gen = new Generator(17);
const fill = (n: number, s = 1) => Array.from({ length: n }, () => s * gen.normal());
const constant = (v: number[], shape: number[], like: Tensor) => tensor(v, shape, like.dtype);

describe('gradients of the SIMD path match finite differences', () => {
  it('dense → bias → ReLU → dense → logSoftmax cross-entropy (w.r.t. the first weights)', () => {
    const xs = fill(6 * 9);
    const b1 = fill(7, 0.1);
    const w2 = fill(7 * 5, 0.5);
    const labels = [0, 4, 2, 1, 3, 4];
    const f = (w1: Tensor) => {
      const x = constant(xs, [6, 9], w1);
      const h = relu(add(matmul(x, w1), constant(b1, [7], w1)));
      const logits = matmul(h, constant(w2, [7, 5], w1));
      const y = cast(oneHot(tensor(labels, [6], 'int32'), 5), w1.dtype);
      return neg(mean(sum(mul(y, logSoftmax(logits)), -1)));
    };
    expectGradsClose(f, fill(9 * 7, 0.5), [9, 7], ['matmul', 'relu', 'logSoftmax', 'add']);
  });

  it('fusedMatmul with bias and ReLU (w.r.t. the weights, the bias and the input)', () => {
    const xs = fill(6 * 9);
    const ws = fill(9 * 7, 0.5);
    const bs = fill(7, 0.1);
    const probe = fill(6 * 7);
    const head = (y: Tensor) => sum(mul(y, constant(probe, [6, 7], y)));
    const dense = (x: Tensor, w: Tensor, b: Tensor) =>
      head(fusedMatmul(x, w, { bias: b, activation: 'relu' }));
    const ops = ['fusedMatmul', 'reluGrad'];
    expectGradsClose(
      (w) => dense(constant(xs, [6, 9], w), w, constant(bs, [7], w)),
      ws,
      [9, 7],
      ops,
    );
    expectGradsClose(
      (b) => dense(constant(xs, [6, 9], b), constant(ws, [9, 7], b), b),
      bs,
      [7],
      ops,
    );
    expectGradsClose(
      (x) => dense(x, constant(ws, [9, 7], x), constant(bs, [7], x)),
      xs,
      [6, 9],
      ops,
    );
  });

  it('softmaxCrossEntropy of a dense layer (w.r.t. the weights)', () => {
    const xs = fill(6 * 9);
    const labels = tensor([0, 4, 2, 1, 3, 4], [6], 'int32');
    const f = (w: Tensor) => mean(softmaxCrossEntropy(matmul(constant(xs, [6, 9], w), w), labels));
    expectGradsClose(f, fill(9 * 5, 0.5), [9, 5], ['softmaxCrossEntropy', 'matmul']);
  });

  it('conv2d → ReLU → max pool (w.r.t. the filter, and w.r.t. the input)', () => {
    const xs = fill(2 * 6 * 6 * 3);
    const ws = fill(3 * 3 * 3 * 4, 0.3);
    const probe = fill(2 * 2 * 2 * 4);
    const head = (y: Tensor) =>
      sum(mul(maxPool2d(relu(y), { poolSize: 2 }), constant(probe, [2, 2, 2, 4], y)));
    expectGradsClose(
      (w) => head(conv2d(constant(xs, [2, 6, 6, 3], w), w)),
      ws,
      [3, 3, 3, 4],
      ['conv2d', 'conv2dBackpropFilter', 'maxPool2d', 'maxPool2dGrad'],
    );
    expectGradsClose(
      (x) => head(conv2d(x, constant(ws, [3, 3, 3, 4], x))),
      xs,
      [2, 6, 6, 3],
      ['conv2dBackpropInput'],
    );
  });

  it('flattened conv features into a dense layer (reshape of a heap tensor)', () => {
    const xs = fill(2 * 5 * 5 * 2);
    const wd = fill(3 * 3 * 4 * 3, 0.3);
    const f = (w: Tensor) => {
      const h = relu(conv2d(constant(xs, [2, 5, 5, 2], w), w));
      return sum(mul(matmul(reshape(h, [2, 36]), constant(wd, [36, 3], w)), 0.5));
    };
    expectGradsClose(f, fill(3 * 3 * 2 * 4, 0.4), [3, 3, 2, 4], ['conv2d', 'matmul']);
  });
});
