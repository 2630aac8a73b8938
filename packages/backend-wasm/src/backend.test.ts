import { gradients, noGrad } from '@tsgrad/autograd';
import {
  Generator,
  type Tensor,
  add,
  getBackend,
  logSoftmax,
  matmul,
  mean,
  memory,
  mul,
  neg,
  oneHot,
  randint,
  randn,
  relu,
  scope,
  setBackend,
  sub,
  sum,
  tensor,
  zeros,
} from '@tsgrad/tensor';
import { afterEach, describe, expect, it } from 'vitest';
import { WasmBackend } from './backend.js';
import { registerWasmBackend } from './register.js';
import { _forceUnsupported, ready } from './module.js';

const NAME = registerWasmBackend({ priority: 0 });

afterEach(() => {
  setBackend('cpu');
});

/** A few SGD steps of a small MLP; returns the losses. */
function train(backend: string, steps: number): number[] {
  setBackend(backend);
  const gen = new Generator(3);
  const dims = [20, 16, 8, 4];
  const params: Tensor[] = [];
  for (let l = 0; l < 3; l++) {
    params.push(mul(randn([dims[l], dims[l + 1]], { generator: gen }), 0.4).requireGrad());
    params.push(zeros([dims[l + 1]]).requireGrad());
  }
  const x = randn([10, 20], { generator: gen });
  const y = oneHot(randint(0, 4, [10], { generator: gen }), 4);
  const losses: number[] = [];
  for (let s = 0; s < steps; s++) {
    scope(() => {
      let h = x;
      for (let l = 0; l < 3; l++) {
        h = add(matmul(h, params[2 * l]), params[2 * l + 1]);
        if (l < 2) h = relu(h);
      }
      const loss = neg(mean(sum(mul(logSoftmax(h), y), -1)));
      losses.push(loss.item());
      const grads = gradients(loss, params);
      noGrad(() => {
        for (let i = 0; i < params.length; i++)
          params[i].assign(sub(params[i], mul(grads[i], 0.1)));
      });
    });
  }
  return losses;
}

describe('the wasm backend in the engine', () => {
  it('registers under its name and reports SIMD', () => {
    const backend = setBackend(NAME);
    expect(backend.name).toBe('wasm');
    const info = getBackend().info!();
    expect(info.simd).toBe(true);
    expect(info.fallbackReason).toBeUndefined();
    expect(info.accelerated).toContain('matmul');
  });

  it('trains an MLP to the same losses as the CPU backend', () => {
    const cpu = train('cpu', 8);
    const wasm = train(NAME, 8);
    expect(cpu[7]).toBeLessThan(cpu[0]);
    for (let i = 0; i < cpu.length; i++) expect(wasm[i]).toBeCloseTo(cpu[i], 4);
    const stats = (getBackend() as WasmBackend).stats;
    expect(stats.matmul.wasm).toBeGreaterThan(0);
    expect(stats.add.wasm).toBeGreaterThan(0);
  });

  it('keeps live tensors and buffers flat across training steps', () => {
    setBackend(NAME);
    const x = randn([32, 64], { seed: 1 });
    const w = randn([64, 16], { seed: 2 });
    const base = { ...memory().backends[NAME] };
    for (let i = 0; i < 5; i++) {
      scope(() => {
        relu(add(matmul(x, w), 1));
      });
    }
    const now = memory().backends[NAME];
    expect(now.numTensors).toBe(base.numTensors);
    expect(now.numBuffers).toBe(base.numBuffers);
    expect(now.numBytes).toBe(base.numBytes);
  });

  it('reads tensors made on the CPU backend', () => {
    setBackend('cpu');
    const a = tensor([
      [1, 2],
      [3, 4],
    ]);
    setBackend(NAME);
    const b = tensor([
      [1, 0],
      [0, 1],
    ]);
    expect(matmul(a, b).toArray()).toEqual([
      [1, 2],
      [3, 4],
    ]);
    expect(add(a, b).toArray()).toEqual([
      [2, 2],
      [3, 5],
    ]);
  });

  it('ready() resolves once the module compiles', async () => {
    await expect(ready()).resolves.toEqual({ ok: true });
  });
});

describe('without SIMD', () => {
  it('disableSimd runs every op on the TypeScript kernels and says so', () => {
    const backend = new WasmBackend({ name: 'wasm-off', disableSimd: true });
    expect(backend.simd).toBe(false);
    expect(backend.info().fallbackReason).toBe('disabled by the disableSimd option');
    expect(Object.keys(backend.kernels).sort()).toEqual(
      Object.keys(new WasmBackend().kernels).sort(),
    );
  });

  it('an engine without SIMD gets the TypeScript kernels and the reason', () => {
    _forceUnsupported('this WebAssembly engine does not support 128-bit SIMD');
    try {
      const backend = new WasmBackend();
      expect(backend.simd).toBe(false);
      expect(backend.fallbackReason).toMatch(/128-bit SIMD/);
      const id = backend.write(new Float32Array([1, -2, 3]), 'float32');
      const out = backend.kernels.relu!({
        inputs: [{ dataId: id, shape: [3], dtype: 'float32', size: 3 }],
        attrs: undefined,
        outShape: [3],
        outDtype: 'float32',
      });
      expect([...backend.readSync(out)]).toEqual([1, 0, 3]);
      expect(backend.stats).toEqual({});
    } finally {
      _forceUnsupported(undefined);
    }
    expect(new WasmBackend().simd).toBe(true);
  });
});
