import { checkGrads, grad } from '@tsgrad/autograd';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { registerBackend, removeBackend, setBackend } from '../api.js';
import { fusedKernels } from '../backends/cpu/fused.js';
import { CpuBackend } from '../backends/cpu/index.js';
import { tensor } from '../creation.js';
import type { Tensor } from '../tensor.js';
import { mul } from './binary.js';
import { sum } from './reduce.js';
import { reluGrad } from './relu-grad.js';
import { relu } from './unary.js';

// relu's backward through the optional fused `reluGrad` kernel (the CPU's typed-array one, on
// a test backend) against the composite mask · dy: bit for bit, and the same derivatives.
const calls = { n: 0 };
registerBackend(
  'cpu-fused-relu',
  () =>
    new CpuBackend({
      reluGrad: (args) => {
        calls.n++;
        return fusedKernels.reluGrad(args);
      },
    }),
  0,
);
afterEach(() => setBackend('cpu'));
afterAll(() => removeBackend('cpu-fused-relu'));

const bits = (v: ArrayLike<number>) => Array.from(v, (x) => (Object.is(x, -0) ? '-0' : String(x)));
const X = [-2, -0, 0, 1e-30, 3, Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY];
const DY = [1, -1, 2, -3, Number.NaN, 4, -0.5, Number.NaN];

describe('reluGrad', () => {
  for (const dtype of ['float32', 'float64'] as const) {
    it(`the fused kernel equals the composite bit for bit (${dtype})`, () => {
      const run = (backend: string) => {
        setBackend(backend);
        return bits(reluGrad(tensor(DY, [8], dtype), tensor(X, [8], dtype)).dataSync());
      };
      const before = calls.n;
      expect(run('cpu-fused-relu')).toEqual(run('cpu'));
      expect(calls.n).toBe(before + 1);
      expect(run('cpu')).toEqual(['0', '-0', '0', '-3', 'NaN', '0', '-0.5', 'NaN']);
    });
  }

  it("is relu's backward, with the same gradients as before on both paths", () => {
    for (const backend of ['cpu', 'cpu-fused-relu']) {
      setBackend(backend);
      const x = tensor([-1.5, 0.3, 2, -0.2, 0.7, -3], [2, 3], 'float64');
      checkGrads((v) => relu(v), [x]);
      checkGrads((v) => sum(mul(relu(v), relu(v))), [x]);
      const g = grad((v: Tensor) =>
        sum(mul(relu(v), tensor([1, 2, 3, 4, 5, 6], [2, 3], 'float64'))),
      )(x);
      expect(g.toArray()).toEqual([
        [0, 2, 3],
        [0, 5, 0],
      ]);
    }
  });

  it('second derivatives through it equal the composite', () => {
    const run = (backend: string) => {
      setBackend(backend);
      const f = (v: Tensor) => sum(mul(relu(v), relu(v)));
      const h = (v: Tensor) => sum(mul(grad(f)(v), tensor([1, -2, 3, 0.5, 1, 2], [6], 'float64')));
      return [...grad(h)(tensor([-1, 0.5, 2, -0.3, 1.5, 0.1], [6], 'float64')).dataSync()];
    };
    const ref = run('cpu');
    expect(run('cpu-fused-relu')).toEqual(ref);
    expect(ref).toEqual([0, -4, 6, 0, 2, 4]);
  });
});
