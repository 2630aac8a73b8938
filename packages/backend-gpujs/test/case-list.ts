/**
 * Every kernel id of the CPU backend, exercised on seeded inputs: each case runs once on the
 * CPU in float64 (the reference) and once on the gpu.js backend under test in float32, and the
 * results must agree within a tolerance that grows with the reduction length (see
 * {@link tolerance}). Shared by the per-mode vitest files and the browser test (so nothing here
 * imports vitest).
 */
import { valueAndGrad } from '@tsgrad/autograd';
import * as T from '@tsgrad/tensor';
import type { Tensor } from '@tsgrad/tensor';

export interface KernelCase {
  name: string;
  /** Kernel ids the case reaches (for the coverage check). */
  kernels: string[];
  run: () => Tensor;
  /** Terms summed into one output (matmul's K, a conv's taps); default 1. */
  reduce?: number;
  /** Relative tolerance per element (default {@link RTOL}). */
  rtol?: number;
  /** Absolute tolerance (default {@link ATOL}). */
  atol?: number;
}

/** Default per-element relative tolerance: a few float32 roundings (2^-24 ≈ 6e-8 each). */
export const RTOL = 2e-6;
/** Default absolute tolerance. */
export const ATOL = 1e-7;
const U = 2 ** -24;

/**
 * The tolerance of element i against the float64 reference e:
 * `atol + rtol·|e_i| + 2·reduce·2^-24·max|e|` — float32 summation of `reduce` terms can be off
 * by about reduce·2^-24 times the size of the terms, and max|e| stands for that size.
 */
export function tolerance(
  e: number,
  maxAbs: number,
  opts: { rtol?: number; atol?: number; reduce?: number },
): number {
  const reduce = opts.reduce ?? 1;
  return (
    (opts.atol ?? ATOL) +
    (opts.rtol ?? RTOL) * Math.abs(e) +
    (reduce > 1 ? 2 * reduce * U * maxAbs : 0)
  );
}

/** The dtype the backend gives where the float64 reference gives `dtype`. */
export function backendDtype(dtype: string): string {
  return dtype === 'float64' ? 'float32' : dtype;
}

/**
 * Runs a case on the CPU (float64) and on `backendName` (float32) and compares them. Returns
 * `null` when they agree, or what differs.
 */
export async function checkCase(c: KernelCase, backendName: string): Promise<string | null> {
  T.setBackend('cpu');
  const want = asReference(c.run);
  T.setBackend(backendName);
  const got = c.run();
  if (got.backend.name !== backendName) return `ran on ${got.backend.name}`;
  if (got.dtype !== backendDtype(want.dtype)) return `dtype ${got.dtype} vs ${want.dtype}`;
  if (JSON.stringify(got.shape) !== JSON.stringify(want.shape))
    return `shape [${got.shape}] vs [${want.shape}]`;
  return close(await got.data(), want.dataSync(), c);
}

// Float inputs are made in float32 and, for the reference run, cast to float64 (the same values),
// so the CPU reference computes in float64 what the backend computes in float32.
let reference = false;

/**
 * Runs a case as the reference: on the current backend (the CPU), with every float input cast to
 * float64.
 */
export function asReference<R>(run: () => R): R {
  reference = true;
  try {
    return run();
  } finally {
    reference = false;
  }
}

const fl = (t: Tensor) => (reference && t.dtype === 'float32' ? T.cast(t, 'float64') : t);
const ft = (values: T.NestedArray | number[], shape?: number[]) =>
  fl(T.tensor(values as number[], shape));
const rn = (shape: readonly number[], seed: number, std = 1) =>
  fl(T.randn([...shape], { seed, std }));
const pos = (shape: number[], seed: number) => fl(T.rand(shape, { seed, low: 0.05, high: 3 }));
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
    // erf (and gelu through it) is a polynomial fit with an absolute error below 1.5e-7.
    atol: op === 'erf' || op === 'gelu' ? 5e-7 : undefined,
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
        T.tanh(ft([-30, 30, 12])),
        T.sigmoid(ft([-80, 80, 0])),
        T.softplus(ft([-80, 80, 0])),
        T.erf(ft([-4, 4, 2.5])),
      ]),
  },
  {
    name: 'sin / cos over several periods',
    kernels: ['sin', 'cos'],
    // Range reduction in float32 (webasm, GL) loses |x|·2^-24 of the argument: 1.2e-6 at 20.
    atol: 3e-6,
    run: () => T.stack([T.sin(fl(T.linspace(-20, 20, 101))), T.cos(fl(T.linspace(-20, 20, 101)))]),
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
    run: () => T.round(ft([-2.5, -1.5, -0.5, 0.5, 1.5, 2.5, 0.49, 1.7, -1.2, 1e7 + 1])),
  },
  {
    name: 'isNaN and isFinite',
    kernels: ['isNaN', 'isFinite'],
    run: () =>
      T.stack([
        T.cast(T.isNaN(ft([Number.NaN, 1, Infinity])), 'float32'),
        T.cast(T.isFinite(ft([Number.NaN, 1, -Infinity])), 'float32'),
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
  { name: 'sign of zero', kernels: ['sign'], run: () => T.sign(ft([0, -3, 2])) },
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
    run: () => T.pow(ft([-2, -3, -0.5, 0, 0, 4]), ft([2, 3, -2, 2, 0, 0.5])),
  },
  { name: 'pow to a scalar', kernels: ['pow'], run: () => T.pow(rn([5], 17), 2) },
  {
    name: 'maximum / minimum with NaN',
    kernels: ['maximum', 'minimum'],
    run: () =>
      T.stack([
        T.maximum(ft([Number.NaN, 1, 2]), ft([0, Number.NaN, 1])),
        T.minimum(ft([Number.NaN, 1, 2]), ft([0, Number.NaN, 1])),
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
    run: () => T.cast(ft([0, 1.5, -2, 0]), 'bool'),
  },
  {
    name: 'cast bool -> float32 and int32 -> float32',
    kernels: ['cast'],
    run: () => T.add(T.cast(T.tensor([true, false]), 'float32'), T.cast(int([3, -4]), 'float32')),
  },
  { name: 'sum over all axes', kernels: ['sum'], reduce: 42, run: () => T.sum(rn([6, 7], 24)) },
  {
    name: 'sum over a middle axis, keepDims',
    reduce: 4,
    kernels: ['sum'],
    run: () => T.sum(rn([3, 4, 5], 25), 1, true),
  },
  {
    name: 'sum over non-adjacent axes',
    reduce: 15,
    kernels: ['sum'],
    run: () => T.sum(rn([3, 4, 5], 26), [0, 2]),
  },
  {
    name: 'sum of a long vector (two-pass on GL)',
    kernels: ['sum'],
    reduce: 20000,
    run: () => T.sum(rn([20000], 27)),
  },
  {
    name: 'max of long rows (two-pass on GL)',
    kernels: ['max'],
    run: () => T.max(rn([3, 5000], 28), 1),
  },
  {
    name: 'sum of bool gives int32',
    reduce: 10,
    kernels: ['sum'],
    run: () => T.sum(T.greater(rn([10], 29), 0)),
  },
  { name: 'prod', kernels: ['prod'], reduce: 4, run: () => T.prod(pos([3, 4], 30), 1) },
  {
    name: 'max / min over axes',
    kernels: ['max', 'min'],
    run: () => T.stack([T.max(rn([4, 6], 31), 0), T.min(rn([4, 6], 31), 0)]),
  },
  {
    name: 'max propagates NaN',
    kernels: ['max'],
    run: () =>
      T.max(
        ft([
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
          ft([
            [1, 9, 9],
            [7, 0, 7],
          ]),
          1,
        ),
        T.argmin(
          ft([
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
    reduce: 5,
    kernels: ['sum', 'max', 'exp', 'log', 'sub', 'div'],
    run: () =>
      T.stack([
        T.mean(rn([4, 5], 34), 1),
        T.variance(rn([4, 5], 35), 1),
        T.logSumExp(rn([4, 5], 36), 1),
        T.sum(T.mul(T.softmax(rn([4, 5], 37)), fl(T.arange(5))), 1),
      ]),
  },
  {
    name: 'matmul [3,4]x[4,5]',
    reduce: 4,
    kernels: ['matmul'],
    run: () => T.matmul(rn([3, 4], 38), rn([4, 5], 39)),
  },
  {
    name: 'matmul transposeA',
    reduce: 4,
    kernels: ['matmul'],
    run: () => T.matmul(rn([4, 3], 40), rn([4, 5], 41), true, false),
  },
  {
    name: 'matmul transposeB',
    reduce: 4,
    kernels: ['matmul'],
    run: () => T.matmul(rn([3, 4], 42), rn([5, 4], 43), false, true),
  },
  {
    name: 'matmul both transposed',
    reduce: 4,
    kernels: ['matmul'],
    run: () => T.matmul(rn([4, 3], 44), rn([5, 4], 45), true, true),
  },
  {
    name: 'batched matmul with broadcast batch',
    reduce: 4,
    kernels: ['matmul'],
    run: () => T.matmul(rn([2, 1, 3, 4], 46), rn([5, 4, 2], 47)),
  },
  {
    name: 'matmul with K = 1500 (beyond gpu.js argument loop cap)',
    kernels: ['matmul'],
    reduce: 1500,
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
    name: 'contiguous slices are views: read directly and as kernel inputs',
    kernels: ['slice', 'add'],
    run: () => {
      const x = rn([5, 3, 4], 150);
      const rows = T.slice(x, [1, 0, 0], [3, -1, -1]); // a view
      const inner = T.slice(rows, [1, 2, 0], [1, 1, -1]); // a view of a view
      return T.concat([
        T.reshape(T.add(rows, 1), [36]),
        T.reshape(T.mul(inner, 2), [4]),
        T.reshape(rows, [36]),
      ]);
    },
  },
  {
    name: 'split into contiguous parts (views)',
    kernels: ['slice'],
    run: () => T.stack(T.split(rn([6, 5], 151), 3, 0).map((t) => T.sum(t, 0))),
    reduce: 2,
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
    name: 'gather of integers known on the host (done on the host)',
    kernels: ['gather'],
    run: () => T.gather(int([3, 1, 4, 1, 5, 9], [3, 2]), int([2, 0, 2, 1])),
  },
  {
    name: 'gather of integers made on the device',
    kernels: ['gather', 'argmax'],
    run: () => T.gather(T.argmax(rn([6, 4], 74), 1), int([5, 0, 0, 3])),
  },
  {
    name: 'scatterAdd with repeated indices',
    reduce: 3,
    kernels: ['scatterAdd'],
    run: () => T.scatterAdd(rn([4, 2], 71), int([0, 3, 0, 1]), rn([4, 2], 72)),
  },
  {
    name: 'scatterAdd on axis 1',
    kernels: ['scatterAdd'],
    run: () => T.scatterAdd(fl(T.zeros([2, 3])), int([2, 2]), rn([2, 2], 73), 1),
  },
  {
    name: 'oneHot',
    kernels: ['oneHot'],
    run: () => T.oneHot(int([0, 2, 1, 2]), 3, { onValue: 5, offValue: -1 }),
  },
  {
    name: 'empty tensors',
    kernels: ['add', 'sum', 'concat'],
    run: () => T.concat([T.sum(T.add(fl(T.zeros([0, 3])), 1), 0), T.sum(fl(T.zeros([2, 0])), 1)]),
  },
  ...CONV_CASES(),
  ...POOL_CASES(),
  ...FUSED_CASES(),
];

/**
 * The optional fused kernels against the composites they replace (the float64 reference runs the
 * composite: the CPU backend has no fused kernels). logSoftmax's kernel is called directly, so
 * it is tested whether or not the tensor package's logSoftmax dispatches to it yet.
 */
const LOG_SOFTMAX_KERNEL = T.defineOp<{ axis: number }>({
  id: 'logSoftmax',
  infer: ([x]) => ({ shape: x.shape, dtype: x.dtype }),
});

function FUSED_CASES(): KernelCase[] {
  const sgd = (opts: T.SgdUpdateOptions, seed: number) => () => {
    const r = T.sgdUpdate(
      rn([5, 7], seed),
      rn([5, 7], seed + 1),
      opts.momentum ? rn([5, 7], seed + 2) : null,
      opts,
    );
    return r.buffer ? T.stack([r.param, r.buffer]) : r.param;
  };
  const logSoftmax = (shape: number[], axis: number, seed: number) => () =>
    reference
      ? T.logSoftmax(rn(shape, seed, 3), axis)
      : T.runOp(LOG_SOFTMAX_KERNEL, [rn(shape, seed, 3)], {
          axis: axis < 0 ? shape.length + axis : axis,
        });
  return [
    { name: 'sgdUpdate without momentum', kernels: ['sgdUpdate'], run: sgd({ lr: 0.1 }, 160) },
    {
      name: 'sgdUpdate with momentum',
      kernels: ['sgdUpdate'],
      run: sgd({ lr: 0.05, momentum: 0.9 }, 163),
    },
    {
      name: 'sgdUpdate, Nesterov with dampening',
      kernels: ['sgdUpdate'],
      run: sgd({ lr: 0.05, momentum: 0.8, dampening: 0.1, nesterov: true }, 166),
    },
    ...[1, 3, 50].map((step) => ({
      name: `adamUpdate at step ${step}`,
      kernels: ['adamUpdate'],
      run: () => {
        const r = T.adamUpdate(
          rn([4, 9], 170),
          rn([4, 9], 171),
          rn([4, 9], 172, 0.1),
          T.abs(rn([4, 9], 173, 0.1)),
          {
            lr: 1e-3,
            beta1: 0.9,
            beta2: 0.999,
            epsilon: 1e-7,
            step,
          },
        );
        return T.stack([r.param, r.m, r.v]);
      },
    })),
    {
      name: 'logSoftmax kernel, last axis',
      kernels: ['logSoftmax'],
      reduce: 10,
      run: logSoftmax([6, 10], -1, 180),
    },
    {
      name: 'logSoftmax kernel, middle axis',
      kernels: ['logSoftmax'],
      reduce: 5,
      run: logSoftmax([3, 5, 4], 1, 181),
    },
    {
      name: 'logSoftmax kernel, long rows (two kernels)',
      kernels: ['logSoftmax'],
      reduce: 300,
      run: logSoftmax([3, 300], 1, 182),
    },
    ...(['relu', 'linear'] as const).map((activation) => ({
      name: `fusedMatmul with bias, ${activation}`,
      kernels: ['fusedMatmul'],
      reduce: 33,
      run: () =>
        T.fusedMatmul(rn([7, 33], 190), rn([33, 5], 191), { bias: rn([5], 192), activation }),
    })),
    {
      name: 'fusedMatmul without bias, relu, and NaN through relu',
      kernels: ['fusedMatmul'],
      reduce: 3,
      run: () =>
        T.fusedMatmul(
          ft([
            [1, 2, 3],
            [4, 5, 6],
          ]),
          ft([
            [7, -8],
            [-9, Number.NaN],
            [11, -12],
          ]),
          { activation: 'relu' },
        ),
    },
    {
      name: 'softmaxCrossEntropy, 10 classes',
      kernels: ['softmaxCrossEntropy'],
      reduce: 10,
      run: () =>
        T.softmaxCrossEntropy(
          rn([9, 10], 195, 3),
          T.tensor([0, 9, 3, 3, 5, 1, 2, 8, 7], [9], 'int32'),
        ),
    },
    {
      name: 'softmaxCrossEntropy with large logits and -Infinity',
      kernels: ['softmaxCrossEntropy'],
      run: () =>
        T.softmaxCrossEntropy(
          ft([
            [1000, 1000, -1e4],
            [0, -Infinity, 0],
            [-Infinity, 2, 1],
          ]),
          T.tensor([1, 2, 1], [3], 'int32'),
        ),
    },
    {
      name: 'reluGrad with zeros and a NaN in dy',
      kernels: ['reluGrad'],
      run: () => T.reluGrad(ft([1, -2, Number.NaN, 4, 5, -0.5]), ft([-1, 0, 3, 2, -0, 1e-30])),
    },
    {
      name: 'logSoftmax kernel with -Infinity and a NaN',
      kernels: ['logSoftmax'],
      run: () => {
        const x = ft([
          [-Infinity, 0, 1],
          [-Infinity, -Infinity, -Infinity],
          [1, Number.NaN, 2],
        ]);
        return reference ? T.logSoftmax(x) : T.runOp(LOG_SOFTMAX_KERNEL, [x], { axis: 1 });
      },
    },
  ];
}

/** conv2d and its gradients over the geometries that matter: strides, 'same' padding, dilation, 1×1. */
function CONV_CASES(): KernelCase[] {
  const geometries: {
    name: string;
    x: number[];
    f: number[];
    opts: T.Conv2dOptions;
  }[] = [
    { name: "3x2 filter, 'valid'", x: [2, 7, 6, 3], f: [3, 2, 3, 4], opts: {} },
    {
      name: "3x3, strides [2,1], 'same'",
      x: [1, 8, 9, 2],
      f: [3, 3, 2, 5],
      opts: { strides: [2, 1], padding: 'same' },
    },
    {
      name: "2x3, strides 2, 'same', odd padding",
      x: [2, 5, 6, 1],
      f: [2, 3, 1, 3],
      opts: { strides: 2, padding: 'same' },
    },
    { name: 'dilation 2', x: [1, 9, 8, 2], f: [3, 2, 2, 3], opts: { dilation: 2 } },
    { name: '1x1 pointwise', x: [3, 4, 4, 6], f: [1, 1, 6, 5], opts: {} },
  ];
  const cases: KernelCase[] = [];
  geometries.forEach((g, k) => {
    const seed = 100 + 4 * k;
    const probe = T.conv2d(T.zeros(g.x), T.zeros(g.f), g.opts).shape;
    const [kh, kw, c, f] = g.f;
    cases.push(
      {
        name: `conv2d, ${g.name}`,
        kernels: ['conv2d'],
        reduce: kh * kw * c,
        run: () => T.conv2d(rn(g.x, seed), rn(g.f, seed + 1), g.opts),
      },
      {
        name: `conv2dBackpropInput, ${g.name}`,
        kernels: ['conv2dBackpropInput'],
        reduce: kh * kw * f,
        run: () => T.conv2dBackpropInput(rn(probe, seed + 2), rn(g.f, seed + 1), g.x, g.opts),
      },
      {
        name: `conv2dBackpropFilter, ${g.name}`,
        kernels: ['conv2dBackpropFilter'],
        reduce: probe[0] * probe[1] * probe[2],
        run: () => T.conv2dBackpropFilter(rn(g.x, seed), rn(probe, seed + 2), g.f, g.opts),
      },
    );
  });
  cases.push({
    name: 'conv2dBackpropFilter with a long reduction (two-pass on GL)',
    kernels: ['conv2dBackpropFilter'],
    reduce: 8 * 24 * 24,
    run: () =>
      T.conv2dBackpropFilter(rn([8, 26, 26, 2], 140), rn([8, 24, 24, 4], 141), [3, 3, 2, 4]),
  });
  return cases;
}

/** Pooling and its gradients: overlapping windows, 'same' padding, ties (first maximum wins). */
function POOL_CASES(): KernelCase[] {
  const geometries: { name: string; x: number[]; opts: T.Pool2dOptions }[] = [
    { name: '2x2', x: [2, 6, 6, 3], opts: { poolSize: 2 } },
    {
      name: "3x3, strides 2, 'same'",
      x: [1, 7, 8, 2],
      opts: { poolSize: 3, strides: 2, padding: 'same' },
    },
    {
      name: '3x2, strides 1 (overlapping)',
      x: [2, 5, 6, 2],
      opts: { poolSize: [3, 2], strides: 1 },
    },
  ];
  const cases: KernelCase[] = [];
  geometries.forEach((g, k) => {
    const seed = 200 + 4 * k;
    const probe = T.maxPool2d(T.zeros(g.x), g.opts).shape;
    // Rounded to quarters so windows have tied maxima.
    const xq = () => T.div(T.round(T.mul(rn(g.x, seed), 4)), 4);
    const cells = g.x[1] * g.x[2];
    cases.push(
      {
        name: `maxPool2d, ${g.name}, with ties`,
        kernels: ['maxPool2d'],
        run: () => T.maxPool2d(xq(), g.opts),
      },
      {
        name: `maxPool2dGrad, ${g.name}, with ties`,
        kernels: ['maxPool2dGrad'],
        reduce: cells,
        run: () => T.maxPool2dGrad(xq(), rn(probe, seed + 1), g.opts),
      },
      {
        name: `maxPool2dGradGrad (gradient of maxPool2dGrad in dy), ${g.name}`,
        kernels: ['maxPool2dGradGrad', 'maxPool2dGrad'],
        run: () => {
          const x = xq();
          const w = rn(g.x, seed + 2);
          const [, gdy] = valueAndGrad((dy: Tensor) =>
            T.sum(T.mul(T.maxPool2dGrad(x, dy, g.opts), w)),
          )(rn(probe, seed + 1));
          return gdy;
        },
      },
      {
        name: `avgPool2d, ${g.name}`,
        kernels: ['avgPool2d'],
        reduce: cells,
        run: () => T.avgPool2d(rn(g.x, seed), g.opts),
      },
      {
        name: `avgPool2dGrad, ${g.name}`,
        kernels: ['avgPool2dGrad'],
        reduce: cells,
        run: () => T.avgPool2dGrad(rn(probe, seed + 1), g.x, g.opts),
      },
    );
  });
  return cases;
}

/**
 * `null` when every element of `actual` is within {@link tolerance} of `expected` (NaN matches
 * NaN, equal infinities match), otherwise the first element that is not.
 */
export function close(
  actual: ArrayLike<number>,
  expected: ArrayLike<number>,
  opts: { rtol?: number; atol?: number; reduce?: number } = {},
): string | null {
  if (actual.length !== expected.length) return `length ${actual.length} vs ${expected.length}`;
  let maxAbs = 0;
  for (let i = 0; i < expected.length; i++)
    if (Number.isFinite(expected[i])) maxAbs = Math.max(maxAbs, Math.abs(expected[i]));
  for (let i = 0; i < expected.length; i++) {
    const a = actual[i];
    const e = expected[i];
    if (Number.isNaN(e) && Number.isNaN(a)) continue;
    if (a === e) continue;
    const tol = tolerance(e, maxAbs, opts);
    if (!(Math.abs(a - e) <= tol))
      return `index ${i}: got ${a}, expected ${e} (|diff| ${Math.abs(a - e).toExponential(2)} > tolerance ${tol.toExponential(2)})`;
  }
  return null;
}
