/**
 * A tiny seeded generator (mulberry32) for the benchmark inputs, so every system — tsgrad,
 * plain JS and TensorFlow.js — is fed exactly the same Float32Array values.
 */
export class Rng {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** Uniform in [0, 1). */
  next(): number {
    let t = (this.state = (this.state + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** `size` values uniform in [lo, hi). */
  uniform(size: number, lo = -1, hi = 1): Float32Array {
    const out = new Float32Array(size);
    for (let i = 0; i < size; i++) out[i] = lo + (hi - lo) * this.next();
    return out;
  }

  /** `size` integers uniform in [0, n). */
  ints(size: number, n: number): Int32Array {
    const out = new Int32Array(size);
    for (let i = 0; i < size; i++) out[i] = Math.floor(this.next() * n);
    return out;
  }
}
