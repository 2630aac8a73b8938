import {
  add,
  dispose,
  exp,
  matmul,
  memory,
  mul,
  randn,
  scope,
  setBackend,
  slice,
  sum,
} from '@tsgrad/tensor';
import { describe, expect, it } from 'vitest';
import { GpujsBackend } from './backend.js';
import { registerGpujsBackend } from './register.js';

describe('memory', () => {
  const name = registerGpujsBackend({ mode: 'webasm', name: 'gpujs-memory', priority: 0 });

  it('dispose frees buffers and memory() reports them', () => {
    const backend = setBackend(name) as GpujsBackend;
    const before = backend.memory();
    const a = randn([16, 16], { seed: 1 });
    const b = exp(a);
    expect(backend.memory().numBuffers).toBe(before.numBuffers + 2);
    expect(backend.memory().numBytes).toBe(before.numBytes + 2 * 256 * 4);
    expect(memory().backends[name].numBuffers).toBe(backend.memory().numBuffers);
    dispose([a, b]);
    expect(backend.memory()).toEqual(before);
    setBackend('cpu');
  });

  it('a loop inside scope does not grow, and the scope releases everything it made', () => {
    const backend = setBackend(name) as GpujsBackend;
    const before = backend.memory().numBuffers;
    const counts: number[] = [];
    scope(() => {
      let w = randn([8, 8], { seed: 2 });
      for (let i = 0; i < 20; i++) {
        const prev = w;
        w = scope(() => add(mul(matmul(prev, prev), 0.1), sum(prev)));
        prev.dispose();
        counts.push(backend.memory().numBuffers);
      }
    });
    expect(new Set(counts).size).toBe(1);
    expect(backend.memory().numBuffers).toBe(before);
    setBackend('cpu');
  });

  it('a contiguous slice is a view that outlives its base, and frees it when it goes', async () => {
    const backend = setBackend(name) as GpujsBackend;
    const before = backend.memory();
    const x = randn([4, 8], { seed: 3 });
    const expected = Array.from(x.dataSync()).slice(8, 24);
    const runs = backend.stats.kernelRuns;
    const v = slice(x, [1, 0], [2, -1]);
    expect(backend.stats.kernelRuns).toBe(runs); // no kernel: a view
    x.dispose();
    expect(Array.from(await v.data())).toEqual(expected);
    const y = scope(() => add(v, 1));
    expect(Array.from(await y.data())).toEqual(expected.map((e) => Math.fround(e + 1)));
    dispose([v, y]);
    expect(backend.memory()).toEqual(before);
    setBackend('cpu');
  });

  it('reads a disposed buffer with a clear error', () => {
    const backend = new GpujsBackend({ mode: 'cpu' });
    const id = backend.write(new Float32Array([1]), 'float32');
    backend.dispose(id);
    expect(() => backend.readSync!(id)).toThrow(/disposed/);
    expect(backend.memory()).toEqual({ numBuffers: 0, numBytes: 0 });
  });
});
