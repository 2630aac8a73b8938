// Fused optimizer updates (the optional kernels `adamUpdate` and `sgdUpdate` of
// @tsgrad/tensor): one pass over the parameter, its gradient and its state, where the chain of
// public ops walks them ~11 times. Every element goes through the same float32 operations, in
// the same order, as that chain (IEEE float32 +, −, ×, ÷ and √, correctly rounded in SIMD as in
// scalar code), so results are bit-identical to it. The outputs are stacked: out holds n
// elements of the new parameter, then n of each new state tensor.

// State that decays geometrically (a moment of a parameter whose gradient stays 0, such as
// the weights of an always-black MNIST border pixel) turns subnormal after a few hundred steps,
// and x86 CPUs take a slow microcode path for every subnormal operand or result: measured, it
// tripled the time of an Adam step mid-epoch. The state is stored as 0 instead, as the
// composites do (flushSubnormal in the tensor package's ops/fused-update.ts).

/** The smallest normal float32, 2⁻¹²⁶. */
const MIN_NORMAL: f32 = reinterpret<f32>(0x00800000);

/** x, or +0 when |x| is subnormal (NaN kept). */
function flush(x: f32): f32 {
  return Mathf.abs(x) < MIN_NORMAL ? 0 : x;
}

/** flush on each lane. */
function flush4(x: v128): v128 {
  return v128.andnot(x, f32x4.lt(f32x4.abs(x), f32x4.splat(MIN_NORMAL)));
}

/**
 * Adam: m′ = b1·m + c1·g, v′ = b2·v + c2·g², p′ = p − ((m′ / (√v′·s + eps)) · k), with
 * c1 = 1 − b1, c2 = 1 − b2, s = 1/√(1 − β2ᵗ) and k = lr/(1 − β1ᵗ) rounded to float32 by the host.
 */
export function adam(
  p: usize,
  g: usize,
  m: usize,
  v: usize,
  out: usize,
  n: i32,
  b1: f32,
  c1: f32,
  b2: f32,
  c2: f32,
  s: f32,
  eps: f32,
  k: f32,
): void {
  const bytes = (<usize>n) << 2;
  let om = out + bytes;
  let ov = om + bytes;
  const B1 = f32x4.splat(b1);
  const C1 = f32x4.splat(c1);
  const B2 = f32x4.splat(b2);
  const C2 = f32x4.splat(c2);
  const S = f32x4.splat(s);
  const E = f32x4.splat(eps);
  const K = f32x4.splat(k);
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const gi = v128.load(g);
    const mi = flush4(f32x4.add(f32x4.mul(v128.load(m), B1), f32x4.mul(gi, C1)));
    const vi = flush4(f32x4.add(f32x4.mul(v128.load(v), B2), f32x4.mul(f32x4.mul(gi, gi), C2)));
    const d = f32x4.add(f32x4.mul(f32x4.sqrt(vi), S), E);
    v128.store(out, f32x4.sub(v128.load(p), f32x4.mul(f32x4.div(mi, d), K)));
    v128.store(om, mi);
    v128.store(ov, vi);
    p += 16;
    g += 16;
    m += 16;
    v += 16;
    out += 16;
    om += 16;
    ov += 16;
  }
  for (; i < n; i++) {
    const gi = load<f32>(g);
    const mi = flush(load<f32>(m) * b1 + gi * c1);
    const vi = flush(load<f32>(v) * b2 + gi * gi * c2);
    const d = Mathf.sqrt(vi) * s + eps;
    store<f32>(out, load<f32>(p) - (mi / d) * k);
    store<f32>(om, mi);
    store<f32>(ov, vi);
    p += 4;
    g += 4;
    m += 4;
    v += 4;
    out += 4;
    om += 4;
    ov += 4;
  }
}

/**
 * SGD. Without momentum (`b` unused): p′ = p − g·lr. With it: b′ = b·mu + (damped ? g·keep : g),
 * p′ = p − dir·lr with dir = nesterov ? g + b′·mu : b′; out holds p′ then b′.
 */
export function sgd(
  p: usize,
  g: usize,
  b: usize,
  out: usize,
  n: i32,
  lr: f32,
  momentum: i32,
  mu: f32,
  damped: i32,
  keep: f32,
  nesterov: i32,
): void {
  const LR = f32x4.splat(lr);
  let i = 0;
  if (!momentum) {
    for (; i + 4 <= n; i += 4) {
      v128.store(out, f32x4.sub(v128.load(p), f32x4.mul(v128.load(g), LR)));
      p += 16;
      g += 16;
      out += 16;
    }
    for (; i < n; i++) {
      store<f32>(out, load<f32>(p) - load<f32>(g) * lr);
      p += 4;
      g += 4;
      out += 4;
    }
    return;
  }
  let ob = out + ((<usize>n) << 2);
  const MU = f32x4.splat(mu);
  const KEEP = f32x4.splat(keep);
  for (; i + 4 <= n; i += 4) {
    const gi = v128.load(g);
    const bi = flush4(f32x4.add(f32x4.mul(v128.load(b), MU), damped ? f32x4.mul(gi, KEEP) : gi));
    const dir = nesterov ? f32x4.add(gi, f32x4.mul(bi, MU)) : bi;
    v128.store(out, f32x4.sub(v128.load(p), f32x4.mul(dir, LR)));
    v128.store(ob, bi);
    p += 16;
    g += 16;
    b += 16;
    out += 16;
    ob += 16;
  }
  for (; i < n; i++) {
    const gi = load<f32>(g);
    const bi = flush(load<f32>(b) * mu + (damped ? gi * keep : gi));
    const dir = nesterov ? gi + bi * mu : bi;
    store<f32>(out, load<f32>(p) - dir * lr);
    store<f32>(ob, bi);
    p += 4;
    g += 4;
    b += 4;
    out += 4;
    ob += 4;
  }
}
