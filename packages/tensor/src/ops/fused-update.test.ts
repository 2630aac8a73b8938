import { afterEach, describe, expect, it } from 'vitest';
import { memory, registerBackend, removeBackend, setBackend } from '../api.js';
import { CpuBackend } from '../backends/cpu/index.js';
import { fusedKernels } from '../backends/cpu/fused.js';
import { tensor } from '../creation.js';
import type { DType } from '../dtype.js';
import { DTypeError, ShapeError } from '../errors.js';
import { Generator } from '../random.js';
import type { Tensor } from '../tensor.js';
import { adamUpdate, flushSubnormal, sgdUpdate } from './fused-update.js';

// The fused kernels (here the CPU's typed-array ones, registered on a test backend) against
// the composite of public ops that runs where a backend has no such kernel: bit for bit.
registerBackend('cpu-fused', () => new CpuBackend(fusedKernels), 0);
afterEach(() => setBackend('cpu'));

const gen = new Generator(11);
const SPECIAL = [0, -0, 1e-30, -1e30, Number.NaN, Number.POSITIVE_INFINITY, 3.5];

function values(n: number, positive = false): number[] {
  return Array.from({ length: n }, (_, i) =>
    i < SPECIAL.length && !positive ? SPECIAL[i] : positive ? gen.uniform() : gen.normal(),
  );
}

/** The same inputs made on both backends; `fn` runs on each, results as arrays. */
function onBoth(
  inputs: number[][],
  dtype: DType,
  fn: (...ts: Tensor[]) => Tensor[],
): [number[][], number[][]] {
  const run = (backend: string) => {
    setBackend(backend);
    return fn(...inputs.map((v) => tensor(v, [v.length], dtype))).map((t) => [
      ...(t.dataSync() as Float32Array),
    ]);
  };
  return [run('cpu'), run('cpu-fused')];
}

const bits = (xs: number[][]) => xs.map((x) => x.map((v) => (Object.is(v, -0) ? '-0' : String(v))));

describe('adamUpdate', () => {
  for (const dtype of ['float32', 'float64'] as const) {
    it(`fused kernel equals the composite bit for bit (${dtype}), over several steps`, () => {
      const n = 37;
      const inputs = [values(n), values(n), values(n), values(n, true)];
      for (const step of [1, 2, 10]) {
        const [ref, fused] = onBoth(inputs, dtype, (p, g, m, v) => {
          const r = adamUpdate(p, g, m, v, {
            lr: 1e-3,
            beta1: 0.9,
            beta2: 0.999,
            epsilon: 1e-7,
            step,
          });
          return [r.param, r.m, r.v];
        });
        expect(bits(fused)).toEqual(bits(ref));
      }
    });
  }

  for (const dtype of ['float32', 'float64'] as const) {
    it(`stores moments that fall below the smallest normal ${dtype} as +0, on both paths`, () => {
      const min = dtype === 'float32' ? 2 ** -126 : 2 ** -1022;
      // m: 0.9·1.05·min and 0.9·−1.05·min are subnormal, 0.9·2·min is not; NaN stays NaN.
      const m = [1.05 * min, -1.05 * min, 2 * min, Number.NaN, 0.5];
      const v = [1.0005 * min, 3 * min, 1, 1, 1];
      const g = [0, 0, 0, 0, 0];
      const p = [1, 2, 3, 4, 5];
      const [ref, fused] = onBoth([p, g, m, v], dtype, (pt, gt, mt, vt) => {
        const r = adamUpdate(pt, gt, mt, vt, {
          lr: 1e-3,
          beta1: 0.9,
          beta2: 0.999,
          epsilon: 1e-7,
          step: 4,
        });
        return [r.param, r.m, r.v];
      });
      expect(bits(fused)).toEqual(bits(ref));
      const [, m1, v1] = ref;
      expect(bits([m1.slice(0, 2)])).toEqual([['0', '0']]);
      expect(m1[2]).toBeGreaterThanOrEqual(min);
      expect(m1[3]).toBeNaN();
      expect(v1[0]).toBe(0);
      expect(v1[1]).toBeGreaterThanOrEqual(min);
    });
  }

  it('matches the textbook update on plain numbers', () => {
    const r = adamUpdate(
      tensor([1], [1], 'float64'),
      tensor([0.5], [1], 'float64'),
      tensor([0.1], [1], 'float64'),
      tensor([0.2], [1], 'float64'),
      { lr: 0.01, beta1: 0.9, beta2: 0.99, epsilon: 1e-8, step: 3 },
    );
    const m = 0.9 * 0.1 + 0.1 * 0.5;
    const v = 0.99 * 0.2 + 0.01 * 0.25;
    const p = 1 - (0.01 * (m / (1 - 0.9 ** 3))) / (Math.sqrt(v / (1 - 0.99 ** 3)) + 1e-8);
    expect(r.m.item()).toBeCloseTo(m, 14);
    expect(r.v.item()).toBeCloseTo(v, 14);
    expect(r.param.item()).toBeCloseTo(p, 12);
  });

  it('names the tensor whose shape or dtype differs', () => {
    const p = tensor([1, 2, 3]);
    const opts = { lr: 1e-3, beta1: 0.9, beta2: 0.999, epsilon: 1e-7, step: 1 };
    expect(() => adamUpdate(p, tensor([1, 2]), p, p, opts)).toThrow(ShapeError);
    expect(() => adamUpdate(p, tensor([1, 2]), p, p, opts)).toThrow(
      'adamUpdate: grad has shape [2] but param has shape [3]',
    );
    expect(() => adamUpdate(p, p, p, tensor([1, 2, 3], [3], 'float64'), opts)).toThrow(DTypeError);
    const ints = tensor([1, 2, 3], [3], 'int32');
    expect(() => adamUpdate(ints, ints, ints, ints, opts)).toThrow(
      'adamUpdate: param must be float32 or float64, got int32',
    );
  });
});

describe('sgdUpdate', () => {
  const cases = [
    { lr: 0.1 },
    { lr: 0.1, momentum: 0.9 },
    { lr: 0.05, momentum: 0.8, dampening: 0.3 },
    { lr: 0.1, momentum: 0.9, nesterov: true },
    { lr: 0.1, momentum: 0.5, dampening: 1 },
  ];
  for (const dtype of ['float32', 'float64'] as const) {
    for (const o of cases) {
      it(`fused kernel equals the composite bit for bit (${dtype}, ${JSON.stringify(o)})`, () => {
        const n = 29;
        const [ref, fused] = onBoth([values(n), values(n), values(n)], dtype, (p, g, b) => {
          const r = sgdUpdate(p, g, o.momentum ? b : null, o);
          return r.buffer ? [r.param, r.buffer] : [r.param];
        });
        expect(bits(fused)).toEqual(bits(ref));
        expect(fused).toHaveLength(o.momentum ? 2 : 1);
      });
    }
  }

  it('needs a buffer with momentum and checks shapes', () => {
    const p = tensor([1, 2]);
    expect(() => sgdUpdate(p, p, null, { lr: 0.1, momentum: 0.9 })).toThrow(
      "sgdUpdate: momentum 0.9 needs a buffer of param's shape",
    );
    expect(() => sgdUpdate(p, tensor([1]), null, { lr: 0.1 })).toThrow(
      'sgdUpdate: grad has shape [1] but param has shape [2]',
    );
  });
});

describe('fused updates on a backend with the kernels', () => {
  it('return new tensors of the parameter shape and leave the inputs unchanged', () => {
    setBackend('cpu-fused');
    const p = tensor([
      [1, 2],
      [3, 4],
    ]);
    const g = tensor([
      [1, 1],
      [1, 1],
    ]);
    const r = adamUpdate(p, g, g, g, {
      lr: 0.1,
      beta1: 0.9,
      beta2: 0.999,
      epsilon: 1e-7,
      step: 1,
    });
    expect(r.param.shape).toEqual([2, 2]);
    expect(r.m.shape).toEqual([2, 2]);
    expect(p.toArray()).toEqual([
      [1, 2],
      [3, 4],
    ]);
    expect(r.m.toArray()).toEqual([
      [1, 1],
      [1, 1],
    ]);
  });

  it('split the stacked result into views where the backend makes them, else slices', () => {
    const slices = { viewing: 0, slicing: 0 };
    const counted = (key: keyof typeof slices) => ({
      ...fusedKernels,
      slice: (args: Parameters<NonNullable<CpuBackend['kernels']['slice']>>[0]) => {
        slices[key]++;
        return new CpuBackend().kernels.slice!(args);
      },
    });
    // A backend without `view` (it is optional).
    const noViews = (kernels: typeof fusedKernels) =>
      Object.assign(new CpuBackend(kernels), { view: undefined });
    registerBackend('cpu-fused-views', () => new CpuBackend(counted('viewing')), 0);
    registerBackend('cpu-fused-slices', () => noViews(counted('slicing')), 0);
    const results: number[][][] = [];
    for (const name of ['cpu-fused-views', 'cpu-fused-slices']) {
      setBackend(name);
      const p = tensor([1, 2, 3, 4, 5, 6], [2, 3]);
      const before = memory().numTensors;
      const r = adamUpdate(p, p, p, p, {
        lr: 0.1,
        beta1: 0.9,
        beta2: 0.999,
        epsilon: 1e-7,
        step: 1,
      });
      // The three results are all that is left: the stack and any slices are freed.
      expect(memory().numTensors).toBe(before + 3);
      results.push([r.param, r.m, r.v].map((t) => [...t.dataSync()]));
      for (const t of [r.param, r.m, r.v]) expect(t.shape).toEqual([2, 3]);
      r.param.dispose();
      // A view outlives the stack and its siblings.
      const v = results[results.length - 1][2];
      expect(r.v.toArray()).toEqual([v.slice(0, 3), v.slice(3)]);
    }
    expect(slices).toEqual({ viewing: 0, slicing: 3 });
    expect(results[0]).toEqual(results[1]);
    removeBackend('cpu-fused-views');
    removeBackend('cpu-fused-slices');
  });
});

// Keep the registry as other test files expect it.
describe('flushSubnormal', () => {
  for (const [dtype, min] of [
    ['float32', 2 ** -126],
    ['float64', 2 ** -1022],
  ] as const) {
    it(`replaces subnormal ${dtype} values (and −0) by +0 and keeps everything else`, () => {
      const x = [0.99 * min, -0.5 * min, min, -min, 0, -0, 1, Number.NaN, Number.NEGATIVE_INFINITY];
      const y = flushSubnormal(tensor(x, [x.length], dtype));
      expect(y.dtype).toBe(dtype);
      expect(bits([[...(y.dataSync() as Float64Array)]])).toEqual(
        bits([[0, 0, min, -min, 0, 0, 1, Number.NaN, Number.NEGATIVE_INFINITY]]),
      );
    });
  }

  it('returns integer and bool tensors as they are', () => {
    const ints = tensor([1, 0, -3], [3], 'int32');
    expect(flushSubnormal(ints)).toBe(ints);
  });
});

describe('cleanup', () => {
  it('removes the test backend', () => {
    removeBackend('cpu-fused');
  });
});
