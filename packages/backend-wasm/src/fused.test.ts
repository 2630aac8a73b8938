import {
  type DType,
  Generator,
  type Tensor,
  adamUpdate,
  add,
  fusedMatmul,
  logSoftmax,
  matmul,
  relu,
  reluGrad,
  setBackend,
  sgdUpdate,
  softmaxCrossEntropy,
  tensor,
} from '@tsgrad/tensor';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import type { WasmBackend } from './backend.js';
import { HeapData } from './heap.js';
import { registerWasmBackend } from './register.js';

// The fused optimizer kernels in WebAssembly against the composite of public ops on the CPU
// backend (the reference), bit for bit, on odd sizes (SIMD tails) with NaN, ±Infinity and −0.
const WASM = registerWasmBackend({ name: 'wasm-fused', priority: 0 });
const THREADS = registerWasmBackend({ name: 'wasm-fused-2t', threads: 2, priority: 0 });
const PLAIN = registerWasmBackend({ name: 'wasm-fused-ts', disableSimd: true, priority: 0 });
afterEach(() => setBackend('cpu'));
afterAll(async () => {
  for (const name of [WASM, THREADS, PLAIN]) {
    setBackend(name);
    await (setBackend(name) as WasmBackend).close();
  }
  setBackend('cpu');
});

const gen = new Generator(21);
const SPECIAL = [0, -0, Number.NaN, Number.POSITIVE_INFINITY, -1e30, 1e-30];
const values = (n: number, positive = false) =>
  Array.from({ length: n }, (_, i) =>
    positive ? gen.uniform() : i < SPECIAL.length ? SPECIAL[i] : gen.normal(),
  );
const bits = (xs: number[][]) => xs.map((x) => x.map((v) => (Object.is(v, -0) ? '-0' : String(v))));

function compare(
  backend: string,
  inputs: number[][],
  dtype: DType,
  fn: (...ts: Tensor[]) => Tensor[],
): { ref: number[][]; got: number[][]; outs: Tensor[] } {
  const run = (name: string) => {
    setBackend(name);
    const outs = fn(...inputs.map((v) => tensor(v, [v.length], dtype)));
    return { outs, values: outs.map((t) => [...(t.dataSync() as Float32Array)]) };
  };
  const ref = run('cpu').values;
  const { outs, values: got } = run(backend);
  return { ref, got, outs };
}

const adam = (step: number) => (p: Tensor, g: Tensor, m: Tensor, v: Tensor) => {
  const r = adamUpdate(p, g, m, v, { lr: 1e-3, beta1: 0.9, beta2: 0.999, epsilon: 1e-7, step });
  return [r.param, r.m, r.v];
};

describe('adamUpdate kernel', () => {
  for (const backend of [WASM, THREADS, PLAIN]) {
    for (const n of [1, 3, 4, 37, 1000]) {
      it(`${backend}: equals the composite bit for bit, n = ${n}`, () => {
        const inputs = [values(n), values(n), values(n), values(n, true)];
        for (const step of [1, 5]) {
          const { ref, got, outs } = compare(backend, inputs, 'float32', adam(step));
          expect(bits(got)).toEqual(bits(ref));
          if (backend !== PLAIN) for (const o of outs) expect(o.dataId).toBeInstanceOf(HeapData);
        }
      });
    }
  }

  it('stores moments that turn subnormal as +0, like the composite, bit for bit', () => {
    // Moments around the smallest normal float32, a zero gradient for most: b1·m and b2·v fall
    // on both sides of 2⁻¹²⁶, and −1.05·2⁻¹²⁶ must come back as +0, not −0.
    const min = 2 ** -126;
    const n = 41;
    const m = Array.from({ length: n }, (_, i) => (i % 2 ? -1 : 1) * min * (0.5 + (i % 11) / 5));
    const v = Array.from({ length: n }, (_, i) => min * (0.9 + (i % 7) / 20));
    const g = Array.from({ length: n }, (_, i) => (i % 5 === 0 ? 1e-20 : 0));
    const p = values(n).map((x) => (Number.isFinite(x) ? x : 1));
    for (const backend of [WASM, THREADS, PLAIN]) {
      const { ref, got } = compare(backend, [p, g, m, v], 'float32', adam(3));
      expect(bits(got)).toEqual(bits(ref));
      const [, m1, v1] = got;
      const flushed = m1.filter((x) => Object.is(x, 0)).length;
      expect(flushed).toBeGreaterThan(0);
      expect(flushed).toBeLessThan(n);
      for (const x of [...m1, ...v1]) expect(x === 0 || Math.abs(x) >= min).toBe(true);
      expect(v1.some((x) => x === 0)).toBe(true);
      expect(m1.some((x) => Object.is(x, -0))).toBe(false);
    }
  });

  it('runs in WebAssembly for float32 and in TypeScript for float64', () => {
    const n = 9;
    const inputs = [values(n), values(n), values(n), values(n, true)];
    const { ref, got } = compare(WASM, inputs, 'float64', adam(2));
    expect(bits(got)).toEqual(bits(ref));
    compare(WASM, inputs, 'float32', adam(2));
    const stats = (setBackend(WASM) as WasmBackend).stats.adamUpdate;
    expect(stats.fallback).toBeGreaterThanOrEqual(1);
    expect(stats.wasm).toBeGreaterThanOrEqual(1);
  });

  it('its three outputs are views of one block, freed when the last goes', () => {
    setBackend(WASM);
    const p = tensor([1, 2, 3, 4, 5]);
    const r = adamUpdate(p, p, p, p, { lr: 0.1, beta1: 0.9, beta2: 0.999, epsilon: 1e-7, step: 1 });
    const ids = [r.param, r.m, r.v].map((t) => t.dataId as HeapData);
    expect(new Set(ids.map((d) => d.block)).size).toBe(1);
    expect(ids[0].block.refs).toBe(3);
    r.param.dispose();
    r.m.dispose();
    expect(ids[0].block.refs).toBe(1);
    const f = Math.fround;
    expect(r.v.toArray()).toEqual(
      [1, 2, 3, 4, 5].map((x) => f(f(x * f(0.999)) + f(f(x * x) * f(1 - 0.999)))),
    );
    r.v.dispose();
    expect(ids[0].block.refs).toBe(0);
  });
});

describe('sgdUpdate kernel', () => {
  const cases = [
    { lr: 0.1 },
    { lr: 0.1, momentum: 0.9 },
    { lr: 0.05, momentum: 0.8, dampening: 0.3 },
    { lr: 0.1, momentum: 0.9, nesterov: true },
  ];
  for (const backend of [WASM, PLAIN]) {
    for (const o of cases) {
      it(`${backend}: equals the composite bit for bit, ${JSON.stringify(o)}`, () => {
        const n = 43;
        const { ref, got } = compare(
          backend,
          [values(n), values(n), values(n)],
          'float32',
          (p, g, b) => {
            const r = sgdUpdate(p, g, o.momentum ? b : null, o);
            return r.buffer ? [r.param, r.buffer] : [r.param];
          },
        );
        expect(bits(got)).toEqual(bits(ref));
      });
    }
  }
});

describe('sgdUpdate kernel, momentum buffer', () => {
  it('stores a buffer that turns subnormal as +0, like the composite, bit for bit', () => {
    const min = 2 ** -126;
    const n = 37;
    const b = Array.from({ length: n }, (_, i) => (i % 2 ? -1 : 1) * min * (0.6 + (i % 9) / 6));
    const g = new Array(n).fill(0);
    const p = values(n).map((x) => (Number.isFinite(x) ? x : 1));
    for (const backend of [WASM, PLAIN]) {
      for (const nesterov of [false, true]) {
        const { ref, got } = compare(backend, [p, g, b], 'float32', (pt, gt, bt) => {
          const r = sgdUpdate(pt, gt, bt, { lr: 0.1, momentum: 0.9, nesterov });
          return [r.param, r.buffer!];
        });
        expect(bits(got)).toEqual(bits(ref));
        const zeros = got[1].filter((x) => Object.is(x, 0)).length;
        expect(zeros).toBeGreaterThan(0);
        expect(zeros).toBeLessThan(n);
        for (const x of got[1]) expect(x === 0 || Math.abs(x) >= min).toBe(true);
      }
    }
  });
});

describe('logSoftmax kernel', () => {
  const ulp = (x: number) => {
    const a = Math.abs(x);
    return a === 0 ? 2 ** -149 : 2 ** (Math.floor(Math.log2(a)) - 23);
  };
  for (const backend of [WASM, PLAIN]) {
    it(`${backend}: rows of the last axis match the composite to 1 ulp, specials exactly`, () => {
      const rows = 97;
      const n = 13;
      const values = Array.from({ length: rows * n }, () => 20 * gen.normal());
      const run = (name: string, v: number[], shape: number[], axis = -1) => {
        setBackend(name);
        return [...(logSoftmax(tensor(v, shape), axis).dataSync() as Float32Array)];
      };
      const ref = run('cpu', values, [rows, n]);
      const got = run(backend, values, [rows, n]);
      let exact = 0;
      for (let i = 0; i < ref.length; i++) {
        expect(Math.abs(got[i] - ref[i])).toBeLessThanOrEqual(ulp(ref[i]));
        if (got[i] === ref[i]) exact++;
      }
      expect(exact / ref.length).toBeGreaterThan(0.99);
      const specials = [
        [1, 2, Number.POSITIVE_INFINITY, 0],
        [Number.NEGATIVE_INFINITY, 0, 1, 2],
        [
          Number.NEGATIVE_INFINITY,
          Number.NEGATIVE_INFINITY,
          Number.NEGATIVE_INFINITY,
          Number.NEGATIVE_INFINITY,
        ],
        [1, Number.NaN, 3, 4],
        [1e30, -1e30, 1e30, 0],
      ].flat();
      expect(bits([run(backend, specials, [5, 4])])).toEqual(bits([run('cpu', specials, [5, 4])]));
      // Another axis: the TypeScript kernel, same bits as the composite.
      expect(bits([run(backend, values.slice(0, 12), [3, 4], 0)])).toEqual(
        bits([run('cpu', values.slice(0, 12), [3, 4], 0)]),
      );
    });
  }

  it('runs in WebAssembly over the last axis', () => {
    setBackend(WASM);
    const before = (setBackend(WASM) as WasmBackend).stats.logSoftmax?.wasm ?? 0;
    logSoftmax(tensor([[1, 2, 3]]));
    expect((setBackend(WASM) as WasmBackend).stats.logSoftmax.wasm).toBe(before + 1);
  });
});

describe('reluGrad kernel', () => {
  for (const backend of [WASM, PLAIN]) {
    it(`${backend}: equals the composite bit for bit, n = 37 with specials`, () => {
      const x = values(37);
      const dy = values(37).reverse();
      const run = (name: string) => {
        setBackend(name);
        return [...(reluGrad(tensor(dy), tensor(x)).dataSync() as Float32Array)];
      };
      expect(bits([run(backend)])).toEqual(bits([run('cpu')]));
    });
  }
});

describe('fusedMatmul kernel', () => {
  // The same GEMM runs in both, so the fused epilogue must reproduce add → relu bit for bit;
  // N = 37 leaves SIMD tails, [128,300]·[300,130] is large enough to be split across threads.
  const sizes: [number, number, number][] = [
    [5, 9, 37],
    [1, 1, 1],
    [128, 300, 130],
  ];
  for (const backend of [WASM, THREADS, PLAIN]) {
    for (const [M, K, N] of sizes) {
      it(`${backend}: equals matmul → add → relu on the same backend, [${M},${K}]·[${K},${N}]`, () => {
        setBackend(backend);
        const a = tensor(values(M * K), [M, K]);
        const b = tensor(
          Array.from({ length: K * N }, () => gen.normal()),
          [K, N],
        );
        const bias = tensor(values(N), [N]);
        const stats = (setBackend(backend) as WasmBackend).stats;
        const before = stats.fusedMatmul?.wasm ?? 0;
        for (const activation of ['relu', 'linear'] as const) {
          const fused = fusedMatmul(a, b, { bias, activation });
          const z = add(matmul(a, b), bias);
          const composite = activation === 'relu' ? relu(z) : z;
          expect(bits([[...(fused.dataSync() as Float32Array)]])).toEqual(
            bits([[...(composite.dataSync() as Float32Array)]]),
          );
          if (backend !== PLAIN) expect(fused.dataId).toBeInstanceOf(HeapData);
        }
        const noBias = fusedMatmul(a, b, { activation: 'relu' });
        expect(bits([[...(noBias.dataSync() as Float32Array)]])).toEqual(
          bits([[...(relu(matmul(a, b)).dataSync() as Float32Array)]]),
        );
        expect(stats.fusedMatmul?.wasm ?? 0).toBe(backend === PLAIN ? 0 : before + 3);
      });
    }
  }
});

describe('softmaxCrossEntropy kernel', () => {
  for (const backend of [WASM, PLAIN]) {
    it(`${backend}: equals the composite on the CPU bit for bit, with specials`, () => {
      const [n, c] = [11, 10];
      const x = values(n * c).map((v) => (Number.isFinite(v) ? 10 * v : v));
      const labels = Array.from({ length: n }, (_, i) => (i * 7) % c);
      const run = (name: string) => {
        setBackend(name);
        const loss = softmaxCrossEntropy(tensor(x, [n, c]), tensor(labels, [n], 'int32'));
        return [...(loss.dataSync() as Float32Array)];
      };
      const stats = (setBackend(backend) as WasmBackend).stats;
      const before = stats.softmaxCrossEntropy?.wasm ?? 0;
      expect(bits([run(backend)])).toEqual(bits([run('cpu')]));
      expect(stats.softmaxCrossEntropy?.wasm ?? 0).toBe(backend === PLAIN ? 0 : before + 1);
    });
  }
});
