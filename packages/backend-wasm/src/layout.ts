import type { OperandLayout } from './runtime.js';

/** How two broadcast operands map onto an [outer, inner] view of the output. */
export interface BinaryPlan {
  readonly outer: number;
  readonly inner: number;
  readonly a: OperandLayout;
  readonly b: OperandLayout;
}

type Kind =
  | { readonly kind: 'full' | 'scalar' }
  | { readonly kind: 'row' | 'column'; readonly split: number };

const FULL: Kind = { kind: 'full' };
const SCALAR: Kind = { kind: 'scalar' };

function product(shape: readonly number[], from = 0, to = shape.length): number {
  let p = 1;
  for (let i = from; i < to; i++) p *= shape[i];
  return p;
}

/**
 * Classifies an operand against the output shape: the same elements (`full`), one element
 * (`scalar`), the output's trailing axes repeated over the leading ones (`row`, a bias), or the
 * output's leading axes repeated across the trailing ones (`column`, `[M,1]`). `split` is the
 * axis where outer ends and inner begins. Anything else is undefined. (Runs on every binary op:
 * plain loops, no temporary arrays.)
 */
function classify(shape: readonly number[], out: readonly number[]): Kind | undefined {
  const size = product(shape);
  if (size === product(out)) return FULL;
  if (size === 1) return SCALAR;
  const rank = out.length;
  const lead = rank - shape.length;
  const dim = (i: number) => (i < lead ? 1 : shape[i - lead]);
  let k = rank;
  while (k > 0 && dim(k - 1) === out[k - 1]) k--;
  let ones = true;
  for (let i = 0; i < k && ones; i++) ones = dim(i) === 1;
  if (ones) return { kind: 'row', split: k };
  k = 0;
  while (k < rank && dim(k) === out[k]) k++;
  for (let i = k; i < rank; i++) if (dim(i) !== 1) return undefined;
  return { kind: 'column', split: k };
}

function layout(kind: Kind, inner: number): OperandLayout {
  switch (kind.kind) {
    case 'full':
      return { outer: inner, inner: 1 };
    case 'scalar':
      return { outer: 0, inner: 0 };
    case 'row':
      return { outer: 0, inner: 1 };
    case 'column':
      return { outer: 1, inner: 0 };
  }
}

/**
 * Plans a broadcast binary op as strided [outer, inner] loops, or returns undefined when the
 * broadcast needs a general walk (the TypeScript kernel does those).
 * @example planBinary([128, 64], [64], [128, 64]); // bias: b's rows repeat, outer 128 × inner 64
 */
export function planBinary(
  shapeA: readonly number[],
  shapeB: readonly number[],
  out: readonly number[],
): BinaryPlan | undefined {
  const ka = classify(shapeA, out);
  const kb = classify(shapeB, out);
  if (!ka || !kb) return undefined;
  const sa = 'split' in ka ? ka.split : -1;
  const sb = 'split' in kb ? kb.split : -1;
  if (sa >= 0 && sb >= 0 && sa !== sb) return undefined;
  const split = sa >= 0 ? sa : sb >= 0 ? sb : 0;
  const inner = product(out, split);
  return { outer: product(out, 0, split), inner, a: layout(ka, inner), b: layout(kb, inner) };
}

/**
 * outer × reduced × inner when the reduced axes are one contiguous run. No axes reduce nothing
 * (as in the CPU kernel): every element is its own output.
 */
export function reduceSplit(
  shape: readonly number[],
  axes: readonly number[],
): [number, number, number] | undefined {
  if (axes.length === 0) return [shape.reduce((p, d) => p * d, 1), 1, 1];
  const sorted = [...axes].sort((x, y) => x - y);
  for (let i = 1; i < sorted.length; i++) if (sorted[i] !== sorted[i - 1] + 1) return undefined;
  let outer = 1;
  let red = 1;
  let inner = 1;
  for (let i = 0; i < shape.length; i++) {
    if (i < sorted[0]) outer *= shape[i];
    else if (i <= sorted[sorted.length - 1]) red *= shape[i];
    else inner *= shape[i];
  }
  return [outer, red, inner];
}
