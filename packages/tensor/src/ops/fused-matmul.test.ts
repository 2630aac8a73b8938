import { checkGrads, grad } from '@tsgrad/autograd';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { registerBackend, removeBackend, setBackend } from '../api.js';
import { fusedKernels } from '../backends/cpu/fused.js';
import { CpuBackend } from '../backends/cpu/index.js';
import { tensor } from '../creation.js';
import { DTypeError, ShapeError, ValueError } from '../errors.js';
import { Generator } from '../random.js';
import type { Tensor } from '../tensor.js';
import { type FusedActivation, fusedMatmul } from './fused-matmul.js';
import { mul } from './binary.js';
import { sum } from './reduce.js';

// fusedMatmul through the optional fused kernel (the CPU's typed-array one, on a test backend)
// against the composite matmul → add → activation: bit for bit forward, the same gradients.
const calls = { n: 0 };
registerBackend(
  'cpu-fused-matmul',
  () =>
    new CpuBackend({
      fusedMatmul: (args) => {
        calls.n++;
        return fusedKernels.fusedMatmul(args);
      },
      reluGrad: fusedKernels.reluGrad,
    }),
  0,
);
afterEach(() => setBackend('cpu'));
afterAll(() => removeBackend('cpu-fused-matmul'));

const gen = new Generator(11);
const bits = (v: ArrayLike<number>) => Array.from(v, (x) => (Object.is(x, -0) ? '-0' : String(x)));
const normals = (n: number) => Array.from({ length: n }, () => gen.normal());
const ACTS: FusedActivation[] = ['linear', 'relu', 'sigmoid', 'tanh'];

describe('fusedMatmul', () => {
  for (const dtype of ['float32', 'float64'] as const) {
    for (const activation of ACTS) {
      for (const withBias of [true, false]) {
        it(`equals matmul → add → ${activation} bit for bit (${dtype}, ${withBias ? 'bias' : 'no bias'})`, () => {
          const [A, B, C] = [normals(5 * 7), normals(7 * 3), normals(3)];
          const run = (backend: string) => {
            setBackend(backend);
            const bias = withBias ? tensor(C, [3], dtype) : undefined;
            const y = fusedMatmul(tensor(A, [5, 7], dtype), tensor(B, [7, 3], dtype), {
              bias,
              activation,
            });
            expect(y.shape).toEqual([5, 3]);
            expect(y.dtype).toBe(dtype);
            return bits(y.dataSync());
          };
          const before = calls.n;
          expect(run('cpu-fused-matmul')).toEqual(run('cpu'));
          expect(calls.n).toBe(before + 1);
        });
      }
    }
  }

  it('computes act(a·b + bias), keeping NaN through ReLU as relu does', () => {
    for (const backend of ['cpu', 'cpu-fused-matmul']) {
      setBackend(backend);
      const a = tensor([
        [1, 2],
        [3, 4],
      ]);
      const b = tensor([
        [1, -1],
        [0, 1],
      ]);
      expect(fusedMatmul(a, b, { bias: tensor([-2, 0.5]), activation: 'relu' }).toArray()).toEqual([
        [0, 1.5],
        [1, 1.5],
      ]);
      const y = fusedMatmul(a, b, { bias: tensor([Number.NaN, -100]), activation: 'relu' });
      expect(y.toArray()).toEqual([
        [Number.NaN, 0],
        [Number.NaN, 0],
      ]);
    }
  });

  it('batched operands and broadcast biases take the composite path, with the same values', () => {
    setBackend('cpu-fused-matmul');
    const before = calls.n;
    const a = tensor(normals(2 * 3 * 4), [2, 3, 4]);
    const b = tensor(normals(4 * 5), [4, 5]);
    expect(fusedMatmul(a, b, { activation: 'tanh' }).shape).toEqual([2, 3, 5]);
    const col = tensor(normals(3), [3, 1]);
    const y = fusedMatmul(tensor(normals(12), [3, 4]), b, { bias: col });
    expect(y.shape).toEqual([3, 5]);
    expect(calls.n).toBe(before);
  });

  for (const backend of ['cpu', 'cpu-fused-matmul']) {
    it(`gradients match finite differences on ${backend}`, () => {
      setBackend(backend);
      const a = tensor(normals(4 * 3), [4, 3], 'float64');
      const b = tensor(normals(3 * 2), [3, 2], 'float64');
      // Biases away from the ReLU kink, so central differences are valid.
      const c = tensor([0.37, -0.21], [2], 'float64');
      for (const activation of ACTS)
        checkGrads((x, w, bias) => fusedMatmul(x, w, { bias, activation }), [a, b, c]);
      checkGrads((x, w) => fusedMatmul(x, w, { activation: 'relu' }), [a, b]);
    });
  }

  it('gradients and second derivatives equal the composite', () => {
    const w = [0.5, -1, 2, 0.25, 1, -0.5, 0.75, 1.5];
    const run = (backend: string) => {
      setBackend(backend);
      const a = tensor([0.3, -1.2, 2.1, 0.5, 0.9, -0.4, 1.1, 0.2, -0.7, 0.6, 1.3, -1.9], [4, 3]);
      const b = tensor([0.2, -0.4, 0.8, 0.1, -0.3, 0.5], [3, 2]);
      const bias = tensor([0.1, -0.2]);
      const f = (x: Tensor) =>
        sum(mul(fusedMatmul(x, b, { bias, activation: 'tanh' }), tensor(w, [4, 2])));
      const g = grad(f)(a);
      const h = grad((x: Tensor) => sum(mul(grad(f)(x), grad(f)(x))))(a);
      const [gb, gc] = grad(
        (wt: Tensor, bc: Tensor) =>
          sum(mul(fusedMatmul(a, wt, { bias: bc, activation: 'relu' }), tensor(w, [4, 2]))),
        [0, 1],
      )(b, bias) as Tensor[];
      return [g, h, gb, gc].map((t) => bits(t.dataSync()));
    };
    expect(run('cpu-fused-matmul')).toEqual(run('cpu'));
  });

  it('names itself and the shapes in its errors', () => {
    for (const backend of ['cpu', 'cpu-fused-matmul']) {
      setBackend(backend);
      const a = tensor(normals(6), [2, 3]);
      expect(() => fusedMatmul(a, tensor(normals(8), [4, 2]))).toThrow(ShapeError);
      expect(() => fusedMatmul(a, tensor(normals(8), [4, 2]))).toThrow(/\[2,3\].*\[4,2\]/);
      const b = tensor(normals(6), [3, 2]);
      expect(() => fusedMatmul(a, b, { bias: tensor([1, 2, 3]) })).toThrow(
        /fusedMatmul.*\[2,2\].*\[3\]|fusedMatmul.*\[3\].*\[2,2\]/,
      );
      expect(() =>
        fusedMatmul(a, b, { activation: 'softmax' as unknown as FusedActivation }),
      ).toThrow(ValueError);
      expect(() =>
        fusedMatmul(tensor([1, 2], [1, 2], 'int32'), tensor([1, 2], [2, 1], 'int32')),
      ).toThrow(DTypeError);
      expect(() => fusedMatmul(a, b, { bias: tensor([1, 2], [2], 'float64') })).toThrow(
        /bias float64/,
      );
    }
  });
});
