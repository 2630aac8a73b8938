/**
 * Scalar formulas of the elementwise kernels, as gpu.js source. They follow the CPU backend's
 * definitions (packages/tensor/src/backends/cpu/elementwise.ts), written with the Math functions
 * every gpu.js target has (GLSL lacks log1p, expm1, tanh in WebGL1, erf), so the accurate forms
 * are spelled out here. In GL modes NaN and ±Infinity follow the driver (Infinity is gpu.js's
 * FLT_MAX stand-in); in cpu and webasm modes they follow IEEE like the CPU backend.
 */

/** Helper functions added to every kernel (gpu.js compiles only those a kernel calls). */
export const HELPERS: readonly string[] = [
  `function gjTruthy(x) {
  return (x > 0 || x < 0) ? 1 : 0;
}`,
  // Taylor series near 0, where exp(x) - 1 and log(1 + x) cancel (and GL's exp/log are coarse).
  `function gjExpm1(x) {
  if (x > 0.1 || x < -0.1) {
    return Math.exp(x) - 1;
  }
  return x * (1 + x * (0.5 + x * (0.16666666666666666 + x * (0.041666666666666664 + x * (0.008333333333333333 + x * (0.001388888888888889 + x * 0.0001984126984126984))))));
}`,
  // exp as IEEE has it: SwiftShader's exp(NaN) is +Infinity, and its exp(-Infinity) ~6e-39
  // (float32 exp underflows to 0 below -104).
  `function gjExp(x) {
  if (x != x) {
    return x;
  }
  if (x < -104) {
    return 0;
  }
  return Math.exp(x);
}`,
  // log(±0) = -Infinity and log(NaN) = NaN: SwiftShader's log(0) is -88.03 and its log(NaN) ~88.7,
  // and gpu.js writes an Infinity literal as FLT_MAX, so the infinity comes from a division by
  // (the absolute value of) the zero itself.
  `function gjLog(x) {
  if (x != x) {
    return x;
  }
  if (x == 0) {
    return -1 / Math.abs(x);
  }
  return Math.log(x);
}`,
  `function gjLog1p(x) {
  if (x > 0.1 || x < -0.1) {
    return gjLog(1 + x);
  }
  return x * (1 - x * (0.5 - x * (0.3333333333333333 - x * (0.25 - x * (0.2 - x * (0.16666666666666666 - x * (0.14285714285714285 - x * 0.125)))))));
}`,
  `function gjTanh(x) {
  if (x > 9) {
    return 1;
  }
  if (x < -9) {
    return -1;
  }
  const e = gjExpm1(2 * x);
  return e / (e + 2);
}`,
  `function gjErf(x) {
  const ax = Math.abs(x);
  if (ax < 0.5) {
    const x2 = x * x;
    return 1.1283791670955126 * x * (1 - x2 * (0.3333333333333333 - x2 * (0.1 - x2 * (0.023809523809523808 - x2 * 0.004629629629629629))));
  }
  const t = 1 / (1 + 0.3275911 * ax);
  const y = 1 - ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t * Math.exp(-ax * ax);
  if (x < 0) {
    return -y;
  }
  return y;
}`,
  `function gjRound(x) {
  if (Math.abs(x) >= 8388608) {
    return x;
  }
  const r = Math.floor(x + 0.5);
  if (r - x == 0.5) {
    const h = r * 0.5;
    if (Math.floor(h) != h) {
      return r - 1;
    }
  }
  return r;
}`,
  `function gjPow(a, b) {
  if (b == 0) {
    return 1;
  }
  if (a > 0) {
    return Math.pow(a, b);
  }
  if (a == 0) {
    if (b > 0) {
      return 0;
    }
    return Infinity;
  }
  if (Math.floor(b) == b) {
    const m = Math.pow(-a, b);
    const h = b * 0.5;
    if (Math.floor(h) == h) {
      return m;
    }
    return -m;
  }
  return Math.sqrt(-1 - Math.abs(a));
}`,
  // sin and cos with our own range reduction and polynomials: some GL drivers' built-ins
  // (SwiftShader's, measured) are off by ~1e-4. k = nearest multiple of π/2 (π/2 split in two
  // parts), r in [-π/4, π/4], quadrant q = k mod 4.
  `function gjSinCos(x, shift) {
  const k = Math.floor(x * 0.6366197723675814 + 0.5);
  const r = (x - k * 1.5707963705062866) + k * 4.371139000186243e-8;
  const q0 = k + shift;
  const q = q0 - 4 * Math.floor(q0 * 0.25);
  const r2 = r * r;
  const s = r * (1 - r2 * (0.16666666666666666 - r2 * (0.008333333333333333 - r2 * (0.0001984126984126984 - r2 * 0.0000027557319223985893))));
  const c = 1 - r2 * (0.5 - r2 * (0.041666666666666664 - r2 * (0.001388888888888889 - r2 * (0.0000248015873015873 - r2 * 0.0000002755731922398589))));
  if (q < 0.5) {
    return s;
  }
  if (q < 1.5) {
    return c;
  }
  if (q < 2.5) {
    return -s;
  }
  return -c;
}`,
  `function gjSigmoid(x) {
  if (x >= 0) {
    return 1 / (1 + Math.exp(-x));
  }
  const e = Math.exp(x);
  return e / (1 + e);
}`,
];

/**
 * Unary kernels: an expression of `a` (the input value) and `p0`, `p1` (the attrs, passed as
 * uniforms so new values do not recompile). `params` lists the attrs in order.
 */
export const UNARY: Record<string, { expr: string; params?: readonly string[] }> = {
  neg: { expr: '-a' },
  abs: { expr: 'Math.abs(a)' },
  sign: { expr: 'a > 0 ? 1 : (a < 0 ? -1 : a)' },
  exp: { expr: 'gjExp(a)' },
  log: { expr: 'gjLog(a)' },
  log1p: { expr: 'gjLog1p(a)' },
  expm1: { expr: 'gjExpm1(a)' },
  sqrt: { expr: 'Math.sqrt(a)' },
  rsqrt: { expr: '1 / Math.sqrt(a)' },
  square: { expr: 'a * a' },
  reciprocal: { expr: '1 / a' },
  sin: { expr: 'gjSinCos(a, 0)' },
  cos: { expr: 'gjSinCos(a, 1)' },
  tanh: { expr: 'gjTanh(a)' },
  erf: { expr: 'gjErf(a)' },
  sigmoid: { expr: 'gjSigmoid(a)' },
  // NaN passes through, as on the CPU (and in PyTorch and TensorFlow).
  relu: { expr: 'a > 0 || a != a ? a : 0' },
  leakyRelu: { expr: 'a > 0 ? a : p0 * a', params: ['alpha'] },
  elu: { expr: 'a > 0 ? a : p0 * gjExpm1(a)', params: ['alpha'] },
  selu: { expr: 'a > 0 ? 1.0507009873554805 * a : 1.7580993408473766 * gjExpm1(a)' },
  gelu: { expr: '0.5 * a * (1 + gjErf(a * 0.7071067811865476))' },
  softplus: { expr: 'Math.max(a, 0) + gjLog1p(Math.exp(-Math.abs(a)))' },
  // NaN first: GL compilers may turn the comparisons into min/max, which drop NaN.
  clip: { expr: 'a != a ? a : (a < p0 ? p0 : (a > p1 ? p1 : a))', params: ['min', 'max'] },
  floor: { expr: 'Math.floor(a)' },
  ceil: { expr: 'Math.ceil(a)' },
  round: { expr: 'gjRound(a)' },
  isNaN: { expr: 'a != a ? 1 : 0' },
  isFinite: { expr: 'Math.abs(a) <= 3.4028234663852886e38 ? 1 : 0' },
  logicalNot: { expr: '1 - gjTruthy(a)' },
};

/** Binary kernels: an expression of `a` and `b`. Comparisons give 0/1 (bool). */
export const BINARY: Record<string, string> = {
  add: 'a + b',
  sub: 'a - b',
  mul: 'a * b',
  div: 'a / b',
  pow: 'gjPow(a, b)',
  maximum: '(a >= b || a != a) ? a : b',
  minimum: '(a <= b || a != a) ? a : b',
  equal: 'a == b ? 1 : 0',
  notEqual: 'a != b ? 1 : 0',
  less: 'a < b ? 1 : 0',
  lessEqual: 'a <= b ? 1 : 0',
  greater: 'a > b ? 1 : 0',
  greaterEqual: 'a >= b ? 1 : 0',
  logicalAnd: 'gjTruthy(a) * gjTruthy(b)',
  logicalOr: 'Math.max(gjTruthy(a), gjTruthy(b))',
};
