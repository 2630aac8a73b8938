import type { DType, TypedArray } from './dtype.js';

const EDGE = 3;
const THRESHOLD = 1000;

function fmt(v: number, dtype: DType, digits: number): string {
  if (dtype === 'bool') return v ? 'true' : 'false';
  if (dtype === 'int32') return String(v);
  if (Number.isNaN(v)) return 'nan';
  if (!Number.isFinite(v)) return v > 0 ? 'inf' : '-inf';
  if (Number.isInteger(v) && Math.abs(v) < 1e16) return `${v}.`;
  const abs = Math.abs(v);
  if (abs !== 0 && (abs < 1e-4 || abs >= 1e8)) return v.toExponential(digits);
  return Number(v.toFixed(digits)).toString();
}

/**
 * Prints values like NumPy: nested brackets, aligned columns, and `...` for the middle of
 * axes when there are more than 1000 elements.
 */
export function formatTensor(values: TypedArray, shape: readonly number[], dtype: DType): string {
  const size = values.length;
  const summarise = size > THRESHOLD;
  const digits = dtype === 'float64' ? 8 : 4;
  const strs = new Map<number, string>();
  let width = 0;
  const str = (i: number): string => {
    let s = strs.get(i);
    if (s === undefined) {
      s = fmt(values[i], dtype, digits);
      strs.set(i, s);
    }
    return s;
  };
  const indices = (n: number): (number | null)[] =>
    summarise && n > 2 * EDGE ? [...range(0, EDGE), null, ...range(n - EDGE, n)] : range(0, n);
  // First pass: the widest printed element among those shown, for alignment.
  const visit = (axis: number, offset: number, stride: number): void => {
    if (axis === shape.length) {
      width = Math.max(width, str(offset).length);
      return;
    }
    const inner = stride / shape[axis];
    for (const i of indices(shape[axis]))
      if (i !== null) visit(axis + 1, offset + i * inner, inner);
  };
  visit(0, 0, size);
  const render = (axis: number, offset: number, stride: number, indent: number): string => {
    if (axis === shape.length) return str(offset).padStart(width);
    const inner = stride / shape[axis];
    const parts = indices(shape[axis]).map((i) =>
      i === null ? '...' : render(axis + 1, offset + i * inner, inner, indent + 1),
    );
    const sep =
      axis === shape.length - 1
        ? ', '
        : `,${'\n'.repeat(shape.length - axis - 1)}${' '.repeat(indent + 1)}`;
    return `[${parts.join(sep)}]`;
  };
  const prefix = 'tensor(';
  const body = render(0, 0, size, prefix.length);
  const suffix = dtype === 'float32' ? '' : `, dtype=${dtype}`;
  return `${prefix}${body}${suffix})`;
}

function range(a: number, b: number): number[] {
  return Array.from({ length: b - a }, (_, i) => a + i);
}
