import type { Tensor } from '../tensor.js';
import {
  abs,
  add,
  cast,
  ceil,
  clip,
  cos,
  div,
  elu,
  equal,
  erf,
  exp,
  expm1,
  floor,
  gelu,
  greater,
  greaterEqual,
  isFinite as isFiniteOp,
  isNaN as isNaNOp,
  leakyRelu,
  less,
  lessEqual,
  log,
  log1p,
  logicalAnd,
  logicalNot,
  logicalOr,
  maximum,
  minimum,
  mul,
  neg,
  notEqual,
  pow,
  reciprocal,
  relu,
  round,
  rsqrt,
  scalar,
  selu,
  sigmoid,
  sign,
  sin,
  softplus,
  sqrt,
  square,
  sub,
  tanh,
  tensor,
  where,
} from '../index.js';
import { expectTensor } from './assert.js';
import { type ConformanceCase, TOL, group } from './case.js';

const X = [-2, -0.5, 0, 0.5, 1, 3];
const P = [0.25, 0.5, 1, 2, 4];

/** [op, input, expected] computed in float64 from the mathematical definitions. */
const UNARY: [string, (x: Tensor) => Tensor, number[], number[]][] = [
  ['neg', neg, X, [2, 0.5, 0, -0.5, -1, -3]],
  ['abs', abs, X, [2, 0.5, 0, 0.5, 1, 3]],
  ['square', square, X, [4, 0.25, 0, 0.25, 1, 9]],
  [
    'exp',
    exp,
    X,
    [0.1353352832366127, 0.6065306597126334, 1, 1.6487212707001282, Math.E, 20.085536923187668],
  ],
  ['log', log, P, [-1.3862943611198906, -Math.LN2, 0, Math.LN2, 1.3862943611198906]],
  [
    'log1p',
    log1p,
    [-0.5, 0, 0.5, 1, 3],
    [-Math.LN2, 0, 0.4054651081081644, Math.LN2, 1.3862943611198906],
  ],
  [
    'expm1',
    expm1,
    X,
    [
      -0.8646647167633873, -0.3934693402873666, 0, 0.6487212707001282, 1.718281828459045,
      19.085536923187668,
    ],
  ],
  ['sqrt', sqrt, P, [0.5, Math.SQRT1_2, 1, Math.SQRT2, 2]],
  ['rsqrt', rsqrt, P, [2, Math.SQRT2, 1, 0.7071067811865475, 0.5]],
  ['reciprocal', reciprocal, [-2, -0.5, 0.5, 1, 4], [-0.5, -2, 2, 1, 0.25]],
  [
    'sin',
    sin,
    X,
    [
      -0.9092974268256817, -0.479425538604203, 0, 0.479425538604203, 0.8414709848078965,
      0.1411200080598672,
    ],
  ],
  [
    'cos',
    cos,
    X,
    [
      -0.4161468365471424, 0.8775825618903728, 1, 0.8775825618903728, 0.5403023058681398,
      -0.9899924966004454,
    ],
  ],
  [
    'tanh',
    tanh,
    X,
    [
      -0.9640275800758169, -0.46211715726000974, 0, 0.46211715726000974, 0.7615941559557649,
      0.9950547536867305,
    ],
  ],
  [
    'erf',
    erf,
    X,
    [
      -0.9953222650189532, -0.5204998778130465, 0, 0.5204998778130465, 0.8427007929497148,
      0.9999779095030014,
    ],
  ],
  [
    'sigmoid',
    sigmoid,
    X,
    [
      0.11920292202211755, 0.3775406687981454, 0.5, 0.6224593312018546, 0.7310585786300049,
      0.9525741268224334,
    ],
  ],
  ['relu', relu, X, [0, 0, 0, 0.5, 1, 3]],
  ['leakyRelu (alpha 0.2 by default)', (x) => leakyRelu(x), X, [-0.4, -0.1, 0, 0.5, 1, 3]],
  ['leakyRelu (alpha 0.1)', (x) => leakyRelu(x, 0.1), X, [-0.2, -0.05, 0, 0.5, 1, 3]],
  ['elu', (x) => elu(x), X, [-0.8646647167633873, -0.3934693402873666, 0, 0.5, 1, 3]],
  ['elu (alpha 2)', (x) => elu(x, 2), X, [-1.7293294335267746, -0.7869386805747332, 0, 0.5, 1, 3]],
  [
    'selu',
    selu,
    X,
    [
      -1.5201664685956948, -0.6917581878028713, 0, 0.5253504936777402, 1.0507009873554805,
      3.1521029620664414,
    ],
  ],
  [
    'gelu',
    gelu,
    X,
    [
      -0.04550026389635864, -0.15426876936299344, 0, 0.34573123063700656, 0.8413447460685428,
      2.99595030590511,
    ],
  ],
  [
    'softplus',
    softplus,
    X,
    [
      0.1269280110429725,
      0.4740769841801067,
      Math.LN2,
      0.9740769841801067,
      1.3132616875182228,
      3.048587351573742,
    ],
  ],
  ['clip', (x) => clip(x, -1, 0.75), X, [-1, -0.5, 0, 0.5, 0.75, 0.75]],
  ['floor', floor, [-1.5, -0.5, 0, 0.5, 1.7], [-2, -1, 0, 0, 1]],
  ['ceil', ceil, [-1.5, -0.5, 0, 0.5, 1.2], [-1, -0, 0, 1, 2]],
];

export function elementwiseCases(): ConformanceCase[] {
  return [
    ...group('unary', (test) => {
      for (const [name, f, input, expected] of UNARY) {
        test(name, () => expectTensor(f(tensor(input)), expected, { ...TOL, dtype: 'float32' }));
      }
      test('relu(0) and sign(0) are 0', async () => {
        await expectTensor(relu(tensor([0, -0])), [0, 0], { exact: true });
        await expectTensor(sign(tensor([-2, -0, 0, 3])), [-1, 0, 0, 1], { exact: true });
      });
      test('relu, leakyRelu, elu and clip propagate NaN', async () => {
        const x = tensor([Number.NaN, -1, 2]);
        await expectTensor(relu(x), [Number.NaN, 0, 2], { exact: true });
        await expectTensor(leakyRelu(x, 0.5), [Number.NaN, -0.5, 2], { exact: true });
        await expectTensor(clip(x, -0.5, 1), [Number.NaN, -0.5, 1], { exact: true });
        await expectTensor(elu(x), [Number.NaN, Math.fround(Math.expm1(-1)), 2], TOL);
      });
      test('sign of NaN is NaN', () =>
        expectTensor(sign(tensor([Number.NaN, -1])), [Number.NaN, -1], { exact: true }));
      test('round is half to even', () =>
        expectTensor(
          round(tensor([0.5, 1.5, 2.5, -0.5, -1.5, -2.5, 2.4, 2.6, -2.6])),
          [0, 2, 2, 0, -2, -2, 2, 3, -3],
          { exact: true },
        ));
      test('isNaN and isFinite with NaN and ±Infinity give bool', async () => {
        const x = tensor([Number.NaN, Infinity, -Infinity, 0, -1.5]);
        await expectTensor(isNaNOp(x), [1, 0, 0, 0, 0], { exact: true, dtype: 'bool' });
        await expectTensor(isFiniteOp(x), [0, 0, 0, 1, 1], { exact: true, dtype: 'bool' });
      });
      test('sigmoid saturates for large |x| without overflow', () =>
        expectTensor(
          sigmoid(tensor([-100, 100, -20, 20, -1000, 1000])),
          [0, 1, 2.0611536181902033e-9, 0.9999999979388463, 0, 1],
          {
            atol: 1e-7,
          },
        ));
      test('softplus is linear for large x and vanishes for very negative x', () =>
        expectTensor(
          softplus(tensor([100, -100, 20, -20, 1000])),
          [100, 0, 20.000000002061153, 2.061153620314381e-9, 1000],
          TOL,
        ));
      test('integer inputs of float ops give float32', () =>
        expectTensor(sqrt(tensor([4, 9], undefined, 'int32')), [2, 3], {
          dtype: 'float32',
          ...TOL,
        }));
      test('neg, abs, square and relu keep int32', async () => {
        const x = tensor([-3, 0, 2], undefined, 'int32');
        await expectTensor(neg(x), [3, 0, -2], { exact: true, dtype: 'int32' });
        await expectTensor(abs(x), [3, 0, 2], { exact: true, dtype: 'int32' });
        await expectTensor(square(x), [9, 0, 4], { exact: true, dtype: 'int32' });
        await expectTensor(relu(x), [0, 0, 2], { exact: true, dtype: 'int32' });
      });
      test('logicalNot', () =>
        expectTensor(logicalNot(tensor([true, false])), [0, 1], { exact: true, dtype: 'bool' }));
      test('rank-0 and rank-2 inputs keep their shape', async () => {
        await expectTensor(exp(scalar(0)), 1, { exact: true });
        await expectTensor(
          square(
            tensor([
              [1, 2],
              [3, 4],
            ]),
          ),
          [
            [1, 4],
            [9, 16],
          ],
          { exact: true },
        );
      });
    }),
    ...group('binary', (test) => {
      // Inputs are made inside each case, after the runner has chosen the backend.
      const A = () => tensor([1, 2, 3, 4]);
      const B = () => tensor([2, 2, -1, 0.5]);
      test('add, sub, mul, div', async () => {
        const [a, b] = [A(), B()];
        await expectTensor(add(a, b), [3, 4, 2, 4.5], { exact: true, dtype: 'float32' });
        await expectTensor(sub(a, b), [-1, 0, 4, 3.5], { exact: true });
        await expectTensor(mul(a, b), [2, 4, -3, 2], { exact: true });
        await expectTensor(div(a, b), [0.5, 1, -3, 8], TOL);
      });
      test('pow', async () => {
        await expectTensor(
          pow(tensor([2, 3, 4, 9]), tensor([2, 0.5, -1, 0])),
          [4, 1.7320508075688772, 0.25, 1],
          TOL,
        );
        await expectTensor(pow(tensor([-2, -3]), 2), [4, 9], TOL);
      });
      test('maximum and minimum', async () => {
        const [a, b] = [A(), B()];
        await expectTensor(maximum(a, b), [2, 2, 3, 4], { exact: true });
        await expectTensor(minimum(a, b), [1, 2, -1, 0.5], { exact: true });
      });
      test('maximum and minimum propagate NaN from either side', async () => {
        const x = tensor([1, Number.NaN, Number.NaN]);
        const y = tensor([Number.NaN, 1, Number.NaN]);
        await expectTensor(maximum(x, y), [Number.NaN, Number.NaN, Number.NaN], { exact: true });
        await expectTensor(minimum(x, y), [Number.NaN, Number.NaN, Number.NaN], { exact: true });
      });
      test('comparisons give bool', async () => {
        const x = tensor([1, 2, 3]);
        const y = tensor([3, 2, 1]);
        const opts = { exact: true, dtype: 'bool' } as const;
        await expectTensor(equal(x, y), [0, 1, 0], opts);
        await expectTensor(notEqual(x, y), [1, 0, 1], opts);
        await expectTensor(less(x, y), [1, 0, 0], opts);
        await expectTensor(lessEqual(x, y), [1, 1, 0], opts);
        await expectTensor(greater(x, y), [0, 0, 1], opts);
        await expectTensor(greaterEqual(x, y), [0, 1, 1], opts);
      });
      test('logicalAnd and logicalOr', async () => {
        const x = tensor([true, true, false, false]);
        const y = tensor([true, false, true, false]);
        await expectTensor(logicalAnd(x, y), [1, 0, 0, 0], { exact: true, dtype: 'bool' });
        await expectTensor(logicalOr(x, y), [1, 1, 1, 0], { exact: true, dtype: 'bool' });
      });
      test('broadcasts [2,3] with [3]', () =>
        expectTensor(
          add(
            tensor([
              [1, 2, 3],
              [4, 5, 6],
            ]),
            tensor([10, 20, 30]),
          ),
          [
            [11, 22, 33],
            [14, 25, 36],
          ],
          { exact: true },
        ));
      test('broadcasts [3] with [2,3] (smaller operand first)', () =>
        expectTensor(
          sub(
            tensor([10, 20, 30]),
            tensor([
              [1, 2, 3],
              [4, 5, 6],
            ]),
          ),
          [
            [9, 18, 27],
            [6, 15, 24],
          ],
          { exact: true },
        ));
      test('broadcasts [2,1] with [1,3]', () =>
        expectTensor(
          mul(tensor([[1], [2]]), tensor([[1, 10, 100]])),
          [
            [1, 10, 100],
            [2, 20, 200],
          ],
          { exact: true },
        ));
      test('broadcasts a number and a rank-0 tensor', async () => {
        await expectTensor(
          add(
            tensor([
              [1, 2],
              [3, 4],
            ]),
            10,
          ),
          [
            [11, 12],
            [13, 14],
          ],
          { exact: true },
        );
        await expectTensor(sub(10, tensor([1, 2])), [9, 8], { exact: true });
        await expectTensor(mul(scalar(3), tensor([[1], [2]])), [[3], [6]], { exact: true });
      });
      test('broadcasts rank 3: [2,1,3] with [4,1]', async () => {
        const x = tensor([[[1, 2, 3]], [[4, 5, 6]]]);
        const y = tensor([[0], [10], [20], [30]]);
        const expected = [0, 1].map((i) =>
          [0, 10, 20, 30].map((r) => [1, 2, 3].map((c) => c + 3 * i + r)),
        );
        await expectTensor(add(x, y), expected, { exact: true, shape: [2, 4, 3] });
      });
      test('broadcasts a size-1 middle axis: [2,1,2] / [1,3,1]', () =>
        expectTensor(
          div(tensor([[[2, 4]], [[6, 8]]]), tensor([[[1], [2], [4]]])),
          [
            [
              [2, 4],
              [1, 2],
              [0.5, 1],
            ],
            [
              [6, 8],
              [3, 4],
              [1.5, 2],
            ],
          ],
          TOL,
        ));
      test('int32 + int32 stays int32', () =>
        expectTensor(
          add(tensor([1, 2], undefined, 'int32'), tensor([3, -4], undefined, 'int32')),
          [4, -2],
          { exact: true, dtype: 'int32' },
        ));
      test('int32 · int32 and int32 − number stay int32', async () => {
        const x = tensor([3, -2], undefined, 'int32');
        await expectTensor(mul(x, x), [9, 4], { exact: true, dtype: 'int32' });
        await expectTensor(sub(x, 1), [2, -3], { exact: true, dtype: 'int32' });
      });
      test('int32 / int32 gives float32', () =>
        expectTensor(
          div(tensor([1, 3, -3], undefined, 'int32'), tensor([2, 2, 2], undefined, 'int32')),
          [0.5, 1.5, -1.5],
          {
            exact: true,
            dtype: 'float32',
          },
        ));
      test('int32 with a fractional number gives float32', () =>
        expectTensor(add(tensor([1, 2], undefined, 'int32'), 0.5), [1.5, 2.5], {
          exact: true,
          dtype: 'float32',
        }));
      test('int32 + float32 gives float32', () =>
        expectTensor(add(tensor([1, 2], undefined, 'int32'), tensor([0.25, 0.5])), [1.25, 2.5], {
          exact: true,
          dtype: 'float32',
        }));
      test('bool + bool gives int32', () =>
        expectTensor(add(tensor([true, false]), tensor([true, true])), [2, 1], {
          exact: true,
          dtype: 'int32',
        }));
      test('comparisons of int32 give bool', () =>
        expectTensor(greater(tensor([1, 5], undefined, 'int32'), 2), [0, 1], {
          exact: true,
          dtype: 'bool',
        }));
    }),
    ...group('where', (test) => {
      test('picks elementwise', () =>
        expectTensor(
          where(tensor([true, false, true]), tensor([1, 2, 3]), tensor([-1, -2, -3])),
          [1, -2, 3],
          { exact: true },
        ));
      test('broadcasts condition [2,1], a [3] and a number', () =>
        expectTensor(
          where(tensor([[true], [false]]), tensor([1, 2, 3]), 0),
          [
            [1, 2, 3],
            [0, 0, 0],
          ],
          { exact: true },
        ));
      test('broadcasts a [3] condition over [2,3] branches', () =>
        expectTensor(
          where(
            tensor([false, true, false]),
            tensor([
              [1, 2, 3],
              [4, 5, 6],
            ]),
            tensor([[7], [8]]),
          ),
          [
            [7, 2, 7],
            [8, 5, 8],
          ],
          { exact: true },
        ));
      test('keeps int32 branches int32', () =>
        expectTensor(where(tensor([true, false]), tensor([1, 2], undefined, 'int32'), 9), [1, 9], {
          exact: true,
          dtype: 'int32',
        }));
      test('upcasts mixed branches', () =>
        expectTensor(
          where(tensor([true, false]), tensor([1, 2], undefined, 'int32'), 0.5),
          [1, 0.5],
          { exact: true, dtype: 'float32' },
        ));
    }),
    ...group('cast', (test) => {
      test('float32 → int32 truncates toward zero', () =>
        expectTensor(cast(tensor([1.7, -1.7, 2.5, -0.2, 3]), 'int32'), [1, -1, 2, 0, 3], {
          exact: true,
          dtype: 'int32',
        }));
      test('float32 → bool is != 0', () =>
        expectTensor(cast(tensor([0, 0.5, -1, 0]), 'bool'), [0, 1, 1, 0], {
          exact: true,
          dtype: 'bool',
        }));
      test('int32 → bool and bool → int32', async () => {
        await expectTensor(cast(tensor([0, 3, -2], undefined, 'int32'), 'bool'), [0, 1, 1], {
          exact: true,
          dtype: 'bool',
        });
        await expectTensor(cast(tensor([true, false]), 'int32'), [1, 0], {
          exact: true,
          dtype: 'int32',
        });
      });
      test('int32 and bool → float32', async () => {
        await expectTensor(cast(tensor([-3, 7], undefined, 'int32'), 'float32'), [-3, 7], {
          exact: true,
          dtype: 'float32',
        });
        await expectTensor(cast(tensor([true, false]), 'float32'), [1, 0], {
          exact: true,
          dtype: 'float32',
        });
      });
    }),
  ];
}
