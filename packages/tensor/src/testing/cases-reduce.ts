import {
  argmax,
  argmin,
  logSoftmax,
  logSumExp,
  max,
  mean,
  min,
  norm,
  prod,
  reshape,
  softmax,
  softmaxCrossEntropy,
  std,
  sum,
  tensor,
  variance,
  arange,
  cast,
} from '../index.js';
import type { Tensor } from '../tensor.js';
import { expectTensor } from './assert.js';
import { type ConformanceCase, TOL, group } from './case.js';

/** [[[0..3], [4..7], [8..11]], [[12..15], [16..19], [20..23]]] as float32. */
const cube = (): Tensor => reshape(cast(arange(24), 'float32'), [2, 3, 4]);

export function reduceCases(): ConformanceCase[] {
  return [
    ...group('reduce', (test) => {
      const exact = { exact: true } as const;
      test('sum over all axes', () =>
        expectTensor(sum(cube()), 276, { exact: true, dtype: 'float32' }));
      test('sum over axis 0', () =>
        expectTensor(
          sum(cube(), 0),
          [
            [12, 14, 16, 18],
            [20, 22, 24, 26],
            [28, 30, 32, 34],
          ],
          exact,
        ));
      test('sum over axis -1', () =>
        expectTensor(
          sum(cube(), -1),
          [
            [6, 22, 38],
            [54, 70, 86],
          ],
          exact,
        ));
      test('sum over axis 1 with keepDims', () =>
        expectTensor(sum(cube(), 1, true), [[[12, 15, 18, 21]], [[48, 51, 54, 57]]], {
          exact: true,
          shape: [2, 1, 4],
        }));
      test('sum over the non-contiguous axes [0,2] with keepDims', () =>
        expectTensor(sum(cube(), [0, 2], true), [[[60], [92], [124]]], {
          exact: true,
          shape: [1, 3, 1],
        }));
      test('sum over the non-contiguous axes [0,-1] without keepDims', () =>
        expectTensor(sum(cube(), [0, -1]), [60, 92, 124], exact));
      test('sum over axes [0,1]', () => expectTensor(sum(cube(), [0, 1]), [60, 66, 72, 78], exact));
      test('sum of a rank-0 tensor and of an empty axis', async () => {
        await expectTensor(sum(tensor(5)), 5, exact);
        await expectTensor(sum(reshape(tensor([]), [0, 2]), 0), [0, 0], exact);
      });
      test('sum of int32 is int32, of bool is int32', async () => {
        await expectTensor(
          sum(
            tensor(
              [
                [1, 2],
                [3, 4],
              ],
              undefined,
              'int32',
            ),
            1,
          ),
          [3, 7],
          { exact: true, dtype: 'int32' },
        );
        await expectTensor(sum(tensor([true, false, true])), 2, { exact: true, dtype: 'int32' });
      });
      test('mean over axes [1,2] and of int32 (float32 result)', async () => {
        await expectTensor(mean(cube(), [1, 2]), [5.5, 17.5], TOL);
        await expectTensor(mean(tensor([1, 2], undefined, 'int32')), 1.5, {
          ...TOL,
          dtype: 'float32',
        });
      });
      test('mean with keepDims', () =>
        expectTensor(
          mean(
            tensor([
              [1, 2],
              [3, 5],
            ]),
            1,
            true,
          ),
          [[1.5], [4]],
          TOL,
        ));
      test('prod over an axis, all, and with a zero', async () => {
        await expectTensor(
          prod(
            tensor([
              [1, 2, 3],
              [4, 0.5, -2],
            ]),
            1,
          ),
          [6, -4],
          TOL,
        );
        await expectTensor(
          prod(
            tensor([
              [1, 2],
              [3, 4],
            ]),
          ),
          24,
          TOL,
        );
        await expectTensor(
          prod(
            tensor([
              [1, 0],
              [3, 4],
            ]),
            0,
            true,
          ),
          [[3, 0]],
          TOL,
        );
      });
      test('max and min over an axis, non-contiguous axes and all', async () => {
        await expectTensor(
          max(cube(), 1),
          [
            [8, 9, 10, 11],
            [20, 21, 22, 23],
          ],
          exact,
        );
        await expectTensor(min(cube(), [0, 2], true), [[[0], [4], [8]]], {
          exact: true,
          shape: [1, 3, 1],
        });
        await expectTensor(
          max(
            tensor([
              [-5, -2],
              [-7, -3],
            ]),
          ),
          -2,
          exact,
        );
        await expectTensor(min(tensor([4, -1, 8])), -1, exact);
      });
      test('max and min propagate NaN', async () => {
        const x = tensor([
          [1, Number.NaN, 3],
          [1, 2, 3],
        ]);
        await expectTensor(max(x, 1), [Number.NaN, 3], exact);
        await expectTensor(min(x, 1), [Number.NaN, 1], exact);
      });
      test('max of int32 stays int32', () =>
        expectTensor(
          max(
            tensor(
              [
                [3, 9],
                [7, -1],
              ],
              undefined,
              'int32',
            ),
            0,
          ),
          [7, 9],
          { exact: true, dtype: 'int32' },
        ));
      test('argmax and argmin: first occurrence wins ties', async () => {
        const x = tensor([
          [1, 3, 3],
          [2, 2, 1],
        ]);
        await expectTensor(argmax(x, 1), [1, 0], { exact: true, dtype: 'int32' });
        await expectTensor(argmin(x, 1), [0, 2], { exact: true, dtype: 'int32' });
        await expectTensor(argmax(x, 0), [1, 0, 0], exact);
        await expectTensor(argmin(x, 0), [0, 1, 1], exact);
      });
      test('argmax over the flattened tensor, negative axis and keepDims', async () => {
        await expectTensor(
          argmax(
            tensor([
              [1, 9],
              [9, 2],
            ]),
          ),
          1,
          exact,
        );
        await expectTensor(
          argmin(cube(), -1),
          [
            [0, 0, 0],
            [0, 0, 0],
          ],
          exact,
        );
        await expectTensor(
          argmax(
            tensor([
              [1, 3],
              [4, 2],
            ]),
            1,
            true,
          ),
          [[1], [0]],
          { exact: true, shape: [2, 1] },
        );
      });
      test('argmax of a rank-3 tensor over the middle axis', () =>
        expectTensor(
          argmax(cube(), 1),
          [
            [2, 2, 2, 2],
            [2, 2, 2, 2],
          ],
          exact,
        ));
      test('logSumExp over all, an axis and keepDims', async () => {
        const x = tensor([
          [1, 2],
          [3, 4],
        ]);
        await expectTensor(logSumExp(x), 4.440189698561196, TOL);
        await expectTensor(logSumExp(x, 0), [3.1269280110429722, 4.126928011042972], TOL);
        await expectTensor(logSumExp(x, 1, true), [[2.313261687518223], [4.313261687518223]], TOL);
      });
      test('logSumExp is stable for large values', () =>
        expectTensor(logSumExp(tensor([1000, 1000, 1000])), 1001.0986122886682, TOL));
      test('logSumExp of a row of -Infinity is -Infinity', () =>
        expectTensor(
          logSumExp(
            tensor([
              [-Infinity, -Infinity],
              [0, -Infinity],
            ]),
            1,
          ),
          [-Infinity, 0],
          TOL,
        ));
      test('variance, with correction, over an axis', async () => {
        await expectTensor(variance(tensor([1, 2, 3, 4])), 1.25, TOL);
        await expectTensor(variance(tensor([1, 2, 3, 4]), 0, false, 1), 1.6666666666666667, TOL);
        await expectTensor(
          variance(
            tensor([
              [1, 3],
              [2, 2],
            ]),
            1,
            true,
          ),
          [[1], [0]],
          TOL,
        );
      });
      test('std', async () => {
        await expectTensor(std(tensor([1, 2, 3, 4])), 1.118033988749895, TOL);
        await expectTensor(
          std(
            tensor([
              [2, 4, 4, 4],
              [5, 5, 7, 9],
            ]),
            1,
          ),
          [0.8660254037844386, 1.6583123951777],
          TOL,
        );
      });
      test('norm: 2, 1 and Infinity, over an axis', async () => {
        await expectTensor(norm(tensor([3, 4])), 5, TOL);
        await expectTensor(
          norm(
            tensor([
              [3, -4],
              [-1, 2],
            ]),
            1,
            1,
          ),
          [7, 3],
          TOL,
        );
        await expectTensor(
          norm(
            tensor([
              [3, -4],
              [-1, 2],
            ]),
            Infinity,
            0,
          ),
          [3, 4],
          TOL,
        );
        await expectTensor(
          norm(
            tensor([
              [3, 4],
              [6, 8],
            ]),
            2,
            1,
            true,
          ),
          [[5], [10]],
          TOL,
        );
      });
    }),
    ...group('softmax', (test) => {
      test('softmax of a row', () =>
        expectTensor(
          softmax(tensor([1, 2, 3])),
          [0.09003057317038043, 0.24472847105479759, 0.6652409557748217],
          TOL,
        ));
      test('softmax of large logits is stable and rows sum to 1', async () => {
        const y = softmax(
          tensor([
            [1000, 1001, 1002],
            [-1000, -1000, -1000],
          ]),
        );
        await expectTensor(
          y,
          [
            [0.09003057317038043, 0.24472847105479759, 0.6652409557748217],
            [1 / 3, 1 / 3, 1 / 3],
          ],
          TOL,
        );
        await expectTensor(sum(y, 1), [1, 1], TOL);
      });
      test('softmax over axis 0', () =>
        expectTensor(
          softmax(
            tensor([
              [0, 1],
              [0, 1],
            ]),
            0,
          ),
          [
            [0.5, 0.5],
            [0.5, 0.5],
          ],
          TOL,
        ));
      test('logSoftmax', () =>
        expectTensor(
          logSoftmax(tensor([1, 2, 3])),
          [-2.4076059644443806, -1.4076059644443806, -0.4076059644443806],
          TOL,
        ));
      test('logSoftmax of large logits', () =>
        expectTensor(
          logSoftmax(
            tensor([
              [1000, 1000],
              [-1e4, 0],
            ]),
          ),
          [
            [-Math.LN2, -Math.LN2],
            [-1e4, 0],
          ],
          TOL,
        ));
      test('softmaxCrossEntropy', () =>
        expectTensor(
          softmaxCrossEntropy(
            tensor([
              [1, 2, 3],
              [1000, 1000, -1e4],
              [0, Number.NEGATIVE_INFINITY, 0],
              [5, 1, -2],
            ]),
            tensor([0, 1, 2, 0], [4], 'int32'),
          ),
          [2.4076059644443806, Math.LN2, Math.LN2, 0.019045007879257447],
          TOL,
        ));
      test('softmaxCrossEntropy of a row of 300 classes', () => {
        const row = Array.from({ length: 300 }, (_, i) => (i % 7) - 3);
        const lse = Math.log(row.reduce((s, v) => s + Math.exp(v), 0));
        return expectTensor(
          softmaxCrossEntropy(tensor([row, row]), tensor([3, 299], [2], 'int32')),
          [lse - row[3], lse - row[299]],
          { atol: 1e-4, rtol: 1e-5 },
        );
      });
    }),
  ];
}
