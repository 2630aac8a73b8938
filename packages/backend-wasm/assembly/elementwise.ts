// Elementwise float32 kernels with WebAssembly SIMD. Each one sees its operands as
// [outer, inner] matrices addressed by element strides, which covers same-shape operands,
// scalars, a row broadcast down the rows ([M,N] + [N], a bias) and a column broadcast across
// them ([M,N] · [M,1]); the host sends every other broadcast to the TypeScript kernel.
//
// add/sub/mul/div round exactly like the TypeScript kernels (an f32 operation equals the f64
// one rounded to f32 for these four), so results are bit-identical to the reference.

/** Op codes of `binary`. */
const ADD = 0;
const SUB = 1;
const MUL = 2;

function vop(op: i32, x: v128, y: v128): v128 {
  if (op === ADD) return f32x4.add(x, y);
  if (op === SUB) return f32x4.sub(x, y);
  if (op === MUL) return f32x4.mul(x, y);
  return f32x4.div(x, y);
}

function sop(op: i32, x: f32, y: f32): f32 {
  if (op === ADD) return x + y;
  if (op === SUB) return x - y;
  if (op === MUL) return x * y;
  return x / y;
}

/**
 * out[o, j] = a[o·sAo + j·sAi] (op) b[o·sBo + j·sBi] for o < outer, j < inner, with the inner
 * strides 0 or 1. op: 0 add, 1 sub, 2 mul, 3 div.
 */
export function binary(
  op: i32,
  a: usize,
  sAo: i32,
  sAi: i32,
  b: usize,
  sBo: i32,
  sBi: i32,
  out: usize,
  outer: i32,
  inner: i32,
): void {
  for (let o = 0; o < outer; o++) {
    let pa = a + ((<usize>o * sAo) << 2);
    let pb = b + ((<usize>o * sBo) << 2);
    let po = out + ((<usize>o * inner) << 2);
    let j = 0;
    if (sAi === 1 && sBi === 1) {
      for (; j + 8 <= inner; j += 8) {
        v128.store(po, vop(op, v128.load(pa), v128.load(pb)));
        v128.store(po, vop(op, v128.load(pa, 16), v128.load(pb, 16)), 16);
        pa += 32;
        pb += 32;
        po += 32;
      }
    } else if (sAi === 1) {
      const vb = v128.load32_splat(pb);
      for (; j + 8 <= inner; j += 8) {
        v128.store(po, vop(op, v128.load(pa), vb));
        v128.store(po, vop(op, v128.load(pa, 16), vb), 16);
        pa += 32;
        po += 32;
      }
    } else if (sBi === 1) {
      const va = v128.load32_splat(pa);
      for (; j + 8 <= inner; j += 8) {
        v128.store(po, vop(op, va, v128.load(pb)));
        v128.store(po, vop(op, va, v128.load(pb, 16)), 16);
        pb += 32;
        po += 32;
      }
    }
    const da = (<usize>sAi) << 2;
    const db = (<usize>sBi) << 2;
    for (; j < inner; j++) {
      store<f32>(po, sop(op, load<f32>(pa), load<f32>(pb)));
      pa += da;
      pb += db;
      po += 4;
    }
  }
}

/**
 * out[i] = x[i] > 0 || x[i] is NaN ? x[i] : 0 (NaN propagates and -0 gives +0, as in the
 * TypeScript kernel).
 */
export function relu(x: usize, out: usize, n: i32): void {
  const zero = f32x4.splat(0);
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const v = v128.load(x);
    v128.store(out, v128.and(v, v128.or(f32x4.gt(v, zero), f32x4.ne(v, v))));
    x += 16;
    out += 16;
  }
  for (; i < n; i++) {
    const v = load<f32>(x);
    store<f32>(out, select<f32>(v, 0, v > 0 || isNaN<f32>(v)));
    x += 4;
    out += 4;
  }
}

/**
 * c[i, j] = act(c[i, j] + bias[j]) in place over a [rows, n] matrix: the epilogue of the
 * optional kernel `fusedMatmul`, run on the GEMM's output while it is still in cache. `bias` 0
 * adds nothing; `relu` 1 applies ReLU as `relu` does (NaN stays NaN, −0 becomes 0).
 */
export function biasActivation(c: usize, bias: usize, rows: i32, n: i32, relu: i32): void {
  const zero = f32x4.splat(0);
  for (let r = 0; r < rows; r++) {
    let b = bias;
    let j = 0;
    for (; j + 4 <= n; j += 4) {
      let v = v128.load(c);
      if (bias) {
        v = f32x4.add(v, v128.load(b));
        b += 16;
      }
      if (relu) v = v128.and(v, v128.or(f32x4.gt(v, zero), f32x4.ne(v, v)));
      v128.store(c, v);
      c += 16;
    }
    for (; j < n; j++) {
      let v = load<f32>(c);
      if (bias) {
        v += load<f32>(b);
        b += 4;
      }
      if (relu) v = select<f32>(v, 0, v > 0 || isNaN<f32>(v));
      store<f32>(c, v);
      c += 4;
    }
  }
}

/**
 * out[i] = dy[i] · (x[i] > 0 ? 1 : 0): the gradient of relu (the optional kernel `reluGrad`),
 * a real product as in the composite, so NaN in dy stays NaN and −dy·0 gives −0.
 */
export function reluGrad(dy: usize, x: usize, out: usize, n: i32): void {
  const zero = f32x4.splat(0);
  const one = f32x4.splat(1);
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const m = v128.and(f32x4.gt(v128.load(x), zero), one);
    v128.store(out, f32x4.mul(v128.load(dy), m));
    dy += 16;
    x += 16;
    out += 16;
  }
  for (; i < n; i++) {
    store<f32>(out, load<f32>(dy) * (load<f32>(x) > 0 ? <f32>1 : <f32>0));
    dy += 4;
    x += 4;
    out += 4;
  }
}

/**
 * out[o, j] = Σ_r x[o, r, j] over an [outer, red, inner] view, accumulated in f64 like the
 * TypeScript kernel. `acc` is scratch for `inner` f64 values.
 */
export function sum(x: usize, out: usize, outer: i32, red: i32, inner: i32, acc: usize): void {
  if (inner === 1) {
    for (let o = 0; o < outer; o++) {
      let s0 = f64x2.splat(0);
      let s1 = f64x2.splat(0);
      let r = 0;
      for (; r + 4 <= red; r += 4) {
        const v = v128.load(x);
        s0 = f64x2.add(s0, f64x2.promote_low_f32x4(v));
        s1 = f64x2.add(s1, f64x2.promote_low_f32x4(v128.shuffle<f32>(v, v, 2, 3, 2, 3)));
        x += 16;
      }
      const s = f64x2.add(s0, s1);
      let t = f64x2.extract_lane(s, 0) + f64x2.extract_lane(s, 1);
      for (; r < red; r++) {
        t += <f64>load<f32>(x);
        x += 4;
      }
      store<f32>(out, <f32>t);
      out += 4;
    }
    return;
  }
  for (let o = 0; o < outer; o++) {
    memory.fill(acc, 0, (<usize>inner) << 3);
    for (let r = 0; r < red; r++) {
      let p = acc;
      let j = 0;
      for (; j + 4 <= inner; j += 4) {
        const v = v128.load(x);
        v128.store(p, f64x2.add(v128.load(p), f64x2.promote_low_f32x4(v)));
        v128.store(
          p,
          f64x2.add(v128.load(p, 16), f64x2.promote_low_f32x4(v128.shuffle<f32>(v, v, 2, 3, 2, 3))),
          16,
        );
        x += 16;
        p += 32;
      }
      for (; j < inner; j++) {
        store<f64>(p, load<f64>(p) + <f64>load<f32>(x));
        x += 4;
        p += 8;
      }
    }
    for (let j = 0; j < inner; j++) {
      store<f32>(out, <f32>load<f64>(acc + ((<usize>j) << 3)));
      out += 4;
    }
  }
}

function vcmp(op: i32, x: v128, y: v128): v128 {
  if (op === 0) return f32x4.eq(x, y);
  if (op === 1) return f32x4.ne(x, y);
  if (op === 2) return f32x4.lt(x, y);
  if (op === 3) return f32x4.le(x, y);
  if (op === 4) return f32x4.gt(x, y);
  return f32x4.ge(x, y);
}

function scmp(op: i32, x: f32, y: f32): bool {
  if (op === 0) return x === y;
  if (op === 1) return x !== y;
  if (op === 2) return x < y;
  if (op === 3) return x <= y;
  if (op === 4) return x > y;
  return x >= y;
}

/** Four lane masks (all ones or zero) → sixteen bytes of 1 or 0. */
function bytes16(m0: v128, m1: v128, m2: v128, m3: v128): v128 {
  const lo = i16x8.narrow_i32x4_s(m0, m1);
  const hi = i16x8.narrow_i32x4_s(m2, m3);
  return v128.and(i8x16.narrow_i16x8_s(lo, hi), i8x16.splat(1));
}

/**
 * Comparisons of float32 operands into bool bytes (1 or 0), over the same [outer, inner]
 * strided view as `binary`. op: 0 equal, 1 notEqual, 2 less, 3 lessEqual, 4 greater,
 * 5 greaterEqual. NaN compares false except in notEqual, as in JavaScript.
 */
export function compare(
  op: i32,
  a: usize,
  sAo: i32,
  sAi: i32,
  b: usize,
  sBo: i32,
  sBi: i32,
  out: usize,
  outer: i32,
  inner: i32,
): void {
  const da = (<usize>sAi) << 2;
  const db = (<usize>sBi) << 2;
  for (let o = 0; o < outer; o++) {
    let pa = a + ((<usize>o * sAo) << 2);
    let pb = b + ((<usize>o * sBo) << 2);
    let po = out + <usize>o * inner;
    let j = 0;
    if (sAi === 1 || sBi === 1) {
      // Sixteen at a time; a broadcast operand (inner stride 0) is one splatted value.
      const va = v128.load32_splat(pa);
      const vb = v128.load32_splat(pb);
      for (; j + 16 <= inner; j += 16) {
        const x0 = sAi ? v128.load(pa) : va;
        const x1 = sAi ? v128.load(pa, 16) : va;
        const x2 = sAi ? v128.load(pa, 32) : va;
        const x3 = sAi ? v128.load(pa, 48) : va;
        const y0 = sBi ? v128.load(pb) : vb;
        const y1 = sBi ? v128.load(pb, 16) : vb;
        const y2 = sBi ? v128.load(pb, 32) : vb;
        const y3 = sBi ? v128.load(pb, 48) : vb;
        v128.store(
          po,
          bytes16(vcmp(op, x0, y0), vcmp(op, x1, y1), vcmp(op, x2, y2), vcmp(op, x3, y3)),
        );
        pa += da << 4;
        pb += db << 4;
        po += 16;
      }
    }
    for (; j < inner; j++) {
      store<u8>(po, <u8>scmp(op, load<f32>(pa), load<f32>(pb)));
      pa += da;
      pb += db;
      po += 1;
    }
  }
}

/**
 * out[i] = f(x[i]) for the unary ops with one-instruction SIMD forms: 0 neg, 1 abs, 2 sqrt,
 * 3 square. Each rounds exactly as the TypeScript kernel does (sqrt and x·x of an f32 are
 * correctly rounded in both).
 */
export function unary(op: i32, x: usize, out: usize, n: i32): void {
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const v = v128.load(x);
    let r: v128;
    if (op === 0) r = f32x4.neg(v);
    else if (op === 1) r = f32x4.abs(v);
    else if (op === 2) r = f32x4.sqrt(v);
    else r = f32x4.mul(v, v);
    v128.store(out, r);
    x += 16;
    out += 16;
  }
  for (; i < n; i++) {
    const v = load<f32>(x);
    let r: f32;
    if (op === 0) r = -v;
    else if (op === 1) r = Mathf.abs(v);
    else if (op === 2) r = Mathf.sqrt(v);
    else r = v * v;
    store<f32>(out, r);
    x += 4;
    out += 4;
  }
}
