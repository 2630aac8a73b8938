import type { DType } from '../dtype.js';
import { formatShape } from '../errors.js';
import type { Tensor } from '../tensor.js';

/**
 * Assertions for the conformance suite and for tests of code built on tensors. They throw plain
 * `Error`s with descriptive messages, so they work under any test runner (vitest, jest, mocha,
 * node:test, a browser page).
 */

/** Absolute and relative tolerance: `|actual − expected| <= atol + rtol·|expected|`. */
export interface Tolerance {
  /** Absolute tolerance (default 1e-5). */
  atol?: number;
  /** Relative tolerance (default 0). */
  rtol?: number;
}

/** Expected values: a number, a boolean, nested arrays of them, or a typed array. */
export type Expected = number | boolean | ArrayLike<number> | readonly Expected[];

const MAX_SHOWN = 24;

function flatten(v: unknown, out: number[] = []): number[] {
  if (typeof v === 'number') out.push(v);
  else if (typeof v === 'boolean') out.push(v ? 1 : 0);
  else if (Array.isArray(v)) for (const x of v) flatten(x, out);
  else if (ArrayBuffer.isView(v)) {
    const a = v as unknown as ArrayLike<number>;
    for (let i = 0; i < a.length; i++) out.push(Number(a[i]));
  } else if (v !== null && typeof v === 'object' && 'length' in v) {
    const a = v as ArrayLike<unknown>;
    for (let i = 0; i < a.length; i++) flatten(a[i], out);
  } else throw new Error(`expected numbers, booleans or arrays of them, got ${String(v)}`);
  return out;
}

/** The shape of a nested plain array (a typed array counts as one axis). */
export function shapeOf(v: unknown): number[] {
  const shape: number[] = [];
  let cur: unknown = v;
  while (Array.isArray(cur) || ArrayBuffer.isView(cur)) {
    const a = cur as unknown as ArrayLike<unknown>;
    shape.push(a.length);
    if (a.length === 0) break;
    cur = a[0];
  }
  return shape;
}

function show(values: readonly number[]): string {
  const fmt = (x: number) => (Object.is(x, -0) ? '0' : String(x));
  if (values.length <= MAX_SHOWN) return `[${values.map(fmt).join(',')}]`;
  const head = values.slice(0, MAX_SHOWN / 2).map(fmt);
  const tail = values.slice(-MAX_SHOWN / 4).map(fmt);
  return `[${head.join(',')},...,${tail.join(',')}] (${values.length} values)`;
}

function same(a: number, b: number): boolean {
  return a === b || (Number.isNaN(a) && Number.isNaN(b));
}

/**
 * Checks that `actual` and `expected` hold the same number of values, each within tolerance.
 * NaN matches NaN and ±Infinity matches itself. Booleans count as 0 and 1.
 *
 * @throws {Error} like `expected [1,2,3] to be close to [1,2,4] (atol 1e-5): element 2 differs by 1`.
 * @example expectClose(await t.data(), [0.5, 0.25], { atol: 1e-6 });
 */
export function expectClose(actual: Expected, expected: Expected, tolerance: Tolerance = {}): void {
  const atol = tolerance.atol ?? 1e-5;
  const rtol = tolerance.rtol ?? 0;
  const a = flatten(actual);
  const e = flatten(expected);
  const tol = rtol > 0 ? `atol ${atol}, rtol ${rtol}` : `atol ${atol}`;
  if (a.length !== e.length) {
    throw new Error(
      `expected ${show(a)} to be close to ${show(e)} (${tol}): got ${a.length} values, expected ${e.length}`,
    );
  }
  for (let i = 0; i < a.length; i++) {
    if (same(a[i], e[i])) continue;
    const diff = Math.abs(a[i] - e[i]);
    if (Number.isFinite(e[i]) && diff <= atol + rtol * Math.abs(e[i])) continue;
    const why =
      Number.isNaN(diff) || !Number.isFinite(e[i])
        ? `element ${i} is ${a[i]}, expected ${e[i]}`
        : `element ${i} differs by ${diff}`;
    throw new Error(`expected ${show(a)} to be close to ${show(e)} (${tol}): ${why}`);
  }
}

/**
 * Checks that the values are exactly equal (NaN matches NaN; booleans count as 0 and 1).
 * @throws {Error} like `expected [1,0] to equal [1,1]: element 1 is 0, expected 1`.
 * @example expectEqual(await argmax(x).data(), [2]);
 */
export function expectEqual(actual: Expected, expected: Expected): void {
  const a = flatten(actual);
  const e = flatten(expected);
  if (a.length !== e.length)
    throw new Error(
      `expected ${show(a)} to equal ${show(e)}: got ${a.length} values, expected ${e.length}`,
    );
  for (let i = 0; i < a.length; i++) {
    if (!same(a[i], e[i]))
      throw new Error(
        `expected ${show(a)} to equal ${show(e)}: element ${i} is ${a[i]}, expected ${e[i]}`,
      );
  }
}

/**
 * Checks a shape (of a tensor, or a shape itself).
 * @throws {Error} like `expected shape [2,3], got [3,2]`.
 * @example expectShape(matmul(a, b), [2, 4]);
 */
export function expectShape(
  actual: { readonly shape: readonly number[] } | readonly number[],
  expected: readonly number[],
): void {
  const s = Array.isArray(actual)
    ? (actual as readonly number[])
    : (actual as { shape: readonly number[] }).shape;
  if (s.length !== expected.length || s.some((d, i) => d !== expected[i])) {
    throw new Error(`expected shape ${formatShape(expected)}, got ${formatShape(s)}`);
  }
}

/** Options of `expectTensor`. */
export interface ExpectTensorOptions extends Tolerance {
  /** The expected shape; inferred from nested `expected` arrays when omitted. */
  shape?: readonly number[];
  /** The expected dtype; not checked when omitted. */
  dtype?: DType;
  /** Compare exactly instead of within tolerance. */
  exact?: boolean;
}

/**
 * Reads a tensor with `await t.data()` (so it works on asynchronous backends) and checks its
 * shape, dtype and values.
 * @example await expectTensor(add(a, b), [[11, 21], [12, 22]], { dtype: 'float32' });
 */
export async function expectTensor(
  t: Tensor,
  expected: Expected,
  options: ExpectTensorOptions = {},
): Promise<void> {
  const shape = options.shape ?? (ArrayBuffer.isView(expected) ? undefined : shapeOf(expected));
  if (shape) expectShape(t, shape);
  if (options.dtype !== undefined && t.dtype !== options.dtype) {
    throw new Error(
      `expected dtype ${options.dtype}, got ${t.dtype} (shape ${formatShape(t.shape)})`,
    );
  }
  const values = await t.data();
  if (options.exact) expectEqual(values, expected);
  else expectClose(values, expected, options);
}

/**
 * Checks that `fn` throws an error whose message contains `message` (or matches it).
 * @throws {Error} when `fn` does not throw, or throws something else.
 * @example expectThrows(() => reshape(x, [7]), 'reshape: cannot reshape [2,3]');
 */
export function expectThrows(fn: () => unknown, message: string | RegExp): void {
  let error: unknown;
  try {
    fn();
  } catch (e) {
    error = e;
  }
  if (error === undefined)
    throw new Error(`expected an error matching ${String(message)}, but nothing was thrown`);
  const text = error instanceof Error ? error.message : String(error);
  const ok = typeof message === 'string' ? text.includes(message) : message.test(text);
  if (!ok)
    throw new Error(
      `expected an error matching ${JSON.stringify(String(message))}, got ${JSON.stringify(text)}`,
    );
}
