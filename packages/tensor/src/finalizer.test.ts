import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { keep, memory, scope, tensor } from './index.js';
import { add, mul } from './ops/binary.js';
import type { Tensor } from './tensor.js';

// The finalizer is the safety net for tensors nobody disposed: once garbage-collected, their
// storage is released. Tensors a scope holds are not registered with it (the scope disposes
// them), so a training step inside `scope` costs the finalizer nothing but what it returns.

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

/** Collects until the live-tensor count falls to `target` (finalizers run after a GC, later). */
async function collectTo(target: number): Promise<number> {
  for (let i = 0; i < 50 && memory().numTensors > target; i++) {
    gc();
    await new Promise((r) => setTimeout(r, 5));
  }
  return memory().numTensors;
}

/** Makes tensors with `make` in a function frame of its own, so nothing here keeps them. */
function drop(make: () => unknown): void {
  make();
}

describe('tensors nobody disposed', () => {
  it('made outside any scope are released once garbage-collected', async () => {
    const base = memory().numTensors;
    drop(() => tensor([1, 2, 3]));
    expect(memory().numTensors).toBe(base + 1);
    expect(await collectTo(base)).toBe(base);
  });

  it('that survive the outermost scope are released once garbage-collected', async () => {
    const base = memory().numTensors;
    drop(() => scope(() => add(tensor([1, 2]), 1)));
    expect(memory().numTensors).toBe(base + 1);
    expect(await collectTo(base)).toBe(base);
  });

  it('kept out of a scope are released once garbage-collected', async () => {
    const base = memory().numTensors;
    drop(() =>
      scope(() => {
        keep(mul(tensor([1, 2]), 2));
      }),
    );
    expect(memory().numTensors).toBe(base + 1);
    expect(await collectTo(base)).toBe(base);
  });

  it('release the storage they were last assigned, not the one they started with', async () => {
    const base = memory();
    drop(() => {
      const p = tensor([1, 2, 3, 4]);
      scope(() => p.assign(add(p, 1)));
      expect(p.toArray()).toEqual([2, 3, 4, 5]);
    });
    expect(memory().numTensors).toBe(base.numTensors + 1);
    expect(await collectTo(base.numTensors)).toBe(base.numTensors);
    expect(memory().numBytes).toBe(base.numBytes);
  });
});

describe('tensors a scope holds', () => {
  it('are not registered with the finalizer, and the scope disposes them', () => {
    const base = memory().numTensors;
    const inside: Tensor[] = [];
    const out = scope(() => {
      const a = tensor([1, 2]);
      const b = add(a, 1);
      inside.push(a, b);
      expect(a._held).toBeNull();
      expect(b._held).toBeNull();
      return mul(b, 2);
    });
    expect(inside.every((t) => t.isDisposed)).toBe(true);
    // What leaves the outermost scope is registered, since no scope will dispose it now.
    expect(out._held).not.toBeNull();
    expect(memory().numTensors).toBe(base + 1);
    out.dispose();
    expect(out._held).toBeNull();
  });

  it('that survive an inner scope stay with the outer one until it ends', () => {
    let fromInner: Tensor | undefined;
    scope(() => {
      fromInner = scope(() => add(tensor([1]), 1));
      expect(fromInner._held).toBeNull();
      expect(fromInner.isDisposed).toBe(false);
    });
    expect(fromInner!.isDisposed).toBe(true);
  });
});
