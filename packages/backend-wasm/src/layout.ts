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

/**
 * Classifies an operand against the output shape: the same elements (`full`), one element
 * (`scalar`), the output's trailing axes repeated over the leading ones (`row`, a bias), or the
 * output's leading axes repeated across the trailing ones (`column`, `[M,1]`). `split` is the
 * axis where outer ends and inner begins. Anything else is undefined.
 */
function classify(shape: readonly number[], out: readonly number[]): Kind | undefined {
  const size = shape.reduce((p, d) => p * d, 1);
  const outSize = out.reduce((p, d) => p * d, 1);
  if (size === outSize) return { kind: 'full' };
  if (size === 1) return { kind: 'scalar' };
  const rank = out.length;
  const p = [...new Array<number>(rank - shape.length).fill(1), ...shape];
  let k = rank;
  while (k > 0 && p[k - 1] === out[k - 1]) k--;
  if (p.slice(0, k).every((d) => d === 1)) return { kind: 'row', split: k };
  k = 0;
  while (k < rank && p[k] === out[k]) k++;
  if (p.slice(k).every((d) => d === 1)) return { kind: 'column', split: k };
  return undefined;
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
  const splits = [ka, kb].flatMap((k) => ('split' in k ? [k.split] : []));
  if (splits.length === 2 && splits[0] !== splits[1]) return undefined;
  const split = splits[0] ?? 0;
  const outer = out.slice(0, split).reduce((p, d) => p * d, 1);
  const inner = out.slice(split).reduce((p, d) => p * d, 1);
  return { outer, inner, a: layout(ka, inner), b: layout(kb, inner) };
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
