import type { Kernel } from '../../backend.js';
import { allocArray } from '../../dtype.js';
import { forEachBroadcast } from './broadcast.js';
import { erf, roundHalfEven } from './scalar-math.js';
import { CpuData, valuesOf } from './storage.js';

type Unary = (attrs: any) => (x: number) => number;
type Binary = (a: number, b: number) => number;

const SELU_ALPHA = 1.6732632423543772;
const SELU_SCALE = 1.0507009873554805;
const INV_SQRT2 = 0.7071067811865476;

/** Scalar definitions of every unary kernel: the executable spec other backends follow. */
export const UNARY: Record<string, Unary> = {
  neg: () => (x) => -x,
  abs: () => Math.abs,
  sign: () => (x) => (x > 0 ? 1 : x < 0 ? -1 : x === 0 ? 0 : Number.NaN),
  exp: () => Math.exp,
  log: () => Math.log,
  log1p: () => Math.log1p,
  expm1: () => Math.expm1,
  sqrt: () => Math.sqrt,
  rsqrt: () => (x) => 1 / Math.sqrt(x),
  square: () => (x) => x * x,
  reciprocal: () => (x) => 1 / x,
  sin: () => Math.sin,
  cos: () => Math.cos,
  tanh: () => Math.tanh,
  erf: () => erf,
  sigmoid: () => (x) => (x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x))),
  // NaN passes through (as in PyTorch and TensorFlow); -0 and negatives give +0.
  relu: () => (x) => (x > 0 || Number.isNaN(x) ? x : 0),
  leakyRelu:
    ({ alpha }) =>
    (x) =>
      x > 0 ? x : alpha * x,
  elu:
    ({ alpha }) =>
    (x) =>
      x > 0 ? x : alpha * Math.expm1(x),
  selu: () => (x) => (x > 0 ? SELU_SCALE * x : SELU_SCALE * SELU_ALPHA * Math.expm1(x)),
  gelu: () => (x) => 0.5 * x * (1 + erf(x * INV_SQRT2)),
  softplus: () => (x) => Math.max(x, 0) + Math.log1p(Math.exp(-Math.abs(x))),
  clip:
    ({ min, max }) =>
    (x) =>
      x < min ? min : x > max ? max : x,
  floor: () => Math.floor,
  ceil: () => Math.ceil,
  round: () => roundHalfEven,
  isNaN: () => (x) => (Number.isNaN(x) ? 1 : 0),
  isFinite: () => (x) => (Number.isFinite(x) ? 1 : 0),
  logicalNot: () => (x) => (x ? 0 : 1),
  // Identity copy used by `cast` when only the storage class changes.
  cast: () => (x) => x,
};

/** Scalar definitions of every binary kernel. Comparisons yield 0/1 (bool). */
export const BINARY: Record<string, Binary> = {
  add: (a, b) => a + b,
  sub: (a, b) => a - b,
  mul: (a, b) => a * b,
  div: (a, b) => a / b,
  pow: (a, b) => a ** b,
  maximum: (a, b) => (a >= b || Number.isNaN(a) ? a : b),
  minimum: (a, b) => (a <= b || Number.isNaN(a) ? a : b),
  equal: (a, b) => (a === b ? 1 : 0),
  notEqual: (a, b) => (a !== b ? 1 : 0),
  less: (a, b) => (a < b ? 1 : 0),
  lessEqual: (a, b) => (a <= b ? 1 : 0),
  greater: (a, b) => (a > b ? 1 : 0),
  greaterEqual: (a, b) => (a >= b ? 1 : 0),
  logicalAnd: (a, b) => (a && b ? 1 : 0),
  logicalOr: (a, b) => (a || b ? 1 : 0),
};

function unaryKernel(make: Unary): Kernel {
  return ({ inputs, attrs, outDtype }) => {
    const x = valuesOf(inputs[0].dataId);
    const f = make(attrs);
    const out = allocArray(outDtype, x.length);
    for (let i = 0; i < x.length; i++) out[i] = f(x[i]);
    return new CpuData(out, outDtype);
  };
}

function binaryKernel(f: Binary): Kernel {
  return ({ inputs, outShape, outDtype }) => {
    const [A, B] = inputs;
    const a = valuesOf(A.dataId);
    const b = valuesOf(B.dataId);
    const n = outShape.reduce((p, d) => p * d, 1);
    const out = allocArray(outDtype, n);
    if (a.length === n && b.length === n) {
      for (let i = 0; i < n; i++) out[i] = f(a[i], b[i]);
    } else if (b.length === 1 && a.length === n) {
      const bv = b[0];
      for (let i = 0; i < n; i++) out[i] = f(a[i], bv);
    } else if (a.length === 1 && b.length === n) {
      const av = a[0];
      for (let i = 0; i < n; i++) out[i] = f(av, b[i]);
    } else {
      forEachBroadcast(outShape, [A.shape, B.shape], (o, ia, ib) => {
        out[o] = f(a[ia], b[ib]);
      });
    }
    return new CpuData(out, outDtype);
  };
}

const where: Kernel = ({ inputs, outShape, outDtype }) => {
  const [C, A, B] = inputs;
  const c = valuesOf(C.dataId);
  const a = valuesOf(A.dataId);
  const b = valuesOf(B.dataId);
  const out = allocArray(
    outDtype,
    outShape.reduce((p, d) => p * d, 1),
  );
  forEachBroadcast(outShape, [C.shape, A.shape, B.shape], (o, ic, ia, ib) => {
    out[o] = c[ic] ? a[ia] : b[ib];
  });
  return new CpuData(out, outDtype);
};

const cast: Kernel = ({ inputs, outDtype }) => {
  const x = valuesOf(inputs[0].dataId);
  const out = allocArray(outDtype, x.length);
  // NaN is non-zero, so it casts to true (as in NumPy).
  if (outDtype === 'bool') for (let i = 0; i < x.length; i++) out[i] = x[i] !== 0 ? 1 : 0;
  else if (outDtype === 'int32') for (let i = 0; i < x.length; i++) out[i] = Math.trunc(x[i]);
  else out.set(x);
  return new CpuData(out, outDtype);
};

export const elementwiseKernels: Record<string, Kernel> = {
  ...Object.fromEntries(Object.entries(UNARY).map(([k, f]) => [k, unaryKernel(f)])),
  ...Object.fromEntries(Object.entries(BINARY).map(([k, f]) => [k, binaryKernel(f)])),
  where,
  cast,
};
