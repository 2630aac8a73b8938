/**
 * Source-text helpers for the generated gpu.js kernels. Every kernel writes a flat 1-D output
 * (2-D outputs are limited by the texture size) and works out its coordinates from the flat
 * index `o` with literal strides, so shapes are baked into the source: one compiled kernel per
 * op, shapes and input kinds, cached by the backend. Loop bounds are literals too (a bound
 * passed as an argument is capped at 1000 iterations by gpu.js).
 */

/** Row-major strides of a shape. */
export function stridesOf(shape: readonly number[]): number[] {
  const st = new Array<number>(shape.length);
  let acc = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    st[i] = acc;
    acc *= shape[i];
  }
  return st;
}

export function sizeOf(shape: readonly number[]): number {
  let n = 1;
  for (const d of shape) n *= d;
  return n;
}

/** A number as source text that parses back to the same float. */
export function lit(v: number): string {
  if (Number.isNaN(v)) return '(0 / 0)';
  if (v === Number.POSITIVE_INFINITY) return 'Infinity';
  if (v === Number.NEGATIVE_INFINITY) return '-Infinity';
  return Number.isInteger(v) ? String(v) : String(Math.fround(v));
}

/**
 * Lines that split the flat index held in `from` into coordinates `${p}0..${p}{r-1}` of
 * `shape`. Division is done as floor((x + 0.5) / d), which stays exact when the division is
 * evaluated in float32 (x is an integer, so (x + 0.5) / d is never within rounding of an integer).
 */
export function coordLines(shape: readonly number[], from: string, p: string): string[] {
  const r = shape.length;
  if (r === 0) return [];
  if (r === 1) return [`const ${p}0 = ${from};`];
  const st = stridesOf(shape);
  const lines = [`const ${p}r0 = ${from};`];
  for (let d = 0; d < r - 1; d++) {
    if (shape[d] === 1) {
      lines.push(`const ${p}${d} = 0;`, `const ${p}r${d + 1} = ${p}r${d};`);
    } else {
      lines.push(
        `const ${p}${d} = Math.floor((${p}r${d} + 0.5) / ${st[d]});`,
        `const ${p}r${d + 1} = ${p}r${d} - ${p}${d} * ${st[d]};`,
      );
    }
  }
  lines.push(`const ${p}${r - 1} = ${p}r${r - 1};`);
  return lines;
}

/** offset + Σ coord_d · stride_d as source, skipping zero strides. */
export function indexExpr(
  strides: readonly number[],
  p: string,
  offset = 0,
  coordNames?: readonly string[],
): string {
  const terms: string[] = [];
  if (offset !== 0) terms.push(String(offset));
  strides.forEach((s, d) => {
    if (s === 0) return;
    const c = coordNames ? coordNames[d] : `${p}${d}`;
    terms.push(s === 1 ? c : `${c} * ${s}`);
  });
  return terms.length === 0 ? '0' : terms.join(' + ');
}

/** Strides of `shape` aligned to an output of rank `rank` under broadcasting (0 where repeated). */
export function broadcastStrides(shape: readonly number[], outShape: readonly number[]): number[] {
  const rank = outShape.length;
  const st = stridesOf(shape);
  return outShape.map((_, i) => {
    const j = i - (rank - shape.length);
    return j < 0 || shape[j] === 1 ? 0 : st[j];
  });
}

/** Builds `function(x0, ..., p0, ...) { body }` for gpu.js. */
export function kernelSource(
  numInputs: number,
  numParams: number,
  body: readonly string[],
): string {
  const args = [
    ...Array.from({ length: numInputs }, (_, i) => `x${i}`),
    ...Array.from({ length: numParams }, (_, i) => `p${i}`),
  ];
  return `function(${args.join(', ')}) {\n  ${body.join('\n  ')}\n}`;
}
