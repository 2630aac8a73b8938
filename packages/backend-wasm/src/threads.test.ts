import { CpuBackend, Generator, type TensorInfo } from '@tsgrad/tensor';
import { afterAll, describe, expect, it } from 'vitest';
import { WasmBackend } from './backend.js';

// Worker threads: every GEMM is split (minParallelFlops 0) so small shapes exercise the
// column and row splits, including uneven and single-tile ones; results must match the CPU.
const cpu = new CpuBackend();
const two = new WasmBackend({ threads: 2, minParallelFlops: 0 });
const three = new WasmBackend({ threads: 3, minParallelFlops: 0 });
const gen = new Generator(9);

afterAll(async () => {
  await two.close();
  await three.close();
});

function info(
  backend: CpuBackend | WasmBackend,
  shape: number[],
  values: Float32Array,
): TensorInfo {
  return {
    dataId: backend.write(values.slice(), 'float32'),
    shape,
    dtype: 'float32',
    size: values.length,
  };
}

function compare(
  id: string,
  shapes: number[][],
  attrs: unknown,
  outShape: number[],
  backend: WasmBackend,
  tol: number,
) {
  const values = shapes.map((s) =>
    Float32Array.from({ length: s.reduce((p, d) => p * d, 1) }, () => gen.normal()),
  );
  const run = (b: CpuBackend | WasmBackend) =>
    b.readSync(
      b.kernels[id]!({
        inputs: shapes.map((s, i) => info(b, s, values[i])),
        attrs,
        outShape,
        outDtype: 'float32',
      }),
    );
  const expected = run(cpu);
  const actual = run(backend);
  let worst = 0;
  for (let i = 0; i < expected.length; i++)
    worst = Math.max(worst, Math.abs(actual[i] - expected[i]) / (1 + Math.abs(expected[i])));
  expect(worst).toBeLessThanOrEqual(tol);
}

describe('worker threads', () => {
  it('start, and say how many run', () => {
    expect(two.info().threads).toBe(2);
    expect(two.threadsFallbackReason).toBeUndefined();
    expect(three.info().threads).toBe(3);
  });

  for (const [name, backend] of [
    ['2 threads', two],
    ['3 threads', three],
  ] as const) {
    it(`${name}: matmul split by columns and by rows, with transposes`, () => {
      const sizes: [number, number, number][] = [
        [5, 7, 3],
        [13, 100, 40],
        [100, 13, 40],
        [4, 8, 9],
        [33, 9, 17],
        [150, 257, 300],
      ];
      for (const [M, N, K] of sizes) {
        for (const transposeA of [false, true]) {
          for (const transposeB of [false, true]) {
            const a = transposeA ? [K, M] : [M, K];
            const b = transposeB ? [N, K] : [K, N];
            compare(
              'matmul',
              [a, b],
              { transposeA, transposeB },
              [M, N],
              backend,
              1e-5 * Math.sqrt(K),
            );
          }
        }
      }
      compare(
        'matmul',
        [
          [3, 20, 30],
          [30, 25],
        ],
        { transposeA: false, transposeB: false },
        [3, 20, 25],
        backend,
        1e-5,
      );
      compare(
        'matmul',
        [
          [3, 30, 20],
          [3, 30, 25],
        ],
        { transposeA: true, transposeB: false },
        [3, 20, 25],
        backend,
        1e-5,
      );
    });

    it(`${name}: conv2d and both gradients`, () => {
      const attrs = { strides: [1, 1], padding: 'same', dilation: [1, 1] };
      compare(
        'conv2d',
        [
          [2, 9, 9, 8],
          [3, 3, 8, 12],
        ],
        attrs,
        [2, 9, 9, 12],
        backend,
        1e-5,
      );
      compare(
        'conv2dBackpropFilter',
        [
          [2, 9, 9, 8],
          [2, 9, 9, 12],
        ],
        { ...attrs, filterShape: [3, 3, 8, 12] },
        [3, 3, 8, 12],
        backend,
        1e-4,
      );
      compare(
        'conv2dBackpropInput',
        [
          [2, 9, 9, 12],
          [3, 3, 8, 12],
        ],
        { ...attrs, inputShape: [2, 9, 9, 8] },
        [2, 9, 9, 8],
        backend,
        1e-5,
      );
    });
  }
});
