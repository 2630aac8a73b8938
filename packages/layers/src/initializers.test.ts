import { Generator, manualSeed, matmul, reshape, transpose } from '@tsgrad/tensor';
import { describe, expect, test } from 'vitest';
import {
  computeFans,
  constant,
  getInitializer,
  glorotNormal,
  glorotUniform,
  heNormal,
  heUniform,
  lecunNormal,
  lecunUniform,
  ones,
  orthogonal,
  randomNormal,
  randomUniform,
  serializeInitializer,
  truncatedNormal,
  varianceScaling,
  zeros,
} from './initializers.js';
import { expectClose } from './test-helpers.js';

function stats(values: ArrayLike<number>) {
  let s = 0;
  let s2 = 0;
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < values.length; i++) {
    s += values[i];
    s2 += values[i] * values[i];
    lo = Math.min(lo, values[i]);
    hi = Math.max(hi, values[i]);
  }
  const mean = s / values.length;
  return { mean, std: Math.sqrt(s2 / values.length - mean * mean), lo, hi };
}

describe('computeFans', () => {
  test('dense, conv and vector shapes', () => {
    expect(computeFans([784, 128])).toEqual([784, 128]);
    expect(computeFans([3, 3, 1, 32])).toEqual([9, 288]);
    expect(computeFans([5, 5, 16, 32])).toEqual([400, 800]);
    expect(computeFans([10])).toEqual([10, 10]);
    expect(computeFans([])).toEqual([1, 1]);
  });
});

describe('initializers', () => {
  test('constants', () => {
    expect(zeros().init([2], 'float32').toArray()).toEqual([0, 0]);
    expect(ones().init([2], 'float64').dtype).toBe('float64');
    expect(constant({ value: 0.5 }).init([2], 'float32').toArray()).toEqual([0.5, 0.5]);
  });

  test('glorotUniform stays within ±√(6/(fanIn+fanOut)) and fills it', () => {
    const t = glorotUniform({ seed: 1 }).init([3, 3, 8, 16], 'float64');
    const limit = Math.sqrt(6 / (72 + 144));
    const s = stats(t.dataSync());
    expect(s.hi).toBeLessThanOrEqual(limit);
    expect(s.lo).toBeGreaterThanOrEqual(-limit);
    expect(s.std).toBeCloseTo(limit / Math.sqrt(3), 2);
  });

  test.each([
    ['heUniform', heUniform, Math.sqrt(2 / 400)],
    ['lecunUniform', lecunUniform, Math.sqrt(1 / 400)],
    ['heNormal', heNormal, Math.sqrt(2 / 400)],
    ['lecunNormal', lecunNormal, Math.sqrt(1 / 400)],
    ['glorotNormal', glorotNormal, Math.sqrt(2 / 800)],
  ] as const)('%s has the variance-scaling standard deviation', (_name, make, std) => {
    const s = stats(make({ seed: 3 }).init([400, 400], 'float64').dataSync());
    expect(Math.abs(s.mean)).toBeLessThan(std * 0.02);
    expect(s.std / std).toBeCloseTo(1, 1);
  });

  test('truncated normals stay within two (scaled) standard deviations', () => {
    const s = stats(truncatedNormal({ stddev: 0.1, seed: 2 }).init([1000], 'float64').dataSync());
    expect(s.hi).toBeLessThanOrEqual(0.2);
    expect(s.lo).toBeGreaterThanOrEqual(-0.2);
  });

  test('randomUniform and randomNormal use their options', () => {
    const u = stats(
      randomUniform({ minval: 2, maxval: 3, seed: 0 }).init([1000], 'float64').dataSync(),
    );
    expect(u.lo).toBeGreaterThanOrEqual(2);
    expect(u.hi).toBeLessThan(3);
    const n = stats(
      randomNormal({ mean: 5, stddev: 0.5, seed: 0 }).init([4000], 'float64').dataSync(),
    );
    expect(n.mean).toBeCloseTo(5, 1);
    expect(n.std).toBeCloseTo(0.5, 1);
  });

  test('seeded initializers repeat; unseeded ones follow the generator', () => {
    const a = glorotUniform({ seed: 7 }).init([4, 4], 'float32');
    const b = glorotUniform({ seed: 7 }).init([4, 4], 'float32');
    expect(a.toArray()).toEqual(b.toArray());
    const c = glorotUniform().init([4, 4], 'float32', new Generator(1));
    const d = glorotUniform().init([4, 4], 'float32', new Generator(1));
    expect(c.toArray()).toEqual(d.toArray());
    manualSeed(5);
    const e = glorotUniform().init([4, 4], 'float32');
    manualSeed(5);
    expect(glorotUniform().init([4, 4], 'float32').toArray()).toEqual(e.toArray());
  });

  test.each([[[6, 6]], [[8, 3]], [[3, 8]], [[2, 3, 12]]])(
    'orthogonal %j has orthonormal rows or columns',
    (shape) => {
      const cols = shape[shape.length - 1];
      const rows = shape.slice(0, -1).reduce((p, d) => p * d, 1);
      const q = reshape(orthogonal({ seed: 0 }).init(shape, 'float64'), [rows, cols]);
      const gram = rows >= cols ? matmul(transpose(q), q) : matmul(q, transpose(q));
      const n = Math.min(rows, cols);
      const eye = new Float64Array(n * n);
      for (let i = 0; i < n; i++) eye[i * n + i] = 1;
      expectClose(gram, eye, 1e-10);
    },
  );

  test('orthogonal gain scales', () => {
    const q = orthogonal({ gain: 2, seed: 1 }).init([4, 4], 'float64');
    expectClose(matmul(transpose(q), q), [4, 0, 0, 0, 0, 4, 0, 0, 0, 0, 4, 0, 0, 0, 0, 4], 1e-10);
  });

  test('orthogonal needs rank >= 2', () => {
    expect(() => orthogonal().init([4], 'float32')).toThrow(
      'orthogonal: needs a weight of rank >= 2, got shape [4]',
    );
  });

  test('lookup by name in camelCase, snake_case and className, and serialization', () => {
    expect(getInitializer('glorot_uniform').className).toBe('GlorotUniform');
    expect(getInitializer('heNormal').className).toBe('HeNormal');
    expect(getInitializer('Orthogonal').className).toBe('Orthogonal');
    const vs = varianceScaling({ scale: 2, mode: 'fanOut', distribution: 'uniform', seed: 4 });
    const back = getInitializer(JSON.parse(JSON.stringify(serializeInitializer(vs))));
    expect(back.init([3, 5], 'float32').toArray()).toEqual(vs.init([3, 5], 'float32').toArray());
    expect(serializeInitializer(glorotUniform())).toEqual({
      className: 'GlorotUniform',
      config: {},
    });
    expect(() => getInitializer('glorot')).toThrow(
      /getInitializer: unknown initializer "glorot"; known initializers: Zeros, Ones, .*Orthogonal/,
    );
  });

  test('invalid options are named', () => {
    expect(() => randomUniform({ minval: 1, maxval: 0 })).toThrow(
      'randomUniform: maxval must be > minval, got minval=1, maxval=0',
    );
    expect(() => randomNormal({ stddev: -1 })).toThrow('randomNormal: stddev must be > 0, got -1');
  });
});
