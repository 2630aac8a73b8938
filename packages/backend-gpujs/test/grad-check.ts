/**
 * Finite-difference gradient checks for a backend without float64: the analytic gradient is
 * computed on the backend under test (float32, through its own backward kernels), the numeric one
 * by central differences of the same function on the CPU in float64, and they must agree within
 * a tolerance that grows with the reduction length. Shared by vitest and the browser test.
 */
import { valueAndGrad } from '@tsgrad/autograd';
import * as T from '@tsgrad/tensor';
import type { Tensor } from '@tsgrad/tensor';
import { tolerance } from './case-list.js';

export interface GradCase {
  name: string;
  /** The function; its inputs are float tensors on the current backend. */
  f: (...xs: Tensor[]) => Tensor;
  /** Input shapes; values are seeded normals. */
  shapes: readonly (readonly number[])[];
  /** Inputs to differentiate (default all). */
  wrt?: readonly number[];
  /** Terms summed into one gradient element, for the tolerance (default 64). */
  reduce?: number;
}

const opts = { poolSize: 2 } as const;

/** Gradients through conv2d and pooling, and through their gradients (second order). */
export const GRAD_CASES: GradCase[] = [
  {
    name: "conv2d, strides 2, 'same' (dx and dW)",
    f: (x, w) => T.conv2d(x, w, { strides: 2, padding: 'same' }),
    shapes: [
      [2, 5, 6, 2],
      [3, 3, 2, 3],
    ],
  },
  {
    name: 'conv2d, dilation 2 (dx and dW)',
    f: (x, w) => T.conv2d(x, w, { dilation: 2 }),
    shapes: [
      [1, 7, 6, 2],
      [2, 2, 2, 2],
    ],
  },
  {
    name: 'conv2dBackpropInput (d/d dy: conv2d; d/dW: backpropFilter)',
    f: (dy, w) => T.conv2dBackpropInput(dy, w, [2, 5, 5, 2], { padding: 'same' }),
    shapes: [
      [2, 5, 5, 3],
      [3, 3, 2, 3],
    ],
  },
  {
    name: 'conv2dBackpropFilter (d/dx: backpropInput; d/d dy: conv2d)',
    f: (x, dy) => T.conv2dBackpropFilter(x, dy, [2, 3, 2, 2], { strides: [1, 2] }),
    shapes: [
      [2, 5, 7, 2],
      [2, 4, 3, 2],
    ],
  },
  {
    name: 'maxPool2d, 3x3 strides 2 same',
    f: (x) => T.maxPool2d(x, { poolSize: 3, strides: 2, padding: 'same' }),
    shapes: [[2, 6, 5, 3]],
  },
  {
    name: 'maxPool2dGrad in dy (maxPool2dGradGrad)',
    // x only picks the maxima (piecewise constant): the gradient in dy is what is checked.
    f: (x, dy) => T.maxPool2dGrad(x, dy, opts),
    wrt: [1],
    shapes: [
      [1, 4, 6, 2],
      [1, 2, 3, 2],
    ],
  },
  {
    name: "avgPool2d, 3x2 strides 1 'same'",
    f: (x) => T.avgPool2d(x, { poolSize: [3, 2], strides: 1, padding: 'same' }),
    shapes: [[1, 5, 4, 2]],
  },
  {
    name: 'avgPool2dGrad (its gradient is avgPool2d)',
    f: (dy) => T.avgPool2dGrad(dy, [2, 4, 6, 3], opts),
    shapes: [[2, 2, 3, 3]],
  },
  {
    // Seeded normals rarely sit within the finite-difference step of ReLU's kink.
    name: 'fusedMatmul with bias and relu (dx, dW, dbias through reluGrad)',
    f: (x, w, b) => T.fusedMatmul(x, w, { bias: b, activation: 'relu' }),
    shapes: [[5, 6], [6, 4], [4]],
    reduce: 6,
  },
  {
    name: 'softmaxCrossEntropy (d logits)',
    f: (x) => T.softmaxCrossEntropy(x, T.tensor([2, 0, 1, 3], [4], 'int32')),
    shapes: [[4, 5]],
    reduce: 5,
  },
  {
    name: 'a small CNN: conv2d → relu → maxPool2d → avgPool2d → dense',
    f: (x, w, v) =>
      T.matmul(
        T.reshape(
          T.avgPool2d(T.maxPool2d(T.relu(T.conv2d(x, w, { padding: 'same' })), opts), opts),
          [2, 12],
        ),
        v,
      ),
    shapes: [
      [2, 8, 8, 1],
      [3, 3, 1, 3],
      [12, 4],
    ],
    reduce: 9 * 64,
  },
];

/** Finite-difference step in float64, and the tolerances of the float32 analytic gradient. */
const EPS = 1e-6;
const RTOL = 1e-5;
const ATOL = 1e-6;

/**
 * Checks one case on `backendName`: returns `null` when the backend's gradients match the
 * float64 central differences, otherwise which element differs and by how much.
 */
export async function checkGradCase(
  c: GradCase,
  backendName: string,
  seed = 0,
): Promise<string | null> {
  const wrt = c.wrt ?? c.shapes.map((_, i) => i);
  T.setBackend('cpu');
  const base = c.shapes.map(
    (s, i) => T.randn([...s], { seed: seed + 31 * i }).dataSync() as Float32Array,
  );
  const probe = c.f(...c.shapes.map((s, i) => T.tensor(base[i], [...s])));
  // A fixed cotangent turns the output into a scalar that depends on every element.
  const g = new T.Generator(seed + 7);
  const cot = Float64Array.from({ length: probe.size }, () => 0.5 + g.uniform());
  const outShape = probe.shape;
  const scalar =
    (dtype: 'float32' | 'float64') =>
    (...xs: Tensor[]) =>
      T.sum(
        T.mul(
          c.f(...xs),
          T.tensor(dtype === 'float32' ? Float32Array.from(cot) : cot, outShape, dtype),
        ),
      );

  // Analytic, on the backend under test, in float32.
  T.setBackend(backendName);
  const xs = c.shapes.map((s, i) => T.tensor(base[i], [...s]));
  const [, grads] = valueAndGrad(scalar('float32'), wrt as number[])(...xs);
  const analytic: Float32Array[] = [];
  for (const gr of grads as Tensor[]) {
    if (gr.backend.name !== backendName) return `the gradient ran on ${gr.backend.name}`;
    analytic.push((await gr.data()) as Float32Array);
  }

  // Numeric, on the CPU, in float64.
  T.setBackend('cpu');
  const f64 = scalar('float64');
  const x64 = base.map((b) => Float64Array.from(b));
  const at = (k: number, i: number, v: number) => {
    const copy = x64[k].slice();
    copy[i] = v;
    const args = x64.map((b, j) => T.tensor(j === k ? copy : b, [...c.shapes[j]], 'float64'));
    return f64(...args).item();
  };
  for (let w = 0; w < wrt.length; w++) {
    const k = wrt[w];
    const numeric = new Float64Array(x64[k].length);
    let maxAbs = 0;
    for (let i = 0; i < numeric.length; i++) {
      numeric[i] = (at(k, i, x64[k][i] + EPS) - at(k, i, x64[k][i] - EPS)) / (2 * EPS);
      maxAbs = Math.max(maxAbs, Math.abs(numeric[i]));
    }
    for (let i = 0; i < numeric.length; i++) {
      const tol = tolerance(numeric[i], maxAbs, { rtol: RTOL, atol: ATOL, reduce: c.reduce ?? 64 });
      const err = Math.abs(analytic[w][i] - numeric[i]);
      if (!(err <= tol))
        return `input ${k} element ${i} of [${c.shapes[k]}]: analytic ${analytic[w][i]}, numeric ${numeric[i]} (|diff| ${err.toExponential(2)} > ${tol.toExponential(2)})`;
    }
  }
  return null;
}
