import { toTensor, type TensorLike } from '../creation.js';
import { type DType, floatOf, upcast } from '../dtype.js';
import { DTypeError } from '../errors.js';
import { type OpDef, defineOp, runOp } from '../op.js';
import { broadcastShapes, shapesEqual } from '../shape.js';
import { Tensor } from '../tensor.js';
import { sum } from './reduce.js';
import { reshape } from './reshape.js';
import { cast } from './cast.js';
import { log, neg, square } from './unary.js';

type DtypeRule = 'upcast' | 'float' | 'bool';

/**
 * Sums a broadcast gradient back to the shape of the input it flowed from: the shared helper
 * every binary op's backward uses. `shape` must broadcast to `dy.shape`; the result has
 * `shape`.
 * @example
 * // An input of shape [2, 1] broadcast to [4, 2, 3]: each element got 4·3 gradients of 1
 * unbroadcast(ones([4, 2, 3]), [2, 1]).toArray(); // [[12], [12]]
 */
export function unbroadcast(dy: Tensor, shape: readonly number[]): Tensor {
  if (shapesEqual(dy.shape, shape)) return dy;
  const lead = dy.rank - shape.length;
  const axes: number[] = [];
  for (let i = 0; i < dy.rank; i++) if (i < lead || shape[i - lead] === 1) axes.push(i);
  return reshape(sum(dy, axes, true), shape);
}

function outDtype(a: DType, b: DType, rule: DtypeRule): DType {
  if (rule === 'bool') return 'bool';
  const t = upcast(a, b);
  if (rule === 'float') return floatOf(t);
  return t === 'bool' ? 'int32' : t;
}

function binaryOp(
  id: string,
  rule: DtypeRule,
  grads?: (dy: Tensor, a: Tensor, b: Tensor, y: Tensor) => [Tensor | null, Tensor | null],
): OpDef<undefined> {
  return defineOp({
    id,
    infer: ([a, b]) => ({
      shape: broadcastShapes(id, a.shape, b.shape),
      dtype: outDtype(a.dtype, b.dtype, rule),
    }),
    backward: grads
      ? (dy, { inputs: [a, b], output }) => {
          const [ga, gb] = grads(dy, a, b, output);
          return [ga && unbroadcast(ga, a.shape), gb && unbroadcast(gb, b.shape)];
        }
      : undefined,
  });
}

/** Makes tensors of both operands: a number takes the other operand's dtype (float if fractional). */
export function operands(op: string, a: TensorLike, b: TensorLike): [Tensor, Tensor] {
  const ta = a instanceof Tensor ? a : undefined;
  const tb = b instanceof Tensor ? b : undefined;
  if (!ta && !tb) return [toTensor(op, a), toTensor(op, b)];
  const like = (ta ?? tb)!.dtype;
  const dt = (v: TensorLike): DType =>
    typeof v === 'number' && !Number.isInteger(v) && (like === 'int32' || like === 'bool')
      ? 'float32'
      : like === 'bool'
        ? 'int32'
        : like;
  return [ta ?? toTensor(op, a, dt(a)), tb ?? toTensor(op, b, dt(b))];
}

const ADD = binaryOp('add', 'upcast', (dy) => [dy, dy]);
const SUB = binaryOp('sub', 'upcast', (dy) => [dy, neg(dy)]);
const MUL = binaryOp('mul', 'upcast', (dy, a, b) => [mul(dy, b), mul(dy, a)]);
const DIV = binaryOp('div', 'float', (dy, a, b) => [div(dy, b), neg(div(mul(dy, a), square(b)))]);
const POW = binaryOp('pow', 'float', (dy, a, b, y) => [
  mul(dy, mul(b, pow(a, sub(b, 1)))),
  // d/db aᵇ = aᵇ·ln a, taken as 0 where a <= 0 (undefined there).
  mul(dy, where(greater(a, 0), mul(y, log(a)), 0)),
]);
const MAXIMUM = binaryOp('maximum', 'upcast', (dy, a, b) => {
  const m = greaterEqual(a, b);
  return [where(m, dy, 0), where(m, 0, dy)];
});
const MINIMUM = binaryOp('minimum', 'upcast', (dy, a, b) => {
  const m = lessEqual(a, b);
  return [where(m, dy, 0), where(m, 0, dy)];
});
const EQUAL = binaryOp('equal', 'bool');
const NOT_EQUAL = binaryOp('notEqual', 'bool');
const LESS = binaryOp('less', 'bool');
const LESS_EQUAL = binaryOp('lessEqual', 'bool');
const GREATER = binaryOp('greater', 'bool');
const GREATER_EQUAL = binaryOp('greaterEqual', 'bool');
const LOGICAL_AND = binaryOp('logicalAnd', 'bool');
const LOGICAL_OR = binaryOp('logicalOr', 'bool');

const bin = (def: OpDef<undefined>) => (a: TensorLike, b: TensorLike) =>
  runOp(def, operands(def.id, a, b), undefined);

/** a + b with broadcasting. @example add(tensor([[1], [2]]), tensor([10, 20])); // [[11, 21], [12, 22]] */
export const add: (a: TensorLike, b: TensorLike) => Tensor = bin(ADD);
/** a − b with broadcasting. @example sub(tensor([3]), 1); // [2] */
export const sub: (a: TensorLike, b: TensorLike) => Tensor = bin(SUB);
/** a × b elementwise with broadcasting. @example mul(tensor([1, 2]), 3); // [3, 6] */
export const mul: (a: TensorLike, b: TensorLike) => Tensor = bin(MUL);
/** a ÷ b (true division: integers give float32). @example div(tensor([1]), 2); // [0.5] */
export const div: (a: TensorLike, b: TensorLike) => Tensor = bin(DIV);
/** aᵇ. The exponent's gradient is taken as 0 where a <= 0. @example pow(tensor([2]), 3); // [8] */
export const pow: (a: TensorLike, b: TensorLike) => Tensor = bin(POW);
/** Elementwise maximum; on ties the gradient goes to `a`. NaN propagates. @example maximum(tensor([1, 5]), 3); */
export const maximum: (a: TensorLike, b: TensorLike) => Tensor = bin(MAXIMUM);
/** Elementwise minimum; on ties the gradient goes to `a`. NaN propagates. @example minimum(tensor([1, 5]), 3); */
export const minimum: (a: TensorLike, b: TensorLike) => Tensor = bin(MINIMUM);
/** a == b → bool. @example equal(tensor([1, 2]), 2); // [false, true] */
export const equal: (a: TensorLike, b: TensorLike) => Tensor = bin(EQUAL);
/** a != b → bool. @example notEqual(tensor([1, 2]), 2); */
export const notEqual: (a: TensorLike, b: TensorLike) => Tensor = bin(NOT_EQUAL);
/** a < b → bool. @example less(tensor([1, 2]), 2); */
export const less: (a: TensorLike, b: TensorLike) => Tensor = bin(LESS);
/** a <= b → bool. @example lessEqual(tensor([1, 2]), 2); */
export const lessEqual: (a: TensorLike, b: TensorLike) => Tensor = bin(LESS_EQUAL);
/** a > b → bool. @example greater(tensor([1, 2]), 1); */
export const greater: (a: TensorLike, b: TensorLike) => Tensor = bin(GREATER);
/** a >= b → bool. @example greaterEqual(tensor([1, 2]), 2); */
export const greaterEqual: (a: TensorLike, b: TensorLike) => Tensor = bin(GREATER_EQUAL);
/** Logical and (non-zero is true) → bool. @example logicalAnd(tensor([true, true]), tensor([true, false])); */
export const logicalAnd: (a: TensorLike, b: TensorLike) => Tensor = bin(LOGICAL_AND);
/** Logical or (non-zero is true) → bool. @example logicalOr(tensor([false]), tensor([true])); */
export const logicalOr: (a: TensorLike, b: TensorLike) => Tensor = bin(LOGICAL_OR);

const WHERE = defineOp({
  id: 'where',
  infer: ([c, a, b]) => {
    if (a.dtype !== b.dtype) {
      throw new DTypeError('where', `branches must share a dtype, got ${a.dtype} and ${b.dtype}`);
    }
    const ab = broadcastShapes('where', a.shape, b.shape);
    return { shape: broadcastShapes('where', c.shape, ab), dtype: a.dtype };
  },
  backward: (dy, { inputs: [c, a, b] }) => [
    null,
    unbroadcast(where(c, dy, 0), a.shape),
    unbroadcast(where(c, 0, dy), b.shape),
  ],
});

/**
 * Picks `a` where `condition` is true (non-zero) and `b` elsewhere, with broadcasting of all
 * three. A number branch takes the other branch's dtype.
 * @example where(tensor([true, false]), tensor([1, 2]), 0); // [1, 0]
 */
export function where(condition: Tensor, a: TensorLike, b: TensorLike): Tensor {
  let [ta, tb] = operands('where', a, b);
  if (ta.dtype !== tb.dtype) {
    const t = upcast(ta.dtype, tb.dtype);
    ta = cast(ta, t);
    tb = cast(tb, t);
  }
  return runOp(WHERE, [condition, ta, tb], undefined);
}
