// Small data-movement kernels on the training step's path: casts to float32, broadcasts over
// an [outer, inner] view, one-hot encoding. Exact: they only convert and copy.

/** out[i] = float32(x[i]) for x of bool bytes (kind 0), int32 (1, rounded to nearest) or float32 (2). */
export function castToF32(x: usize, kind: i32, out: usize, n: i32): void {
  let i = 0;
  if (kind === 0) {
    for (; i + 4 <= n; i += 4) {
      // Four bytes → four u32 lanes → four floats.
      const b = v128.load32_zero(x + <usize>i);
      const w = i32x4.extend_low_i16x8_u(i16x8.extend_low_i8x16_u(b));
      v128.store(out + ((<usize>i) << 2), f32x4.convert_i32x4_u(w));
    }
    for (; i < n; i++) store<f32>(out + ((<usize>i) << 2), <f32>load<u8>(x + <usize>i));
  } else if (kind === 1) {
    for (; i + 4 <= n; i += 4) {
      const at = (<usize>i) << 2;
      v128.store(out + at, f32x4.convert_i32x4_s(v128.load(x + at)));
    }
    for (; i < n; i++) {
      const at = (<usize>i) << 2;
      store<f32>(out + at, <f32>load<i32>(x + at));
    }
  } else {
    memory.copy(out, x, (<usize>n) << 2);
  }
}

/** out[o, j] = a[o·sAo + j·sAi] (element strides; 0 repeats). */
export function broadcast(a: usize, sAo: i32, sAi: i32, out: usize, outer: i32, inner: i32): void {
  for (let o = 0; o < outer; o++) {
    const row = a + ((<usize>o * sAo) << 2);
    let po = out + ((<usize>o * inner) << 2);
    if (sAi === 0) {
      const v = load<f32>(row);
      const vv = f32x4.splat(v);
      let j = 0;
      for (; j + 4 <= inner; j += 4, po += 16) v128.store(po, vv);
      for (; j < inner; j++, po += 4) store<f32>(po, v);
    } else {
      memory.copy(po, row, (<usize>inner) << 2);
    }
  }
}

/** out[i, idx[i]] = on, off elsewhere, for int32 indices (out of range: a row of off). */
export function oneHot(idx: usize, n: i32, depth: i32, on: f32, off: f32, out: usize): void {
  const total = <usize>n * depth;
  const vv = f32x4.splat(off);
  let i: usize = 0;
  for (; i + 4 <= total; i += 4) v128.store(out + (i << 2), vv);
  for (; i < total; i++) store<f32>(out + (i << 2), off);
  for (let r = 0; r < n; r++) {
    const k = load<i32>(idx + ((<usize>r) << 2));
    if (k >= 0 && k < depth) store<f32>(out + ((<usize>r * depth + k) << 2), on);
  }
}
