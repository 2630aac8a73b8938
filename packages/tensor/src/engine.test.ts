import { afterEach, describe, expect, it } from 'vitest';
import type { Backend } from './backend.js';
import { CpuBackend } from './backends/cpu/index.js';
import { BackendError, DisposedError } from './errors.js';
import {
  add,
  dispose,
  exp,
  getBackend,
  keep,
  listBackends,
  memory,
  mul,
  ones,
  registerBackend,
  removeBackend,
  reshape,
  scope,
  setBackend,
  sum,
  tensor,
  zeros,
} from './index.js';
import type { Tensor } from './tensor.js';

const live = () => memory().numTensors;

afterEach(() => {
  setBackend('cpu');
});

describe('scope', () => {
  it('disposes tensors made inside except the returned ones', () => {
    const before = live();
    let inner: Tensor | undefined;
    const out = scope(() => {
      inner = add(ones([2]), 1);
      return mul(inner, 2);
    });
    expect(inner!.isDisposed).toBe(true);
    expect(out.isDisposed).toBe(false);
    expect(out.toArray()).toEqual([4, 4]);
    expect(live()).toBe(before + 1);
  });
  it('keeps tensors found in returned arrays, objects and Maps', () => {
    const { a, list, map } = scope(() => ({
      a: ones([1]),
      list: [zeros([1]), 3],
      map: new Map([['m', ones([2])]]),
    }));
    expect(a.isDisposed).toBe(false);
    expect((list[0] as Tensor).isDisposed).toBe(false);
    expect(map.get('m')!.isDisposed).toBe(false);
  });
  it('keep() exempts a tensor; tensors from outside are untouched', () => {
    const outside = ones([1]);
    let kept: Tensor | undefined;
    scope(() => {
      kept = keep(add(outside, 1));
      add(outside, 2);
    });
    expect(kept!.isDisposed).toBe(false);
    expect(outside.isDisposed).toBe(false);
  });
  it('nested scopes: a result returned by the inner scope belongs to the outer one', () => {
    let mid: Tensor | undefined;
    const out = scope(() => {
      mid = scope(() => ones([1]));
      expect(mid.isDisposed).toBe(false);
      return zeros([1]);
    });
    expect(mid!.isDisposed).toBe(true);
    expect(out.isDisposed).toBe(false);
  });
  it('memory() stays flat in a loop that runs each step in a scope', () => {
    const w = ones([4, 4]);
    const counts: number[] = [];
    for (let i = 0; i < 20; i++) {
      scope(() => sum(mul(add(w, i), w)).item());
      counts.push(live());
    }
    expect(new Set(counts).size).toBe(1);
  });
  it('async scopes span awaits and dispose when the promise settles', async () => {
    const before = live();
    let inner: Tensor | undefined;
    const out = await scope(async () => {
      inner = ones([3]);
      await new Promise((r) => setTimeout(r, 1));
      const v = await inner.data();
      expect(inner.isDisposed).toBe(false);
      return tensor(Array.from(v, (x) => x * 2));
    });
    expect(inner!.isDisposed).toBe(true);
    expect(out.toArray()).toEqual([2, 2, 2]);
    expect(live()).toBe(before + 1);
  });
  it('concurrent async scopes keep their tensors apart', async () => {
    const made: Tensor[][] = [[], []];
    // The slow scope waits on a gate the test opens only after the fast one has finished, so
    // the interleaving is fixed (timers would race under load).
    let openGate!: () => void;
    const gate = new Promise<void>((r) => {
      openGate = r;
    });
    const run = (k: number, wait: Promise<void>) =>
      scope(async () => {
        made[k].push(ones([1]));
        await wait;
        made[k].push(ones([1]));
        return made[k][0];
      });
    const slow = run(0, gate);
    const fast = run(1, Promise.resolve());
    await fast;
    // The slow scope is still running: nothing of it is disposed yet.
    expect(made[0]).toHaveLength(1);
    expect(made[0].every((t) => !t.isDisposed)).toBe(true);
    expect(made[1][1].isDisposed).toBe(true);
    openGate();
    await slow;
    expect(made[0][0].isDisposed).toBe(false);
    expect(made[0][1].isDisposed).toBe(true);
  });
  it('disposes its tensors when the function throws', () => {
    const before = live();
    let inner: Tensor | undefined;
    expect(() =>
      scope(() => {
        inner = ones([2]);
        throw new Error('boom');
      }),
    ).toThrow('boom');
    expect(inner!.isDisposed).toBe(true);
    expect(live()).toBe(before);
  });
  it('disposes its tensors when the async function rejects', async () => {
    const before = live();
    let inner: Tensor | undefined;
    await expect(
      scope(async () => {
        inner = ones([2]);
        await Promise.resolve();
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(inner!.isDisposed).toBe(true);
    expect(live()).toBe(before);
  });
});

describe('dispose and memory', () => {
  it('using a disposed tensor throws DisposedError; dispose is idempotent', () => {
    const x = ones([2]);
    x.dispose();
    x.dispose();
    expect(x.isDisposed).toBe(true);
    expect(() => x.dataSync()).toThrow(DisposedError);
    expect(() => add(x, 1)).toThrow(DisposedError);
    expect(() => add(x, 1)).toThrow(`tensor: tensor #${x.id} [2] was disposed`);
    expect(() => reshape(x, [1, 2])).toThrow(DisposedError);
    expect(x.toString()).toBe('Tensor(disposed, shape=[2], dtype=float32)');
  });
  it('await data() of a disposed tensor rejects', async () => {
    const x = ones([1]);
    x.dispose();
    await expect(x.data()).rejects.toThrow(DisposedError);
  });
  it('memory() counts tensors and bytes; dispose() gives them back', () => {
    const before = memory();
    const x = zeros([10], 'float64');
    const y = zeros([3], 'int32');
    const during = memory();
    expect(during.numTensors - before.numTensors).toBe(2);
    expect(during.numBytes - before.numBytes).toBe(80 + 12);
    expect(during.backends.cpu.numBuffers - before.backends.cpu.numBuffers).toBe(2);
    dispose([x, { y }]);
    expect(memory().numTensors).toBe(before.numTensors);
    expect(memory().numBytes).toBe(before.numBytes);
    expect(memory().backends.cpu.numBuffers).toBe(before.backends.cpu.numBuffers);
  });
  it('shared storage is freed when its last tensor goes', () => {
    const before = memory().backends.cpu.numBuffers;
    const x = ones([4]);
    const y = reshape(x, [2, 2]);
    x.dispose();
    expect(memory().backends.cpu.numBuffers).toBe(before + 1);
    y.dispose();
    expect(memory().backends.cpu.numBuffers).toBe(before);
  });
  it('assign() replaces a leaf in place without growing memory', () => {
    const w = zeros([3]);
    const one = ones([3]);
    const before = live();
    for (let i = 0; i < 5; i++) {
      const next = add(w, one);
      w.assign(next);
      next.dispose();
    }
    expect(live()).toBe(before);
    expect(w.toArray()).toEqual([5, 5, 5]);
  });
});

describe('backends', () => {
  it('the CPU backend is registered and the default', () => {
    expect(listBackends()).toContain('cpu');
    expect(getBackend().name).toBe('cpu');
  });
  it('an unknown name lists the registered backends', () => {
    expect(() => setBackend('nope')).toThrow(BackendError);
    expect(() => setBackend('nope')).toThrow(
      "setBackend: no backend named 'nope' is registered (registered: cpu",
    );
  });
  it('a missing kernel names the op and the backend', () => {
    registerBackend('partial', () => {
      const cpu = new CpuBackend();
      return Object.assign(cpu, {
        name: 'partial',
        kernels: { ...cpu.kernels, exp: undefined },
      }) as Backend;
    });
    try {
      setBackend('partial');
      expect(() => ones([1]).dataSync()).not.toThrow();
      expect(() => tensor([1]).dataSync()).not.toThrow();
      expect(() => exp(tensor([1]))).toThrow("exp: backend 'partial' has no kernel for 'exp'");
    } finally {
      setBackend('cpu');
      removeBackend('partial');
    }
  });
  it('an asynchronous backend: dataSync throws, data() works, ops on its tensors from the CPU need a move', async () => {
    registerBackend('async', () => {
      const cpu = new CpuBackend();
      return {
        name: 'async',
        kernels: cpu.kernels,
        write: cpu.write.bind(cpu),
        read: cpu.read.bind(cpu),
        dispose: cpu.dispose.bind(cpu),
        memory: cpu.memory.bind(cpu),
      } as Backend;
    });
    try {
      setBackend('async');
      const x = add(tensor([1, 2]), 1);
      expect(() => x.dataSync()).toThrow(
        "dataSync: backend 'async' reads asynchronously; use await t.data()",
      );
      expect(Array.from(await x.data())).toEqual([2, 3]);
      expect(x.toString()).toBe('Tensor(shape=[2], dtype=float32, backend=async)');
      setBackend('cpu');
      expect(() => add(x, 1)).toThrow(
        "add: input lives on 'async', which cannot read synchronously",
      );
    } finally {
      setBackend('cpu');
      removeBackend('async');
    }
  });
  it('tensors made on one synchronous backend are usable on another', () => {
    registerBackend('cpu2', () => Object.assign(new CpuBackend(), { name: 'cpu2' }));
    try {
      const x = tensor([1, 2]);
      setBackend('cpu2');
      const y = add(x, 1);
      expect(y.backend.name).toBe('cpu2');
      expect(y.toArray()).toEqual([2, 3]);
    } finally {
      setBackend('cpu');
      removeBackend('cpu2');
    }
  });
});
