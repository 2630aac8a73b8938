import { type DType, isFloat, floatOf } from '../dtype.js';
import { DTypeError, ValueError } from '../errors.js';
import { type OpDef, defineOp, runOp } from '../op.js';
import type { Tensor } from '../tensor.js';
import {
  add,
  div,
  greater,
  greaterEqual,
  lessEqual,
  logicalAnd,
  mul,
  sub,
  where,
} from './binary.js';
import { cast } from './cast.js';
import { reluGrad } from './relu-grad.js';
import { scalarLike } from './util.js';

type DtypeRule = 'float' | 'same' | 'bool' | 'numeric';

function outDtype(op: string, x: DType, rule: DtypeRule): DType {
  if (rule === 'bool') return 'bool';
  if (rule === 'float') return floatOf(x);
  if (rule === 'numeric' && x === 'bool')
    throw new DTypeError(op, 'does not accept bool tensors; cast first');
  return x === 'bool' ? 'int32' : x;
}

/** Defines an elementwise op; `grad(x, y, attrs)` is dy/dx, multiplied by the upstream dy. */
function unaryOp<A = undefined>(
  id: string,
  rule: DtypeRule,
  grad?: (x: Tensor, y: Tensor, attrs: A) => Tensor,
): OpDef<A> {
  return defineOp<A>({
    id,
    infer: ([x]) => ({ shape: x.shape, dtype: outDtype(id, x.dtype, rule) }),
    backward: grad
      ? (dy, { inputs: [x], output, attrs }) => [mul(dy, grad(x, output, attrs))]
      : undefined,
  });
}

const NEG = unaryOp('neg', 'numeric', (x) => scalarLike(x, -1));
const ABS = unaryOp('abs', 'numeric', (x) => sign(x));
const SIGN = unaryOp('sign', 'numeric');
const EXP = unaryOp('exp', 'float', (_x, y) => y);
const LOG = unaryOp('log', 'float', (x) => reciprocal(x));
const LOG1P = unaryOp('log1p', 'float', (x) => reciprocal(add(x, 1)));
const EXPM1 = unaryOp('expm1', 'float', (_x, y) => add(y, 1));
const SQRT = unaryOp('sqrt', 'float', (_x, y) => div(0.5, y));
const RSQRT = unaryOp('rsqrt', 'float', (_x, y) => mul(-0.5, mul(y, square(y))));
const SQUARE = unaryOp('square', 'numeric', (x) => mul(x, 2));
const RECIPROCAL = unaryOp('reciprocal', 'float', (_x, y) => neg(square(y)));
const SIN = unaryOp('sin', 'float', (x) => cos(x));
const COS = unaryOp('cos', 'float', (x) => neg(sin(x)));
const TANH = unaryOp('tanh', 'float', (_x, y) => sub(1, square(y)));
const ERF = unaryOp('erf', 'float', (x) => mul(2 / Math.sqrt(Math.PI), exp(neg(square(x)))));
const SIGMOID = unaryOp('sigmoid', 'float', (_x, y) => mul(y, sub(1, y)));
// Its gradient is one fused op where the backend has the optional `reluGrad` kernel.
const RELU = defineOp({
  id: 'relu',
  infer: ([x]) => ({ shape: x.shape, dtype: outDtype('relu', x.dtype, 'numeric') }),
  backward: (dy, { inputs: [x] }) => [reluGrad(dy, x)],
});
const LEAKY_RELU = unaryOp<{ alpha: number }>('leakyRelu', 'float', (x, _y, { alpha }) =>
  where(greater(x, 0), scalarLike(x, 1), scalarLike(x, alpha)),
);
const ELU = unaryOp<{ alpha: number }>('elu', 'float', (x, y, { alpha }) =>
  where(greater(x, 0), scalarLike(x, 1), add(y, alpha)),
);
const SELU_ALPHA = 1.6732632423543772;
const SELU_SCALE = 1.0507009873554805;
const SELU = unaryOp('selu', 'float', (x) =>
  where(greater(x, 0), scalarLike(x, SELU_SCALE), mul(SELU_SCALE * SELU_ALPHA, exp(x))),
);
const INV_SQRT_2PI = 0.3989422804014327;
const GELU = unaryOp('gelu', 'float', (x) =>
  // d/dx x·Φ(x) = Φ(x) + x·φ(x)
  add(
    mul(0.5, add(1, erf(mul(x, Math.SQRT1_2)))),
    mul(x, mul(INV_SQRT_2PI, exp(mul(-0.5, square(x))))),
  ),
);
const SOFTPLUS = unaryOp('softplus', 'float', (x) => sigmoid(x));
const CLIP = unaryOp<{ min: number; max: number }>('clip', 'numeric', (x, _y, { min, max }) =>
  cast(logicalAnd(greaterEqual(x, min), lessEqual(x, max)), x.dtype),
);
const FLOOR = unaryOp('floor', 'same');
const CEIL = unaryOp('ceil', 'same');
const ROUND = unaryOp('round', 'same');
const IS_NAN = unaryOp('isNaN', 'bool');
const IS_FINITE = unaryOp('isFinite', 'bool');
const LOGICAL_NOT = unaryOp('logicalNot', 'bool');

/** −x. @example neg(tensor([1, -2])); // [-1, 2] */
export const neg = (x: Tensor): Tensor => runOp(NEG, [x], undefined);
/** |x|. The gradient at 0 is 0. @example abs(tensor([-1, 2])); // [1, 2] */
export const abs = (x: Tensor): Tensor => runOp(ABS, [x], undefined);
/** −1, 0 or 1 by sign (NaN stays NaN). Not differentiable. @example sign(tensor([-3, 0, 2])); */
export const sign = (x: Tensor): Tensor => runOp(SIGN, [x], undefined);
/** eˣ. @example exp(tensor([0, 1])); // [1, 2.7183] */
export const exp = (x: Tensor): Tensor => runOp(EXP, [x], undefined);
/** Natural logarithm. @example log(tensor([1, Math.E])); // [0, 1] */
export const log = (x: Tensor): Tensor => runOp(LOG, [x], undefined);
/** ln(1 + x), accurate near 0. @example log1p(tensor([1e-10])); */
export const log1p = (x: Tensor): Tensor => runOp(LOG1P, [x], undefined);
/** eˣ − 1, accurate near 0. @example expm1(tensor([1e-10])); */
export const expm1 = (x: Tensor): Tensor => runOp(EXPM1, [x], undefined);
/** √x. @example sqrt(tensor([4, 9])); // [2, 3] */
export const sqrt = (x: Tensor): Tensor => runOp(SQRT, [x], undefined);
/** 1/√x. @example rsqrt(tensor([4])); // [0.5] */
export const rsqrt = (x: Tensor): Tensor => runOp(RSQRT, [x], undefined);
/** x². @example square(tensor([3])); // [9] */
export const square = (x: Tensor): Tensor => runOp(SQUARE, [x], undefined);
/** 1/x. @example reciprocal(tensor([4])); // [0.25] */
export const reciprocal = (x: Tensor): Tensor => runOp(RECIPROCAL, [x], undefined);
/** sin x. @example sin(tensor([0])); */
export const sin = (x: Tensor): Tensor => runOp(SIN, [x], undefined);
/** cos x. @example cos(tensor([0])); */
export const cos = (x: Tensor): Tensor => runOp(COS, [x], undefined);
/** Hyperbolic tangent. @example tanh(tensor([0, 100])); // [0, 1] */
export const tanh = (x: Tensor): Tensor => runOp(TANH, [x], undefined);
/** The error function. @example erf(tensor([0, 1])); // [0, 0.8427] */
export const erf = (x: Tensor): Tensor => runOp(ERF, [x], undefined);
/**
 * 1/(1 + e⁻ˣ), computed without overflow for large |x|. A kernel rather than a composite for
 * numerical stability (the composite overflows e⁻ˣ for x ≪ 0).
 * @example sigmoid(tensor([0])); // [0.5]
 */
export const sigmoid = (x: Tensor): Tensor => runOp(SIGMOID, [x], undefined);
/**
 * max(x, 0), elementwise; same shape and dtype as `x` (float or int32).
 *
 * Conventions: the gradient at 0 is 0 (the subgradient PyTorch and TensorFlow use), and so is the
 * gradient at NaN; NaN propagates, `relu(NaN)` is NaN (as in PyTorch and TensorFlow, and as every
 * other op here), so a diverging model shows up as NaN instead of being hidden by zeros.
 * `relu(-0)` is +0.
 *
 * @throws {DTypeError} for a bool tensor.
 * @example
 * relu(tensor([-1, 0, 2])); // [0, 0, 2]
 * relu(tensor([Number.NaN])).item(); // NaN
 */
export const relu = (x: Tensor): Tensor => runOp(RELU, [x], undefined);
/** x for x > 0, αx otherwise (α = 0.2 by default, as in Keras). @example leakyRelu(tensor([-1]), 0.1); */
export const leakyRelu = (x: Tensor, alpha = 0.2): Tensor => runOp(LEAKY_RELU, [x], { alpha });
/** x for x > 0, α(eˣ − 1) otherwise. @example elu(tensor([-1, 1])); */
export const elu = (x: Tensor, alpha = 1): Tensor => runOp(ELU, [x], { alpha });
/** Scaled ELU with the self-normalizing constants of Klambauer et al. (2017). @example selu(tensor([1])); */
export const selu = (x: Tensor): Tensor => runOp(SELU, [x], undefined);
/** Gaussian error linear unit x·Φ(x), exact (erf) form. @example gelu(tensor([1])); // [0.8413] */
export const gelu = (x: Tensor): Tensor => runOp(GELU, [x], undefined);
/** ln(1 + eˣ), stable for large |x|. @example softplus(tensor([0])); // [0.6931] */
export const softplus = (x: Tensor): Tensor => runOp(SOFTPLUS, [x], undefined);
/**
 * Limits values to [min, max]. The gradient is 1 inside the range, including its ends, and 0
 * outside.
 * @example clip(tensor([-2, 0.5, 3]), 0, 1); // [0, 0.5, 1]
 */
export const clip = (x: Tensor, min: number, max: number): Tensor => {
  if (!(min <= max)) throw new ValueError('clip', `min must be <= max, got min=${min}, max=${max}`);
  return runOp(CLIP, [x], { min, max });
};
/** Rounds down. No gradient. @example floor(tensor([1.7])); // [1] */
export const floor = (x: Tensor): Tensor => runOp(FLOOR, [x], undefined);
/** Rounds up. No gradient. @example ceil(tensor([1.2])); // [2] */
export const ceil = (x: Tensor): Tensor => runOp(CEIL, [x], undefined);
/** Rounds half to even, like NumPy. No gradient. @example round(tensor([0.5, 1.5])); // [0, 2] */
export const round = (x: Tensor): Tensor => runOp(ROUND, [x], undefined);
/** True where x is NaN. @example isNaN(tensor([NaN, 1])); // [true, false] */
export const isNaN = (x: Tensor): Tensor => runOp(IS_NAN, [x], undefined);
/** True where x is neither infinite nor NaN. @example isFinite(tensor([Infinity, 1])); */
export const isFinite = (x: Tensor): Tensor => runOp(IS_FINITE, [x], undefined);
/** Logical not of a bool tensor (non-zero is true). @example logicalNot(tensor([true, false])); */
export const logicalNot = (x: Tensor): Tensor => runOp(LOGICAL_NOT, [x], undefined);

/** @internal Whether `x` can carry gradients. */
export function isDifferentiable(x: Tensor): boolean {
  return isFloat(x.dtype);
}
