import { type DType, allocArray, assertDType, isFloat } from './dtype.js';
import { DTypeError, ValueError } from './errors.js';
import { fromArray } from './creation.js';
import { assertValidShape, sizeOf } from './shape.js';
import type { Tensor } from './tensor.js';

/**
 * A seeded pseudo-random generator (xoshiro128**, seeded through splitmix32).
 *
 * Uses only 32-bit integer arithmetic and IEEE +, −, ×, ÷ and √ — and its own logarithm instead
 * of `Math.log`, whose last bit may differ between JavaScript engines — so the same seed gives
 * bit-identical numbers in every engine and on every platform.
 *
 * @example
 * const g = new Generator(42);
 * g.uniform();      // a float in [0, 1)
 * rand([2, 2], { generator: g });
 */
export class Generator {
  private s0 = 0;
  private s1 = 0;
  private s2 = 0;
  private s3 = 0;
  private spare: number | null = null;

  constructor(seed: number) {
    if (!Number.isFinite(seed))
      throw new ValueError('Generator', `seed must be a finite number, got ${seed}`);
    this.seed(seed);
  }

  /** Resets the state from a seed (an integer; fractions and negatives are folded in). */
  seed(seed: number): void {
    const lo = seed >>> 0;
    const hi = Math.floor(Math.abs(seed) / 4294967296) >>> 0;
    let x = (lo ^ Math.imul(hi, 0x9e3779b9)) >>> 0;
    const next = () => {
      x = (x + 0x9e3779b9) >>> 0;
      let z = x;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
      return (z ^ (z >>> 16)) >>> 0;
    };
    this.s0 = next();
    this.s1 = next();
    this.s2 = next();
    this.s3 = next();
    if ((this.s0 | this.s1 | this.s2 | this.s3) === 0) this.s0 = 1;
    this.spare = null;
  }

  /** The next 32-bit unsigned integer. */
  nextUint32(): number {
    const r = Math.imul(rotl(Math.imul(this.s1, 5), 7), 9) >>> 0;
    const t = this.s1 << 9;
    this.s2 ^= this.s0;
    this.s3 ^= this.s1;
    this.s1 ^= this.s2;
    this.s0 ^= this.s3;
    this.s2 ^= t;
    this.s3 = rotl(this.s3, 11);
    return r;
  }

  /** A float in [0, 1) with 53 random bits. */
  uniform(): number {
    const hi = this.nextUint32() >>> 5;
    const lo = this.nextUint32() >>> 6;
    return (hi * 67108864 + lo) / 9007199254740992;
  }

  /** An integer in [low, high). */
  integer(low: number, high: number): number {
    return low + Math.floor(this.uniform() * (high - low));
  }

  /** A standard normal sample (Marsaglia's polar method). */
  normal(): number {
    if (this.spare !== null) {
      const s = this.spare;
      this.spare = null;
      return s;
    }
    let u: number;
    let v: number;
    let s: number;
    do {
      u = 2 * this.uniform() - 1;
      v = 2 * this.uniform() - 1;
      s = u * u + v * v;
    } while (s >= 1 || s === 0);
    const m = Math.sqrt((-2 * portableLog(s)) / s);
    this.spare = v * m;
    return u * m;
  }

  /** Serializable state, for resuming a seeded run exactly. */
  getState(): number[] {
    return [this.s0, this.s1, this.s2, this.s3, this.spare ?? Number.NaN];
  }

  setState(state: readonly number[]): void {
    if (state.length !== 5)
      throw new ValueError('Generator.setState', `expected 5 numbers, got ${state.length}`);
    [this.s0, this.s1, this.s2, this.s3] = state.map((v) => v >>> 0);
    this.spare = Number.isNaN(state[4]) ? null : state[4];
  }

  /** A new generator whose stream is independent of this one's (for per-layer streams). */
  fork(): Generator {
    return new Generator(this.nextUint32() * 4096 + (this.nextUint32() >>> 20));
  }
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}

const LN2 = 0.6931471805599453;
const SQRT2 = 1.4142135623730951;
const view = new DataView(new ArrayBuffer(8));

/**
 * Natural logarithm from IEEE basic operations only, so it is bit-identical across engines.
 * x = m·2^e with m in [√½, √2); ln m = 2·atanh((m−1)/(m+1)) as a series. Accurate to ~1 ulp.
 */
export function portableLog(x: number): number {
  if (!(x > 0)) return x === 0 ? -Infinity : Number.NaN;
  if (x === Infinity) return Infinity;
  view.setFloat64(0, x);
  let e = ((view.getUint32(0) >>> 20) & 0x7ff) - 1023;
  if (e === -1023) {
    // Subnormal: scale up first.
    return portableLog(x * 2 ** 54) - 54 * LN2;
  }
  view.setUint32(0, (view.getUint32(0) & 0x800fffff) | (1023 << 20));
  let m = view.getFloat64(0);
  if (m > SQRT2) {
    m /= 2;
    e += 1;
  }
  const s = (m - 1) / (m + 1);
  const s2 = s * s;
  let term = s;
  let sum = 0;
  for (let k = 1; k < 40; k += 2) {
    sum += term / k;
    term *= s2;
    if (Math.abs(term) < 1e-20) break;
  }
  return 2 * sum + e * LN2;
}

let globalGenerator = new Generator(0);

/**
 * Reseeds the default generator used when no `seed` or `generator` is given. The default seed
 * is 0, so even unseeded programs are reproducible.
 * @example manualSeed(1234);
 */
export function manualSeed(seed: number): void {
  globalGenerator = new Generator(seed);
}

/**
 * The default generator (what `rand` etc. use without a seed or generator); `manualSeed`
 * replaces it.
 * @example
 * manualSeed(7);
 * const a = defaultGenerator().uniform();
 * manualSeed(7);
 * defaultGenerator().uniform() === a; // true
 */
export function defaultGenerator(): Generator {
  return globalGenerator;
}

/** Where random numbers come from: a seed (a fresh generator), a generator, or the default. */
export interface RandomOptions {
  seed?: number;
  generator?: Generator;
  dtype?: DType;
}

function pick(opts: RandomOptions | undefined): Generator {
  if (opts?.generator) return opts.generator;
  if (opts?.seed !== undefined) return new Generator(opts.seed);
  return globalGenerator;
}

function floatDtype(op: string, opts: RandomOptions | undefined): DType {
  const dt = opts?.dtype ?? 'float32';
  assertDType(op, dt);
  if (!isFloat(dt)) throw new DTypeError(op, `needs a float dtype, got ${dt}`);
  return dt;
}

function fill(
  op: string,
  shape: readonly number[],
  opts: RandomOptions | undefined,
  sample: (g: Generator) => number,
): Tensor {
  const s = assertValidShape(op, shape);
  const dt = floatDtype(op, opts);
  const g = pick(opts);
  const a = allocArray(dt, sizeOf(s));
  for (let i = 0; i < a.length; i++) a[i] = sample(g);
  return fromArray(a, s, dt);
}

/**
 * Uniform samples in `[low, high)`.
 * @example rand([2, 3], { seed: 1 });
 */
export function rand(
  shape: readonly number[],
  opts?: RandomOptions & { low?: number; high?: number },
): Tensor {
  const low = opts?.low ?? 0;
  const high = opts?.high ?? 1;
  if (!(high > low))
    throw new ValueError('rand', `high must be > low, got low=${low}, high=${high}`);
  return fill('rand', shape, opts, (g) => low + (high - low) * g.uniform());
}

/**
 * Normal samples with `mean` and `std`.
 * @example randn([3], { seed: 7, std: 0.1 });
 */
export function randn(
  shape: readonly number[],
  opts?: RandomOptions & { mean?: number; std?: number },
): Tensor {
  const mean = opts?.mean ?? 0;
  const std = opts?.std ?? 1;
  if (!(std >= 0)) throw new ValueError('randn', `std must be >= 0, got ${std}`);
  return fill('randn', shape, opts, (g) => mean + std * g.normal());
}

/**
 * Normal samples redrawn until within two standard deviations of the mean (as in Keras).
 * @example truncatedNormal([784, 128], { std: 0.05, seed: 0 });
 */
export function truncatedNormal(
  shape: readonly number[],
  opts?: RandomOptions & { mean?: number; std?: number },
): Tensor {
  const mean = opts?.mean ?? 0;
  const std = opts?.std ?? 1;
  if (!(std >= 0)) throw new ValueError('truncatedNormal', `std must be >= 0, got ${std}`);
  return fill('truncatedNormal', shape, opts, (g) => {
    let z: number;
    do z = g.normal();
    while (z < -2 || z > 2);
    return mean + std * z;
  });
}

/**
 * Uniform integers in `[low, high)`, int32.
 * @example randint(0, 10, [5], { seed: 3 });
 */
export function randint(
  low: number,
  high: number,
  shape: readonly number[],
  opts?: Omit<RandomOptions, 'dtype'>,
): Tensor {
  if (!Number.isInteger(low) || !Number.isInteger(high) || high <= low) {
    throw new ValueError('randint', `needs integers low < high, got low=${low}, high=${high}`);
  }
  const s = assertValidShape('randint', shape);
  const g = pick(opts);
  const a = allocArray('int32', sizeOf(s));
  for (let i = 0; i < a.length; i++) a[i] = g.integer(low, high);
  return fromArray(a, s, 'int32');
}

/**
 * A random permutation of `0..n-1` (Fisher–Yates), as a plain Int32Array. Used for shuffling.
 * @example permutation(5, new Generator(0));
 */
export function permutation(n: number, generator: Generator = globalGenerator): Int32Array {
  const p = new Int32Array(n);
  for (let i = 0; i < n; i++) p[i] = i;
  for (let i = n - 1; i > 0; i--) {
    const j = generator.integer(0, i + 1);
    const t = p[i];
    p[i] = p[j];
    p[j] = t;
  }
  return p;
}
