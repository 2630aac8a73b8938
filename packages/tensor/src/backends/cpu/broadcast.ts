/**
 * Walks an output shape and the matching flat offsets into two or three broadcast inputs,
 * calling `body(outIndex, aIndex, bIndex, cIndex)` for each element. The innermost axis runs as
 * a tight loop with constant steps.
 */
export function forEachBroadcast(
  out: readonly number[],
  shapes: readonly (readonly number[])[],
  body: (o: number, ia: number, ib: number, ic: number) => void,
): void {
  const rank = out.length;
  const n = shapes.length;
  // Strides of each input aligned to the output's rank; 0 where the input is broadcast.
  const strides: number[][] = shapes.map((s) => {
    const st = new Array<number>(rank).fill(0);
    let acc = 1;
    for (let i = s.length - 1; i >= 0; i--) {
      const axis = rank - (s.length - i);
      st[axis] = s[i] === 1 ? 0 : acc;
      acc *= s[i];
    }
    return st;
  });
  const size = out.reduce((a, b) => a * b, 1);
  if (size === 0) return;
  if (rank === 0) {
    body(0, 0, 0, 0);
    return;
  }
  const inner = out[rank - 1];
  const sa = strides[0][rank - 1];
  const sb = n > 1 ? strides[1][rank - 1] : 0;
  const sc = n > 2 ? strides[2][rank - 1] : 0;
  const counter = new Array<number>(rank - 1).fill(0);
  const base = [0, 0, 0];
  for (let o = 0; o < size; o += inner) {
    let ia = base[0];
    let ib = base[1];
    let ic = base[2];
    for (let j = 0; j < inner; j++) {
      body(o + j, ia, ib, ic);
      ia += sa;
      ib += sb;
      ic += sc;
    }
    // Advance the odometer over the outer axes.
    for (let ax = rank - 2; ax >= 0; ax--) {
      counter[ax]++;
      for (let k = 0; k < n; k++) base[k] += strides[k][ax];
      if (counter[ax] < out[ax]) break;
      for (let k = 0; k < n; k++) base[k] -= strides[k][ax] * out[ax];
      counter[ax] = 0;
    }
  }
}
