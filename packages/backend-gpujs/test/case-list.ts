/**
 * Every kernel id of the CPU backend, exercised on seeded inputs: each case runs once on the
 * CPU (the reference) and once on the gpu.js backend under test, and the results must agree
 * within a relative tolerance. Shared by the per-mode vitest files and the browser test (so
 * nothing here imports vitest).
 */
import * as T from '@tsgrad/tensor';
import type { Tensor } from '@tsgrad/tensor';

export interface KernelCase {
  name: string;
  /** Kernel ids the case reaches (for the coverage check). */
  kernels: string[];
  run: () => Tensor;
  /** Relative tolerance (default 1e-4). */
  rtol?: number;
  /** Absolute tolerance (default 1e-5). */
  atol?: number;
  /** Uses NaN / ±Infinity, whose handling in GL follows the driver: JS modes only. */
  ieee?: boolean;
}

const rn = (shape: number[], seed: number, std = 1) => T.randn(shape, { seed, std });
const pos = (shape: number[], seed: number) => T.rand(shape, { seed, low: 0.05, high: 3 });
const int = (values: number[], shape?: number[]) => T.tensor(values, shape, 'int32');

const UNARY_PLAIN = [
  'neg',
  'abs',
  'sign',
  'exp',
  'expm1',
  'sin',
  'cos',
  'tanh',
  'erf',
  'sigmoid',
  'relu',
  'selu',
  'gelu',
  'softplus',
  'floor',
  'ceil',
  'square',
] as const;
const UNARY_POSITIVE = ['log', 'log1p', 'sqrt', 'rsqrt', 'reciprocal'] as const;
const BINARY = [
  'add',
  'sub',
  'mul',
  'div',
  'maximum',
  'minimum',
  'equal',
  'notEqual',
  'less',
  'lessEqual',
  'greater',
  'greaterEqual',
  'logicalAnd',
  'logicalOr',
] as const;

const ops = T as unknown as Record<string, (...args: unknown[]) => Tensor>;

export const CASES: KernelCase[] = [
  ...UNARY_PLAIN.map((op) => ({
    name: `${op} on [4,5]`,
    kernels: [op],
    run: () => ops[op](rn([4, 5], 1, 2)),
  })),
  ...UNARY_POSITIVE.map((op) => ({
    name: `${op} on positives`,
    kernels: [op],
    run: () => ops[op](pos([3, 7], 2)),
  })),
  {
    name: 'small arguments keep their precision',
    kernels: ['expm1', 'log1p', 'tanh', 'erf'],
    run: () =>
      T.stack([
        T.expm1(T.mul(rn([8], 3), 1e-4)),
        T.log1p(T.mul(rn([8], 3), 1e-4)),
        T.tanh(T.mul(rn([8], 3), 1e-4)),
        T.erf(T.mul(rn([8], 3), 1e-4)),
      ]),
    atol: 1e-10,
  },
  {
    name: 'large arguments saturate',
    kernels: ['tanh', 'sigmoid', 'softplus', 'erf'],
    run: () =>
      T.stack([
        T.tanh(T.tensor([-30, 30, 12])),
        T.sigmoid(T.tensor([-80, 80, 0])),
        T.softplus(T.tensor([-80, 80, 0])),
        T.erf(T.tensor([-4, 4, 2.5])),
      ]),
  },
  {
    name: 'sin / cos over several periods',
    kernels: ['sin', 'cos'],
    run: () => T.stack([T.sin(T.linspace(-20, 20, 101)), T.cos(T.linspace(-20, 20, 101))]),
  },
  {
    name: 'leakyRelu with alpha',
    kernels: ['leakyRelu'],
    run: () => T.leakyRelu(rn([5, 3], 4), 0.1),
  },
  { name: 'elu with alpha', kernels: ['elu'], run: () => T.elu(rn([5, 3], 5), 0.7) },
  { name: 'clip', kernels: ['clip'], run: () => T.clip(rn([6, 6], 6), -0.5, 0.25) },
  {
    name: 'round half to even',
    kernels: ['round'],
    run: () => T.round(T.tensor([-2.5, -1.5, -0.5, 0.5, 1.5, 2.5, 0.49, 1.7, -1.2, 1e7 + 1])),
  },
  {
    name: 'isNaN and isFinite',
    kernels: ['isNaN', 'isFinite'],
    ieee: true,
    run: () =>
      T.stack([
        T.cast(T.isNaN(T.tensor([Number.NaN, 1, Infinity])), 'float32'),
        T.cast(T.isFinite(T.tensor([Number.NaN, 1, -Infinity])), 'float32'),
      ]),
  },
  {
    name: 'isFinite on plain numbers',
    kernels: ['isFinite', 'isNaN'],
    run: () => T.stack([T.isFinite(rn([4], 7)), T.isNaN(rn([4], 7))]),
  },
  {
    name: 'logicalNot',
    kernels: ['logicalNot'],
    run: () => T.logicalNot(T.tensor([true, false, true])),
  },
  { name: 'sign of zero', kernels: ['sign'], run: () => T.sign(T.tensor([0, -3, 2])) },
  ...BINARY.map((op) => ({
    name: `${op} with broadcasting [4,1,3] x [5,3]`,
    kernels: [op],
    run: () => ops[op](T.round(rn([4, 1, 3], 8)), T.round(rn([5, 3], 9))),
  })),
  ...BINARY.map((op) => ({
    name: `${op} with a scalar`,
    kernels: [op],
    run: () => ops[op](T.round(rn([2, 3], 10)), 1),
  })),
  {
    name: 'add of same shapes',
    kernels: ['add'],
    run: () => T.add(rn([7, 9], 11), rn([7, 9], 12)),
  },
  { name: 'div by a column', kernels: ['div'], run: () => T.div(rn([3, 4], 13), pos([3, 1], 14)) },
  {
    name: 'pow of positive bases',
    kernels: ['pow'],
    run: () => T.pow(pos([3, 4], 15), rn([4], 16)),
  },
  {
    name: 'pow of negative bases, integer exponents',
    kernels: ['pow'],
    run: () => T.pow(T.tensor([-2, -3, -0.5, 0, 0, 4]), T.tensor([2, 3, -2, 2, 0, 0.5])),
  },
  { name: 'pow to a scalar', kernels: ['pow'], run: () => T.pow(rn([5], 17), 2) },
  {
    name: 'maximum / minimum with NaN',
    kernels: ['maximum', 'minimum'],
    ieee: true,
    run: () =>
      T.stack([
        T.maximum(T.tensor([Number.NaN, 1, 2]), T.tensor([0, Number.NaN, 1])),
        T.minimum(T.tensor([Number.NaN, 1, 2]), T.tensor([0, Number.NaN, 1])),
      ]),
  },
  {
    name: 'int32 arithmetic stays int32',
    kernels: ['add', 'mul', 'sub'],
    run: () => T.sub(T.mul(T.add(int([1, 2, 3]), int([10, 20, 30])), int([2, 2, 2])), 1),
  },
  {
    name: 'where with broadcasting',
    kernels: ['where'],
    run: () => T.where(T.greater(rn([4, 1], 18), 0), rn([4, 3], 19), rn([3], 20)),
  },
  {
    name: 'where with a scalar branch',
    kernels: ['where'],
    run: () => T.where(T.greater(rn([2, 3], 21), 0), rn([2, 3], 22), 0),
  },
  {
    name: 'cast float32 -> int32 truncates',
    kernels: ['cast'],
    run: () => T.cast(T.mul(rn([9], 23), 5), 'int32'),
  },
  {
    name: 'cast float32 -> bool',
    kernels: ['cast'],
    run: () => T.cast(T.tensor([0, 1.5, -2, 0]), 'bool'),
  },
  {
    name: 'cast bool -> float32 and int32 -> float32',
    kernels: ['cast'],
    run: () => T.add(T.cast(T.tensor([true, false]), 'float32'), T.cast(int([3, -4]), 'float32')),
  },
  { name: 'sum over all axes', kernels: ['sum'], run: () => T.sum(rn([6, 7], 24)) },
  {
    name: 'sum over a middle axis, keepDims',
    kernels: ['sum'],
    run: () => T.sum(rn([3, 4, 5], 25), 1, true),
  },
  {
    name: 'sum over non-adjacent axes',
    kernels: ['sum'],
    run: () => T.sum(rn([3, 4, 5], 26), [0, 2]),
  },
  {
    name: 'sum of a long vector (two-pass on GL)',
    kernels: ['sum'],
    rtol: 1e-3,
    run: () => T.sum(rn([20000], 27)),
  },
  {
    name: 'max of long rows (two-pass on GL)',
    kernels: ['max'],
    run: () => T.max(rn([3, 5000], 28), 1),
  },
  {
    name: 'sum of bool gives int32',
    kernels: ['sum'],
    run: () => T.sum(T.greater(rn([10], 29), 0)),
  },
  { name: 'prod', kernels: ['prod'], run: () => T.prod(pos([3, 4], 30), 1) },
  {
    name: 'max / min over axes',
    kernels: ['max', 'min'],
    run: () => T.stack([T.max(rn([4, 6], 31), 0), T.min(rn([4, 6], 31), 0)]),
  },
  {
    name: 'max propagates NaN',
    kernels: ['max'],
    ieee: true,
    run: () =>
      T.max(
        T.tensor([
          [1, Number.NaN, 3],
          [4, 5, 6],
        ]),
        1,
      ),
  },
  {
    name: 'argmax / argmin, first tie wins',
    kernels: ['argmax', 'argmin'],
    run: () =>
      T.stack([
        T.argmax(
          T.tensor([
            [1, 9, 9],
            [7, 0, 7],
          ]),
          1,
        ),
        T.argmin(
          T.tensor([
            [1, 0, 0],
            [7, 7, 7],
          ]),
          1,
        ),
      ]),
  },
  {
    name: 'argmax over axis 0 and flattened',
    kernels: ['argmax'],
    run: () => T.concat([T.argmax(rn([5, 4], 32), 0), T.reshape(T.argmax(rn([5, 4], 33)), [1])]),
  },
  {
    name: 'mean / variance / logSumExp / softmax',
    kernels: ['sum', 'max', 'exp', 'log', 'sub', 'div'],
    run: () =>
      T.stack([
        T.mean(rn([4, 5], 34), 1),
        T.variance(rn([4, 5], 35), 1),
        T.logSumExp(rn([4, 5], 36), 1),
        T.sum(T.mul(T.softmax(rn([4, 5], 37)), T.arange(5)), 1),
      ]),
  },
  {
    name: 'matmul [3,4]x[4,5]',
    kernels: ['matmul'],
    run: () => T.matmul(rn([3, 4], 38), rn([4, 5], 39)),
  },
  {
    name: 'matmul transposeA',
    kernels: ['matmul'],
    run: () => T.matmul(rn([4, 3], 40), rn([4, 5], 41), true, false),
  },
  {
    name: 'matmul transposeB',
    kernels: ['matmul'],
    run: () => T.matmul(rn([3, 4], 42), rn([5, 4], 43), false, true),
  },
  {
    name: 'matmul both transposed',
    kernels: ['matmul'],
    run: () => T.matmul(rn([4, 3], 44), rn([5, 4], 45), true, true),
  },
  {
    name: 'batched matmul with broadcast batch',
    kernels: ['matmul'],
    run: () => T.matmul(rn([2, 1, 3, 4], 46), rn([5, 4, 2], 47)),
  },
  {
    name: 'matmul with K = 1500 (beyond gpu.js argument loop cap)',
    kernels: ['matmul'],
    rtol: 1e-3,
    run: () => T.matmul(rn([2, 1500], 48), rn([1500, 3], 49)),
  },
  {
    name: 'transpose [2,3,4] perm [2,0,1]',
    kernels: ['transpose'],
    run: () => T.transpose(rn([2, 3, 4], 50), [2, 0, 1]),
  },
  {
    name: 'slice',
    kernels: ['slice'],
    run: () => T.slice(rn([5, 6, 2], 51), [1, 2, 0], [3, -1, 1]),
  },
  {
    name: 'pad with a value',
    kernels: ['pad'],
    run: () =>
      T.pad(
        rn([2, 3], 52),
        [
          [1, 2],
          [0, 1],
        ],
        -7,
      ),
  },
  {
    name: 'concat of three on axis 1',
    kernels: ['concat'],
    run: () => T.concat([rn([2, 1], 53), rn([2, 3], 54), rn([2, 2], 55)], 1),
  },
  {
    name: 'concat of nine (grouped)',
    kernels: ['concat'],
    run: () =>
      T.concat(
        Array.from({ length: 9 }, (_, i) => rn([2, i + 1], 56 + i)),
        1,
      ),
  },
  { name: 'stack', kernels: ['concat'], run: () => T.stack([rn([3], 65), rn([3], 66)], 1) },
  {
    name: 'broadcastTo and tile',
    kernels: ['broadcastTo'],
    run: () =>
      T.add(T.broadcastTo(rn([3, 1], 67), [2, 3, 4]), T.tile(rn([1, 3, 2], 68), [2, 1, 2])),
  },
  {
    name: 'gather on axis 0',
    kernels: ['gather'],
    run: () => T.gather(rn([5, 3], 69), int([4, 0, 4, 2])),
  },
  {
    name: 'gather on axis 1 with 2-D indices',
    kernels: ['gather'],
    run: () => T.gather(rn([2, 5, 3], 70), int([1, 0, 3, 3], [2, 2]), 1),
  },
  {
    name: 'scatterAdd with repeated indices',
    kernels: ['scatterAdd'],
    run: () => T.scatterAdd(rn([4, 2], 71), int([0, 3, 0, 1]), rn([4, 2], 72)),
  },
  {
    name: 'scatterAdd on axis 1',
    kernels: ['scatterAdd'],
    run: () => T.scatterAdd(T.zeros([2, 3]), int([2, 2]), rn([2, 2], 73), 1),
  },
  {
    name: 'oneHot',
    kernels: ['oneHot'],
    run: () => T.oneHot(int([0, 2, 1, 2]), 3, { onValue: 5, offValue: -1 }),
  },
  {
    name: 'empty tensors',
    kernels: ['add', 'sum', 'concat'],
    run: () => T.concat([T.sum(T.add(T.zeros([0, 3]), 1), 0), T.sum(T.zeros([2, 0]), 1)]),
  },
];

/** `null` when `actual` matches `expected` within atol + rtol·|expected| (NaN matches NaN). */
export function close(
  actual: ArrayLike<number>,
  expected: ArrayLike<number>,
  rtol: number,
  atol: number,
): string | null {
  if (actual.length !== expected.length) return `length ${actual.length} vs ${expected.length}`;
  for (let i = 0; i < expected.length; i++) {
    const a = actual[i];
    const e = expected[i];
    if (Number.isNaN(e) && Number.isNaN(a)) continue;
    if (a === e) continue;
    if (!(Math.abs(a - e) <= atol + rtol * Math.abs(e)))
      return `index ${i}: got ${a}, expected ${e}`;
  }
  return null;
}
