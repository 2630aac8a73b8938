import { Generator, broadcastTo, cast, greater, oneHot, setBackend, tensor } from '@tsgrad/tensor';
import { afterEach, describe, expect, it } from 'vitest';
import type { WasmBackend } from './backend.js';
import { registerWasmBackend } from './register.js';

// cast to float32, broadcastTo and oneHot in WebAssembly against the CPU backend: exact.
const NAME = registerWasmBackend({ name: 'wasm-shape', priority: 0 });
afterEach(() => setBackend('cpu'));
const gen = new Generator(5);
const stats = (op: string) => ({
  ...((setBackend(NAME) as WasmBackend).stats[op] ?? { wasm: 0, fallback: 0 }),
});

function onBoth<T>(fn: () => T, read: (t: T) => unknown): [unknown, unknown] {
  setBackend('cpu');
  const ref = read(fn());
  setBackend(NAME);
  return [ref, read(fn())];
}
const arr = (t: { dataSync(): ArrayLike<number> }) => Array.from(t.dataSync(), String);

describe('cast to float32', () => {
  for (const n of [1, 3, 4, 7, 33]) {
    it(`bool, int32 and float32 sources, n = ${n}`, () => {
      const before = stats('cast').wasm;
      const values = Array.from({ length: n }, (_, i) =>
        i % 3 === 0 ? Number.NaN : 100 * gen.normal(),
      );
      const [r1, g1] = onBoth(() => cast(greater(tensor(values), 0), 'float32'), arr);
      expect(g1).toEqual(r1);
      const ints = values.map((v) => (Number.isNaN(v) ? -7 : Math.round(v * 1e6)));
      const [r2, g2] = onBoth(() => cast(tensor(ints, [n], 'int32'), 'float32'), arr);
      expect(g2).toEqual(r2);
      expect(stats('cast').wasm).toBe(before + 2);
    });
  }

  it('other targets use the TypeScript kernel', () => {
    const before = stats('cast').fallback;
    const [r, g] = onBoth(() => cast(tensor([1.7, -2.5, Number.NaN]), 'int32'), arr);
    expect(g).toEqual(r);
    expect(stats('cast').fallback).toBe(before + 1);
  });
});

describe('broadcastTo', () => {
  const cases: [number[], number[]][] = [
    [[1], [33]],
    [[], [5, 3]],
    [
      [7, 1],
      [7, 10],
    ],
    [[10], [6, 10]],
    [
      [1, 10],
      [6, 10],
    ],
    [
      [2, 1, 3],
      [4, 2, 5, 3],
    ],
  ];
  for (const [from, to] of cases) {
    it(`[${from}] → [${to}]`, () => {
      const n = from.reduce((p, d) => p * d, 1);
      const values = Array.from({ length: n }, () => gen.normal());
      const [r, g] = onBoth(() => broadcastTo(tensor(values, from), to), arr);
      expect(g).toEqual(r);
    });
  }

  it('runs the planned layouts in WebAssembly and the rest in TypeScript', () => {
    const before = stats('broadcastTo');
    broadcastTo(tensor([1, 2, 3], [3, 1]), [3, 4]);
    broadcastTo(tensor([1, 2, 3, 4, 5, 6], [2, 1, 3]), [4, 2, 5, 3]);
    const after = stats('broadcastTo');
    expect(after.wasm).toBe(before.wasm + 1);
    expect(after.fallback).toBe(before.fallback + 1);
  });
});

describe('oneHot', () => {
  it('matches the reference, with on/off values and 2-D labels', () => {
    const before = stats('oneHot').wasm;
    const labels = [0, 3, 9, 1, 2, 5, 5];
    const [r1, g1] = onBoth(() => oneHot(tensor(labels, [7], 'int32'), 10), arr);
    expect(g1).toEqual(r1);
    const [r2, g2] = onBoth(
      () =>
        oneHot(tensor([0, 3, 1, 2, 3, 0], [2, 3], 'int32'), 4, { onValue: 0.9, offValue: 0.025 }),
      arr,
    );
    expect(g2).toEqual(r2);
    expect(stats('oneHot').wasm).toBe(before + 2);
  });
});
