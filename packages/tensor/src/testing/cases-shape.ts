import {
  arange,
  broadcastTo,
  cast,
  concat,
  expandDims,
  flatten,
  gather,
  oneHot,
  pad,
  permute,
  reshape,
  scatterAdd,
  slice,
  split,
  squeeze,
  stack,
  tensor,
  tile,
  transpose,
  zeros,
} from '../index.js';
import type { Tensor } from '../tensor.js';
import { expectShape, expectTensor } from './assert.js';
import { type ConformanceCase, group } from './case.js';

const cube = (): Tensor => reshape(cast(arange(24), 'float32'), [2, 3, 4]);
const m23 = (): Tensor =>
  tensor([
    [1, 2, 3],
    [4, 5, 6],
  ]);
const int = (v: number[] | number[][]): Tensor => tensor(v, undefined, 'int32');

export function shapeCases(): ConformanceCase[] {
  const exact = { exact: true } as const;
  return [
    ...group('reshape', (test) => {
      test('reshape with -1', async () => {
        await expectTensor(
          reshape(m23(), [3, -1]),
          [
            [1, 2],
            [3, 4],
            [5, 6],
          ],
          exact,
        );
        await expectTensor(reshape(m23(), [-1]), [1, 2, 3, 4, 5, 6], exact);
      });
      test('flatten, all axes and a range', async () => {
        await expectTensor(flatten(m23()), [1, 2, 3, 4, 5, 6], exact);
        expectShape(flatten(cube(), 1), [2, 12]);
        expectShape(flatten(cube(), 0, 1), [6, 4]);
      });
      test('squeeze and expandDims', async () => {
        await expectTensor(squeeze(tensor([[[1], [2]]])), [1, 2], exact);
        expectShape(squeeze(zeros([1, 2, 1]), 0), [2, 1]);
        await expectTensor(expandDims(tensor([1, 2]), 1), [[1], [2]], exact);
        expectShape(expandDims(zeros([2, 3]), -1), [2, 3, 1]);
      });
      test('a reshaped transpose reads in the new order', () =>
        expectTensor(
          reshape(transpose(m23()), [2, 3]),
          [
            [1, 4, 2],
            [5, 3, 6],
          ],
          exact,
        ));
    }),
    ...group('transpose', (test) => {
      test('2-D default', () =>
        expectTensor(
          transpose(m23()),
          [
            [1, 4],
            [2, 5],
            [3, 6],
          ],
          exact,
        ));
      test('rank 3 with perm [1,0,2]', () =>
        expectTensor(
          transpose(cube(), [1, 0, 2]),
          [
            [
              [0, 1, 2, 3],
              [12, 13, 14, 15],
            ],
            [
              [4, 5, 6, 7],
              [16, 17, 18, 19],
            ],
            [
              [8, 9, 10, 11],
              [20, 21, 22, 23],
            ],
          ],
          exact,
        ));
      test('rank 3 with perm [2,0,1] and permute', async () => {
        const expected = [0, 1, 2, 3].map((k) =>
          [0, 1].map((i) => [0, 1, 2].map((j) => 12 * i + 4 * j + k)),
        );
        await expectTensor(transpose(cube(), [2, 0, 1]), expected, {
          exact: true,
          shape: [4, 2, 3],
        });
        await expectTensor(permute(cube(), [-1, 0, 1]), expected, exact);
      });
      test('default reverses all axes', () => expectShape(transpose(cube()), [4, 3, 2]));
      test('int32 and bool', async () => {
        await expectTensor(transpose(int([[1, 2]])), [[1], [2]], { exact: true, dtype: 'int32' });
        await expectTensor(transpose(tensor([[true, false]])), [[1], [0]], {
          exact: true,
          dtype: 'bool',
        });
      });
    }),
    ...group('slice', (test) => {
      test('a block of a matrix', () =>
        expectTensor(
          slice(m23(), [0, 1], [2, 2]),
          [
            [2, 3],
            [5, 6],
          ],
          exact,
        ));
      test('size -1 and short begin run to the end', async () => {
        await expectTensor(slice(m23(), [1, 1], [-1, -1]), [[5, 6]], exact);
        await expectTensor(slice(m23(), [1]), [[4, 5, 6]], exact);
      });
      test('a rank-3 block', () =>
        expectTensor(
          slice(cube(), [1, 1, 2], [1, 2, 2]),
          [
            [
              [18, 19],
              [22, 23],
            ],
          ],
          exact,
        ));
      test('split into equal parts and by sizes', async () => {
        const parts = split(m23(), 3, 1);
        await expectTensor(parts[0], [[1], [4]], exact);
        await expectTensor(parts[2], [[3], [6]], exact);
        const [a, b] = split(cast(arange(5), 'float32'), [2, 3]);
        await expectTensor(a, [0, 1], exact);
        await expectTensor(b, [2, 3, 4], exact);
      });
    }),
    ...group('concat', (test) => {
      test('along axis 0', () =>
        expectTensor(
          concat([m23(), tensor([[7, 8, 9]])], 0),
          [
            [1, 2, 3],
            [4, 5, 6],
            [7, 8, 9],
          ],
          exact,
        ));
      test('along axis 1', () =>
        expectTensor(
          concat([m23(), tensor([[7], [8]])], 1),
          [
            [1, 2, 3, 7],
            [4, 5, 6, 8],
          ],
          exact,
        ));
      test('along axis -1 of rank 3, three inputs', () =>
        expectTensor(
          concat(
            [
              tensor([[[1], [2]]]),
              tensor([
                [
                  [3, 4],
                  [5, 6],
                ],
              ]),
              tensor([[[7], [8]]]),
            ],
            -1,
          ),
          [
            [
              [1, 3, 4, 7],
              [2, 5, 6, 8],
            ],
          ],
          exact,
        ));
      test('along the middle axis of rank 3', () =>
        expectTensor(
          concat([tensor([[[1, 2]], [[3, 4]]]), tensor([[[5, 6]], [[7, 8]]])], 1),
          [
            [
              [1, 2],
              [5, 6],
            ],
            [
              [3, 4],
              [7, 8],
            ],
          ],
          exact,
        ));
      test('int32', () =>
        expectTensor(concat([int([1]), int([2, 3])]), [1, 2, 3], { exact: true, dtype: 'int32' }));
      test('stack along axis 0 and 1', async () => {
        await expectTensor(
          stack([tensor([1, 2]), tensor([3, 4])]),
          [
            [1, 2],
            [3, 4],
          ],
          exact,
        );
        await expectTensor(
          stack([tensor([1, 2]), tensor([3, 4]), tensor([5, 6])], 1),
          [
            [1, 3, 5],
            [2, 4, 6],
          ],
          exact,
        );
      });
    }),
    ...group('pad', (test) => {
      test('zeros before and after', () =>
        expectTensor(pad(tensor([1, 2]), [[1, 2]]), [0, 1, 2, 0, 0], exact));
      test('a constant value on two axes', () =>
        expectTensor(
          pad(
            tensor([[1, 2]]),
            [
              [1, 0],
              [0, 1],
            ],
            -1,
          ),
          [
            [-1, -1, -1],
            [1, 2, -1],
          ],
          exact,
        ));
    }),
    ...group('tile and broadcastTo', (test) => {
      test('tile', async () => {
        await expectTensor(tile(tensor([1, 2]), [3]), [1, 2, 1, 2, 1, 2], exact);
        await expectTensor(
          tile(
            tensor([
              [1, 2],
              [3, 4],
            ]),
            [2, 1],
          ),
          [
            [1, 2],
            [3, 4],
            [1, 2],
            [3, 4],
          ],
          exact,
        );
        await expectTensor(
          tile(tensor([[1, 2]]), [2, 2]),
          [
            [1, 2, 1, 2],
            [1, 2, 1, 2],
          ],
          exact,
        );
      });
      test('broadcastTo new leading axes and size-1 axes', async () => {
        await expectTensor(
          broadcastTo(tensor([1, 2]), [2, 2]),
          [
            [1, 2],
            [1, 2],
          ],
          exact,
        );
        await expectTensor(
          broadcastTo(tensor([[1], [2]]), [2, 2, 3]),
          [
            [
              [1, 1, 1],
              [2, 2, 2],
            ],
            [
              [1, 1, 1],
              [2, 2, 2],
            ],
          ],
          exact,
        );
      });
    }),
    ...group('gather', (test) => {
      const t = () =>
        tensor([
          [1, 2, 3],
          [4, 5, 6],
          [7, 8, 9],
        ]);
      test('along axis 0 with repeated indices', () =>
        expectTensor(
          gather(t(), int([2, 0, 2])),
          [
            [7, 8, 9],
            [1, 2, 3],
            [7, 8, 9],
          ],
          exact,
        ));
      test('along axis 1', () =>
        expectTensor(
          gather(t(), int([1, 1, 0]), 1),
          [
            [2, 2, 1],
            [5, 5, 4],
            [8, 8, 7],
          ],
          exact,
        ));
      test('with 2-D indices', () =>
        expectTensor(
          gather(
            tensor([10, 20, 30]),
            int([
              [0, 1],
              [2, 2],
            ]),
          ),
          [
            [10, 20],
            [30, 30],
          ],
          { exact: true, shape: [2, 2] },
        ));
      test('with 2-D indices along axis 1 of a matrix', () =>
        expectTensor(
          gather(
            tensor([
              [1, 2, 3],
              [4, 5, 6],
            ]),
            int([[2], [0]]),
            1,
          ),
          [
            [[3], [1]],
            [[6], [4]],
          ],
          { exact: true, shape: [2, 2, 1] },
        ));
      test('with a rank-0 index removes the axis', () =>
        expectTensor(gather(t(), tensor(1, undefined, 'int32')), [4, 5, 6], exact));
      test('int32 values', () =>
        expectTensor(gather(int([5, 6, 7]), int([2, 0])), [7, 5], { exact: true, dtype: 'int32' }));
      test('scatterAdd accumulates repeated indices', () =>
        expectTensor(
          scatterAdd(tensor([1, 1, 1]), int([0, 0, 2, 0]), tensor([1, 2, 5, 10])),
          [14, 1, 6],
          exact,
        ));
      test('scatterAdd rows along axis 0', () =>
        expectTensor(
          scatterAdd(
            zeros([3, 2]),
            int([2, 2]),
            tensor([
              [1, 2],
              [3, 4],
            ]),
          ),
          [
            [0, 0],
            [0, 0],
            [4, 6],
          ],
          exact,
        ));
      test('scatterAdd along axis 1', () =>
        expectTensor(
          scatterAdd(
            zeros([2, 3]),
            int([0, 0, 1]),
            tensor([
              [1, 2, 3],
              [4, 5, 6],
            ]),
            1,
          ),
          [
            [3, 3, 0],
            [9, 6, 0],
          ],
          exact,
        ));
      test('oneHot', () =>
        expectTensor(
          oneHot(int([0, 2, 1]), 3),
          [
            [1, 0, 0],
            [0, 0, 1],
            [0, 1, 0],
          ],
          { exact: true, dtype: 'float32' },
        ));
      test('oneHot with on/off values, 2-D labels and int32', async () => {
        await expectTensor(
          oneHot(int([[1], [0]]), 2, { onValue: 0.9, offValue: 0.05 }),
          [[[0.05, 0.9]], [[0.9, 0.05]]],
          { atol: 1e-7 },
        );
        await expectTensor(oneHot(int([1]), 3, { dtype: 'int32' }), [[0, 1, 0]], {
          exact: true,
          dtype: 'int32',
        });
      });
    }),
  ];
}
