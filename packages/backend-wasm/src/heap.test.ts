import {
  add,
  getBackend,
  matmul,
  memory,
  mul,
  randn,
  relu,
  scope,
  setBackend,
  slice,
  tensor,
} from '@tsgrad/tensor';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { WasmBackend } from './backend.js';
import { Heap, HeapData, sizeClass } from './heap.js';
import { registerWasmBackend } from './register.js';

afterEach(() => {
  setBackend('cpu');
});

describe('sizeClass', () => {
  it('rounds to 64 bytes up to 1 KiB, then to eighths of a power of two', () => {
    expect([0, 1, 64, 65, 1000, 1024].map(sizeClass)).toEqual([64, 64, 64, 128, 1024, 1024]);
    expect(sizeClass(1025)).toBe(1152);
    expect(sizeClass(401_408)).toBe(425_984);
    for (let b = 1; b < 1e6; b = Math.ceil(b * 1.37)) {
      const c = sizeClass(b);
      expect(c).toBeGreaterThanOrEqual(b);
      expect(c % 64).toBe(0);
      expect(c / b).toBeLessThanOrEqual(b <= 1024 ? 64 : 1.125);
    }
  });
});

describe('Heap', () => {
  it('reuses freed blocks of the same class and grows the memory for new ones', () => {
    const memory = new WebAssembly.Memory({ initial: 1 });
    const heap = new Heap(memory, 100, 1 << 24);
    const a = heap.alloc(1000)!;
    expect(a.ptr % 64).toBe(0);
    expect(a.ptr).toBeGreaterThanOrEqual(100);
    const b = heap.alloc(200_000)!;
    expect(memory.buffer.byteLength).toBeGreaterThanOrEqual(b.ptr + 200_000);
    heap.release(a);
    const c = heap.alloc(999)!;
    expect(c.ptr).toBe(a.ptr);
    expect(heap.counts).toEqual({ reused: 1, fresh: 2, overLimit: 0 });
    expect(heap.inUse).toBe(c.bytes + b.bytes);
  });

  it('refuses tensors past its limit but not forced scratch', () => {
    const memory = new WebAssembly.Memory({ initial: 1 });
    const heap = new Heap(memory, 0, 4096);
    expect(heap.alloc(4096)).not.toBeNull();
    expect(heap.alloc(64)).toBeNull();
    expect(heap.counts.overLimit).toBe(1);
    expect(heap.alloc(64, true)).not.toBeNull();
  });

  it('names the problem when the memory cannot grow', () => {
    const memory = new WebAssembly.Memory({ initial: 1, maximum: 1 });
    const heap = new Heap(memory, 0, 1 << 30);
    expect(heap.alloc(1 << 20)).toBeNull();
    expect(() => heap.alloc(1 << 20, true)).toThrow(/out of WebAssembly memory/);
  });
});

describe('tensors in WebAssembly memory', () => {
  const NAME = registerWasmBackend({ name: 'wasm-heap', priority: 0 });

  it('float32 tensors and kernel results live in the heap; other dtypes in JavaScript arrays', () => {
    setBackend(NAME);
    const x = tensor([1, -2, 3]);
    const y = relu(x);
    const n = tensor([1, 2], [2], 'int32');
    expect(x.dataId).toBeInstanceOf(HeapData);
    expect(y.dataId).toBeInstanceOf(HeapData);
    expect(n.dataId).not.toBeInstanceOf(HeapData);
    expect(y.toArray()).toEqual([1, 0, 3]);
  });

  it('reads are copies, so later kernels reusing the block cannot change them', () => {
    setBackend(NAME);
    const x = tensor([1, 2, 3, 4]);
    const y = mul(x, 2);
    const seen = y.dataSync();
    y.dispose();
    // The freed block is the next one of its class handed out.
    const z = add(x, 100);
    expect([...seen]).toEqual([2, 4, 6, 8]);
    expect([...z.dataSync()]).toEqual([101, 102, 103, 104]);
  });

  it('survives memory growth (views of a grown non-shared memory are remade)', () => {
    setBackend(NAME);
    const small = tensor([5, 6, 7]);
    const before = (getBackend().info!().wasmMemoryBytes as number) ?? 0;
    const big = randn([1024, 1024], { seed: 3 }); // 4 MiB: the memory grows
    const after = getBackend().info!().wasmMemoryBytes as number;
    expect(after).toBeGreaterThan(before);
    expect(small.toArray()).toEqual([5, 6, 7]);
    expect(add(small, 1).toArray()).toEqual([6, 7, 8]);
    big.dispose();
  });

  it('reuses the same blocks step after step (no new memory in steady state)', () => {
    setBackend(NAME);
    const backend = getBackend() as WasmBackend;
    const x = randn([32, 64], { seed: 1 });
    const w = randn([64, 16], { seed: 2 });
    const step = () => scope(() => void relu(add(matmul(x, w), 1)).dataSync());
    step();
    const heap = () => backend.info().heap as { fresh: number; extent: number; inUse: number };
    const { fresh, extent, inUse } = heap();
    for (let i = 0; i < 5; i++) step();
    expect(heap().fresh).toBe(fresh);
    expect(heap().extent).toBe(extent);
    expect(heap().inUse).toBe(inUse);
  });

  it('a contiguous slice is a view that outlives its parent; others are copies', () => {
    setBackend(NAME);
    const backend = getBackend() as WasmBackend;
    const parent = tensor([
      [1, 2, 3],
      [4, 5, 6],
    ]);
    const row = slice(parent, [1], [1]);
    const col = slice(parent, [0, 1], [2, 1]);
    const rowId = row.dataId as HeapData;
    expect(rowId).toBeInstanceOf(HeapData);
    expect(rowId.block).toBe((parent.dataId as HeapData).block);
    expect(col.dataId).not.toBeInstanceOf(HeapData);
    const inUse = (backend.info().heap as { inUse: number }).inUse;
    parent.dispose();
    // The block stays in use while the view lives, and is freed with it.
    expect((backend.info().heap as { inUse: number }).inUse).toBe(inUse);
    expect(row.toArray()).toEqual([[4, 5, 6]]);
    expect(col.toArray()).toEqual([[2], [5]]);
    row.dispose();
    expect((backend.info().heap as { inUse: number }).inUse).toBe(inUse - rowId.block.bytes);
  });

  it('past heapLimit, results go to JavaScript arrays and stay correct, with one warning', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const tiny = registerWasmBackend({ name: 'wasm-tiny', heapLimit: 4096, priority: 0 });
    setBackend(tiny);
    const backend = getBackend() as WasmBackend;
    const a = randn([40, 30], { seed: 5 }); // 4800 bytes: over the limit already
    const b = randn([30, 20], { seed: 6 });
    const c = matmul(a, b);
    expect(a.dataId).not.toBeInstanceOf(HeapData);
    expect(c.dataId).not.toBeInstanceOf(HeapData);
    expect(backend.stats.matmul.wasm).toBe(1);
    setBackend('cpu');
    const expected = matmul(tensor(a.toArray() as number[][]), tensor(b.toArray() as number[][]));
    const got = c.dataSync();
    const want = expected.dataSync();
    for (let i = 0; i < want.length; i++) expect(got[i]).toBeCloseTo(want[i], 4);
    expect((backend.info().heap as { overLimit: number }).overLimit).toBeGreaterThan(0);
    expect(warn).toHaveBeenCalledTimes(1);
    expect(warn.mock.calls[0][0]).toMatch(
      /'wasm-tiny': tensors reached heapLimit \(4096 bytes of WebAssembly memory\)/,
    );
    warn.mockRestore();
  });

  it('counts live buffers and bytes back to where they were', () => {
    setBackend(NAME);
    const base = { ...memory().backends[NAME] };
    const t = tensor([1, 2, 3, 4]);
    const s = slice(t, [2], [2]);
    expect(memory().backends[NAME].numTensors).toBe(base.numTensors + 2);
    t.dispose();
    s.dispose();
    expect(memory().backends[NAME]).toEqual(base);
  });
});

describe('a backend without SIMD', () => {
  it('keeps every tensor in JavaScript arrays', () => {
    const backend = new WasmBackend({ name: 'wasm-plain', disableSimd: true });
    const id = backend.write(new Float32Array([1, 2]), 'float32');
    expect(id).not.toBeInstanceOf(HeapData);
    expect(backend.info().heap).toBeUndefined();
  });
});
