import { describe, expect, it } from 'vitest';
import { DTypeError, ValueError } from './errors.js';
import {
  Generator,
  defaultGenerator,
  manualSeed,
  mean,
  permutation,
  rand,
  randint,
  randn,
  std,
  truncatedNormal,
} from './index.js';
import { portableLog } from './random.js';

describe('Generator', () => {
  it('the same seed gives the same stream; different seeds differ', () => {
    const a = new Generator(42);
    const b = new Generator(42);
    const c = new Generator(43);
    const xs = Array.from({ length: 10 }, () => a.nextUint32());
    expect(Array.from({ length: 10 }, () => b.nextUint32())).toEqual(xs);
    expect(Array.from({ length: 10 }, () => c.nextUint32())).not.toEqual(xs);
  });
  it('pinned values: platform-independent by design', () => {
    const g = new Generator(42);
    expect(g.uniform()).toBe(0.6606157208001621);
    expect(Array.from(rand([3], { seed: 42, dtype: 'float64' }).dataSync())).toEqual([
      0.6606157208001621, 0.1117019639532224, 0.0791056456144914,
    ]);
    expect(Array.from(randn([3], { seed: 42, dtype: 'float64' }).dataSync())).toEqual([
      0.31875784963858494, -0.7706160167419408, 0.15178267621950975,
    ]);
    expect(randint(0, 10, [5], { seed: 3 }).toArray()).toEqual([7, 3, 5, 1, 6]);
    expect(Array.from(permutation(5, new Generator(0)))).toEqual([1, 2, 3, 0, 4]);
  });
  it('large and negative seeds are accepted and distinct', () => {
    const first = (s: number) => new Generator(s).nextUint32();
    const values = [0, 1, -1, 2 ** 32, 2 ** 40 + 3, 12345].map(first);
    expect(new Set(values).size).toBe(values.length);
    expect(() => new Generator(Number.NaN)).toThrow(
      'Generator: seed must be a finite number, got NaN',
    );
  });
  it('getState/setState resume the stream exactly, including a spare normal', () => {
    const g = new Generator(7);
    g.normal();
    const state = g.getState();
    const next = [g.normal(), g.uniform(), g.normal()];
    const h = new Generator(0);
    h.setState(state);
    expect([h.normal(), h.uniform(), h.normal()]).toEqual(next);
    expect(() => h.setState([1, 2])).toThrow('Generator.setState: expected 5 numbers, got 2');
  });
  it('fork() gives an independent, reproducible stream', () => {
    const a = new Generator(1).fork();
    const b = new Generator(1).fork();
    expect(a.nextUint32()).toBe(b.nextUint32());
    const parent = new Generator(1);
    parent.fork();
    expect(parent.nextUint32()).not.toBe(a.nextUint32());
  });
  it('uniform in [0, 1), integer in [low, high)', () => {
    const g = new Generator(3);
    for (let i = 0; i < 1000; i++) {
      const u = g.uniform();
      expect(u >= 0 && u < 1).toBe(true);
      const k = g.integer(-2, 3);
      expect(Number.isInteger(k) && k >= -2 && k < 3).toBe(true);
    }
  });
  it('portableLog agrees with Math.log to ~1 ulp, including subnormals and edges', () => {
    for (const x of [1e-310, 1e-5, 0.3, Math.SQRT1_2, 1, 1.5, 2, 10, 1e300]) {
      expect(Math.abs(portableLog(x) - Math.log(x))).toBeLessThanOrEqual(
        2 * Number.EPSILON * Math.max(1, Math.abs(Math.log(x))),
      );
    }
    expect(portableLog(0)).toBe(-Infinity);
    expect(portableLog(Infinity)).toBe(Infinity);
    expect(portableLog(-1)).toBeNaN();
  });
});

describe('random tensors', () => {
  it('the default generator is reseeded by manualSeed', () => {
    manualSeed(5);
    const a = rand([4]).toArray();
    manualSeed(5);
    expect(rand([4]).toArray()).toEqual(a);
    expect(defaultGenerator()).toBeInstanceOf(Generator);
  });
  it('randn has the asked mean and std; truncatedNormal stays within 2 std', () => {
    const x = randn([20000], { seed: 1, mean: 2, std: 0.5 });
    expect(mean(x).item()).toBeCloseTo(2, 1);
    expect(std(x).item()).toBeCloseTo(0.5, 1);
    const t = truncatedNormal([5000], { seed: 2, std: 0.1 }).dataSync();
    expect(Math.max(...t)).toBeLessThanOrEqual(0.2 + 1e-7);
    expect(Math.min(...t)).toBeGreaterThanOrEqual(-0.2 - 1e-7);
  });
  it('rand is uniform over [low, high); randint covers its range', () => {
    const x = rand([10000], { seed: 4, low: -1, high: 3 });
    expect(mean(x).item()).toBeCloseTo(1, 1);
    const k = randint(2, 5, [1000], { seed: 1 }).dataSync();
    expect(new Set(k)).toEqual(new Set([2, 3, 4]));
  });
  it('permutation is a permutation', () => {
    const p = permutation(100, new Generator(9));
    expect(Array.from(p).sort((a, b) => a - b)).toEqual(Array.from({ length: 100 }, (_, i) => i));
  });
  it('errors', () => {
    expect(() => rand([2], { low: 1, high: 1 })).toThrow(
      'rand: high must be > low, got low=1, high=1',
    );
    expect(() => rand([2], { dtype: 'int32' })).toThrow(DTypeError);
    expect(() => rand([2], { dtype: 'int32' })).toThrow('rand: needs a float dtype, got int32');
    expect(() => randn([2], { std: -1 })).toThrow('randn: std must be >= 0, got -1');
    expect(() => randint(0, 1.5, [2])).toThrow(ValueError);
    expect(() => randint(3, 3, [2])).toThrow(
      'randint: needs integers low < high, got low=3, high=3',
    );
    expect(() => rand([-1])).toThrow('rand: shape [-1] has an invalid dimension -1');
  });
});
