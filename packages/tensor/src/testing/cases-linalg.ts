import { dot, fusedMatmul, matmul, outer, tensor } from '../index.js';
import { expectTensor } from './assert.js';
import { type ConformanceCase, TOL, group } from './case.js';

/** Plain-JavaScript reference product of row-major [m,k]·[k,n]. */
function reference(
  a: readonly number[],
  b: readonly number[],
  m: number,
  k: number,
  n: number,
): number[] {
  const c: number[] = [];
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let p = 0; p < k; p++) s += a[i * k + p] * b[p * n + j];
      c.push(s);
    }
  }
  return c;
}

/** Small integers, so every product is exact in float32 whatever the summation order. */
const ints = (n: number, seed: number): number[] =>
  Array.from({ length: n }, (_, i) => ((i * 7 + seed * 3) % 11) - 5);

export function linalgCases(): ConformanceCase[] {
  return [...matmulCases(), ...fusedMatmulCases()];
}

/** act(a·b + bias): the optional `fusedMatmul` kernel where the backend has one. */
function fusedMatmulCases(): ConformanceCase[] {
  return group('fusedMatmul', (test) => {
    const exact = { exact: true, dtype: 'float32' } as const;
    const A = [
      [1, 2, 3],
      [4, 5, 6],
    ];
    const B = [
      [7, -8],
      [-9, 10],
      [11, -12],
    ];
    // A·B = [[22, -24], [49, -54]]
    test('bias and relu', () =>
      expectTensor(
        fusedMatmul(tensor(A), tensor(B), { bias: tensor([-30, 60]), activation: 'relu' }),
        [
          [0, 36],
          [19, 6],
        ],
        exact,
      ));
    test('no bias, linear', () =>
      expectTensor(
        fusedMatmul(tensor(A), tensor(B)),
        [
          [22, -24],
          [49, -54],
        ],
        exact,
      ));
    test('relu keeps NaN, maps -0 and negatives to 0', () =>
      expectTensor(
        fusedMatmul(tensor(A), tensor(B), {
          bias: tensor([Number.NaN, 24]),
          activation: 'relu',
        }),
        [
          [Number.NaN, 0],
          [Number.NaN, 0],
        ],
        exact,
      ));
    test('sigmoid and tanh after the bias', async () => {
      const a = tensor([[0.5, -1]]);
      const b = tensor([
        [1, 2],
        [0.5, 1],
      ]);
      const bias = tensor([0.25, 0]);
      // z = [0.5·1 − 0.5 + 0.25, 1 − 1 + 0] = [0.25, 0]
      await expectTensor(
        fusedMatmul(a, b, { bias, activation: 'sigmoid' }),
        [[1 / (1 + Math.exp(-0.25)), 0.5]],
        TOL,
      );
      await expectTensor(
        fusedMatmul(a, b, { bias, activation: 'tanh' }),
        [[Math.tanh(0.25), 0]],
        TOL,
      );
    });
    test('larger than one cache block: [37,130]·[130,19] + bias, relu', () => {
      const a = ints(37 * 130, 3);
      const b = ints(130 * 19, 4);
      const bias = ints(19, 5).map((v) => 10 * v);
      const ref = reference(a, b, 37, 130, 19).map((v, i) => Math.max(0, v + bias[i % 19]));
      return expectTensor(
        fusedMatmul(tensor(a, [37, 130]), tensor(b, [130, 19]), {
          bias: tensor(bias),
          activation: 'relu',
        }),
        ref,
        { ...exact, shape: [37, 19] },
      );
    });
  });
}

function matmulCases(): ConformanceCase[] {
  return group('matmul', (test) => {
    const exact = { exact: true } as const;
    const A = [
      [1, 2, 3],
      [4, 5, 6],
    ];
    const B = [
      [7, 8],
      [9, 10],
      [11, 12],
    ];
    const AB = [
      [58, 64],
      [139, 154],
    ];
    const At = [
      [1, 4],
      [2, 5],
      [3, 6],
    ];
    const Bt = [
      [7, 9, 11],
      [8, 10, 12],
    ];
    test('2-D', () =>
      expectTensor(matmul(tensor(A), tensor(B)), AB, { exact: true, dtype: 'float32' }));
    test('transposeA', () => expectTensor(matmul(tensor(At), tensor(B), true, false), AB, exact));
    test('transposeB', () => expectTensor(matmul(tensor(A), tensor(Bt), false, true), AB, exact));
    test('transposeA and transposeB', () =>
      expectTensor(matmul(tensor(At), tensor(Bt), true, true), AB, exact));
    test('rectangular [3,1]·[1,4] and [1,4]·[4,1]', async () => {
      await expectTensor(
        matmul(tensor([[1], [2], [3]]), tensor([[1, 2, 3, 4]])),
        [
          [1, 2, 3, 4],
          [2, 4, 6, 8],
          [3, 6, 9, 12],
        ],
        exact,
      );
      await expectTensor(
        matmul(tensor([[1, 2, 3, 4]]), tensor([[1], [1], [1], [1]])),
        [[10]],
        exact,
      );
    });
    test('larger than one cache block: [5,130]·[130,3]', () => {
      const a = ints(5 * 130, 1);
      const b = ints(130 * 3, 2);
      return expectTensor(
        matmul(tensor(a, [5, 130]), tensor(b, [130, 3])),
        reference(a, b, 5, 130, 3),
        { exact: true, shape: [5, 3] },
      );
    });
    test('larger with transposes: [33,17]ᵀ·[19,33]ᵀ', () => {
      const a = ints(33 * 17, 3);
      const b = ints(19 * 33, 4);
      // Transpose the inputs by hand for the reference.
      const at = Array.from({ length: 17 * 33 }, (_, i) => a[(i % 33) * 17 + Math.floor(i / 33)]);
      const bt = Array.from({ length: 33 * 19 }, (_, i) => b[(i % 19) * 33 + Math.floor(i / 19)]);
      return expectTensor(
        matmul(tensor(a, [33, 17]), tensor(b, [19, 33]), true, true),
        reference(at, bt, 17, 33, 19),
        {
          exact: true,
          shape: [17, 19],
        },
      );
    });
    test('batched [2,2,2]·[2,2,2]', () =>
      expectTensor(
        matmul(
          tensor([1, 2, 3, 4, 5, 6, 7, 8], [2, 2, 2]),
          tensor([-3, -2, -1, 0, 1, 2, 3, 4], [2, 2, 2]),
        ),
        [
          [
            [-5, -2],
            [-13, -6],
          ],
          [
            [23, 34],
            [31, 46],
          ],
        ],
        exact,
      ));
    test('batched with transposeB', () =>
      expectTensor(
        matmul(
          tensor([1, 2, 3, 4, 5, 6, 7, 8], [2, 2, 2]),
          tensor([-3, -1, -2, 0, 1, 3, 2, 4], [2, 2, 2]),
          false,
          true,
        ),
        [
          [
            [-5, -2],
            [-13, -6],
          ],
          [
            [23, 34],
            [31, 46],
          ],
        ],
        exact,
      ));
    test('broadcast batch: [2,1,3,4]·[5,4,2] → [2,5,3,2]', () => {
      const a = ints(2 * 3 * 4, 5);
      const b = ints(5 * 4 * 2, 6);
      const expected: number[] = [];
      for (let i = 0; i < 2; i++) {
        for (let j = 0; j < 5; j++)
          expected.push(
            ...reference(a.slice(i * 12, i * 12 + 12), b.slice(j * 8, j * 8 + 8), 3, 4, 2),
          );
      }
      return expectTensor(matmul(tensor(a, [2, 1, 3, 4]), tensor(b, [5, 4, 2])), expected, {
        exact: true,
        shape: [2, 5, 3, 2],
      });
    });
    test('a rank-2 matrix broadcast against a batch', () =>
      expectTensor(
        matmul(
          tensor([
            [1, 0],
            [0, 2],
          ]),
          tensor([1, 2, 3, 4, 5, 6, 7, 8], [2, 2, 2]),
        ),
        [
          [
            [1, 2],
            [6, 8],
          ],
          [
            [5, 6],
            [14, 16],
          ],
        ],
        exact,
      ));
    test('int32', () =>
      expectTensor(
        matmul(tensor([[1, 2]], undefined, 'int32'), tensor([[3], [-4]], undefined, 'int32')),
        [[-5]],
        {
          exact: true,
          dtype: 'int32',
        },
      ));
    test('dot of vectors, matrix·vector, vector·matrix', async () => {
      await expectTensor(dot(tensor([1, 2, 3]), tensor([4, 5, 6])), 32, exact);
      await expectTensor(dot(tensor(A), tensor([1, 0, -1])), [-2, -2], exact);
      await expectTensor(dot(tensor([1, -1]), tensor(A)), [-3, -3, -3], exact);
      await expectTensor(dot(tensor(A), tensor(B)), AB, exact);
    });
    test('outer', () =>
      expectTensor(
        outer(tensor([1, 2]), tensor([1, 10, 100])),
        [
          [1, 10, 100],
          [2, 20, 200],
        ],
        exact,
      ));
  });
}
