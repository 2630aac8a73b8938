import {
  Generator,
  arange,
  eye,
  full,
  linspace,
  ones,
  onesLike,
  rand,
  randint,
  randn,
  scalar,
  tensor,
  truncatedNormal,
  zeros,
  zerosLike,
} from '../index.js';
import { expectEqual, expectShape, expectTensor } from './assert.js';
import { type ConformanceCase, group } from './case.js';

export function creationCases(): ConformanceCase[] {
  const exact = { exact: true } as const;
  return [
    ...group('creation', (test) => {
      test('tensor from nested arrays, typed arrays and booleans', async () => {
        await expectTensor(
          tensor([
            [1, 2],
            [3, 4],
          ]),
          [
            [1, 2],
            [3, 4],
          ],
          { exact: true, dtype: 'float32' },
        );
        await expectTensor(tensor(new Int32Array([1, -2])), [1, -2], {
          exact: true,
          dtype: 'int32',
        });
        await expectTensor(tensor([true, false]), [1, 0], { exact: true, dtype: 'bool' });
        await expectTensor(
          tensor([1, 2, 3, 4, 5, 6], [2, 3]),
          [
            [1, 2, 3],
            [4, 5, 6],
          ],
          exact,
        );
        await expectTensor(scalar(2.5), 2.5, exact);
      });
      test('zeros, ones, full and the *Like forms', async () => {
        await expectTensor(
          zeros([2, 2]),
          [
            [0, 0],
            [0, 0],
          ],
          { exact: true, dtype: 'float32' },
        );
        await expectTensor(ones([3], 'int32'), [1, 1, 1], { exact: true, dtype: 'int32' });
        await expectTensor(
          full([2, 3], 7, 'int32'),
          [
            [7, 7, 7],
            [7, 7, 7],
          ],
          { exact: true, dtype: 'int32' },
        );
        await expectTensor(full([2], -1.5), [-1.5, -1.5], exact);
        await expectTensor(zerosLike(tensor([true])), [0], { exact: true, dtype: 'bool' });
        await expectTensor(onesLike(tensor([[2, 3]])), [[1, 1]], exact);
      });
      test('arange: int32 for integers, float32 for fractions, negative steps', async () => {
        await expectTensor(arange(5), [0, 1, 2, 3, 4], { exact: true, dtype: 'int32' });
        await expectTensor(arange(2, 5), [2, 3, 4], exact);
        await expectTensor(arange(1, 2, 0.25), [1, 1.25, 1.5, 1.75], {
          exact: true,
          dtype: 'float32',
        });
        await expectTensor(arange(5, 0, -2), [5, 3, 1], exact);
        expectShape(arange(3, 3), [0]);
      });
      test('linspace includes both ends', async () => {
        await expectTensor(linspace(0, 1, 5), [0, 0.25, 0.5, 0.75, 1], exact);
        await expectTensor(linspace(-1, 1, 3), [-1, 0, 1], exact);
        await expectTensor(linspace(3, 5, 1), [3], exact);
      });
      test('eye, square and rectangular', async () => {
        await expectTensor(
          eye(3),
          [
            [1, 0, 0],
            [0, 1, 0],
            [0, 0, 1],
          ],
          exact,
        );
        await expectTensor(
          eye(2, 3),
          [
            [1, 0, 0],
            [0, 1, 0],
          ],
          exact,
        );
        await expectTensor(
          eye(3, 2, 'int32'),
          [
            [1, 0],
            [0, 1],
            [0, 0],
          ],
          { exact: true, dtype: 'int32' },
        );
      });
    }),
    ...group('random', (test) => {
      // Pinned values from the reference generator: bit-identical on every engine and platform.
      test('rand([3], { seed: 42 }) gives the pinned values', () =>
        expectTensor(
          rand([3], { seed: 42 }),
          [0.6606157422065735, 0.11170196533203125, 0.07910564541816711],
          { atol: 1e-7, dtype: 'float32' },
        ));
      test('randn([3], { seed: 42 }) gives the pinned values', () =>
        expectTensor(
          randn([3], { seed: 42 }),
          [0.31875784963858494, -0.7706160167419408, 0.15178267621950975],
          { atol: 1e-6 },
        ));
      test('randint(0, 10, [5], { seed: 3 }) gives the pinned values', () =>
        expectTensor(randint(0, 10, [5], { seed: 3 }), [7, 3, 5, 1, 6], {
          exact: true,
          dtype: 'int32',
        }));
      test('the same seed gives identical values; another seed differs', async () => {
        const a = await rand([50], { seed: 7 }).data();
        const b = await rand([50], { seed: 7 }).data();
        const c = await rand([50], { seed: 8 }).data();
        expectEqual(a, b);
        if (Array.from(a).every((v, i) => v === c[i]))
          throw new Error('seeds 7 and 8 gave the same values');
      });
      test('a generator continues its stream; a fresh one with the seed replays it', async () => {
        const g = new Generator(5);
        const first = await rand([4], { generator: g }).data();
        const second = await rand([4], { generator: g }).data();
        const replay = await rand([8], { seed: 5 }).data();
        expectEqual([...first, ...second], replay);
      });
      test('rand honours low/high; truncatedNormal stays within 2 std', async () => {
        const u = await rand([200], { seed: 1, low: -3, high: -2 }).data();
        if (u.some((v) => v < -3 || v >= -2)) throw new Error('rand left [low, high)');
        const t = await truncatedNormal([200], { seed: 1, mean: 1, std: 0.5 }).data();
        if (t.some((v) => v < 0 || v > 2)) throw new Error('truncatedNormal left mean ± 2 std');
      });
    }),
  ];
}
