import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { naiveMatmul } from './cases/matmul.js';
import { batches, loadMnistArrays, permutation } from './data.js';
import { type BenchOptions, FULL, groupsOf, runGroup, runsGroup } from './group.js';
import {
  collect,
  goals,
  notes,
  outcomeTable,
  speedTable,
  trafficTable,
  tsgradBest,
} from './report.js';
import type { ChildResult, ChildUnavailable, Row } from './result.js';
import { isFailure, isUnavailable, runChild } from './spawn.js';
import { SYSTEM_IDS, type SystemId, isGpujs, liveTensors, setUpSystem } from './systems.js';

/** Tiny sizes: this checks the harness and the cross-checks, not speed. */
const TINY: BenchOptions = {
  ...FULL,
  measure: { warmupMs: 1, targetMs: 5, maxMs: 50, minSamples: 2, sampleMs: 1 },
  matmulSizes: [16],
  mlpBatches: [32],
  cnnBatch: 4,
  cnnWarmupSteps: 1,
  cnnSteps: 1,
  mlpWarmupSteps: 2,
  limit: { train: 256, test: 100 },
  gpujs: { mlpWarmupSteps: 1, mlpSteps: 3, cnnWarmupSteps: 1, cnnSteps: 1 },
};

/**
 * Every system that needs nothing outside node_modules. gpu.js's headlessgl needs the native
 * `gl` build and an X display, and its webgpu mode Dawn on a working EGL; neither can share a
 * process with the other, so they are exercised by `pnpm bench` (one process each) and, for
 * the unavailable path, by the child-process test below.
 */
const IN_PROCESS = SYSTEM_IDS.filter((s) => s !== 'gpujs-headlessgl' && s !== 'gpujs-webgpu');

describe('data', () => {
  it('a seeded permutation visits every index once, the same for every caller', () => {
    const p = permutation(1000, 2);
    expect([...p].sort((a, b) => a - b)).toEqual([...Array(1000).keys()]);
    expect([...permutation(1000, 2)]).toEqual([...p]);
    expect([...permutation(1000, 3)]).not.toEqual([...p]);
  });

  it('batches cover the epoch, the last one smaller', async () => {
    const data = await loadMnistArrays({ train: 100, test: 10 });
    const order = permutation(100, 1);
    const sizes = [...batches(data.trainImages, data.trainLabels, order, 32)].map((b) => b.size);
    expect(sizes).toEqual([32, 32, 32, 4]);
    const [first] = batches(data.trainImages, data.trainLabels, order, 32);
    expect(first.y[0]).toBe(data.trainLabels[order[0]]);
    expect([...first.x.subarray(0, 784)]).toEqual([
      ...data.trainImages.subarray(order[0] * 784, order[0] * 784 + 784),
    ]);
  });
});

describe('naiveMatmul', () => {
  it('multiplies', () => {
    const c = new Float32Array(4);
    naiveMatmul(new Float32Array([1, 2, 3, 4]), new Float32Array([5, 6, 7, 8]), c, 2);
    expect([...c]).toEqual([19, 22, 43, 50]);
  });
});

describe('bench smoke run, in this process', () => {
  it('runs every group on every system with agreeing checks, and prints the tables', async () => {
    const data = await loadMnistArrays(TINY.limit);
    const results: ChildResult[] = [];
    for (const system of IN_PROCESS) {
      const ctx = await setUpSystem(system);
      const rows = [];
      for (const group of groupsOf(TINY).filter((g) => runsGroup(system, g))) {
        const before = await liveTensors(ctx);
        // tfjs cpu takes seconds per CNN step even here: one step, reported too slow.
        const o = system === 'tfjs-cpu' ? { ...TINY, slowStepSeconds: 0 } : TINY;
        const got = await runGroup(ctx, group, o, data);
        // A step that threw (tfjs wasm's missing kernel) leaves TensorFlow.js's tensors behind.
        if (got.every((r) => r.status !== 'unsupported'))
          expect(await liveTensors(ctx), `${system} ${group} leaked tensors`).toBe(before);
        rows.push(...got);
      }
      // As child.ts does: what the backend learnt while running, read before it is closed.
      const info = { ...ctx.info, ...(ctx.kind === 'tsgrad' ? ctx.finalInfo?.() : {}) };
      if (ctx.kind === 'tsgrad') await ctx.close();
      results.push({
        system,
        group: 'all',
        rows,
        info,
        peakRssMb: 1,
        baselineRssMb: 1,
        timedPeakRssMb: 1,
        gc: { count: 0, ms: 0, timedMs: 1 },
        seconds: 1,
      });
    }
    const c = collect(results, new Map());
    expect(c.ids).toEqual(['matmul-16', 'mlp-32', 'cnn-4']);
    expect(c.mismatches).toEqual([]);
    const mlp = c.rows.get('mlp-32')!;
    expect([...mlp.keys()]).toEqual(IN_PROCESS.filter((s) => s !== 'plain-js'));
    for (const [s, r] of mlp) {
      expect(r.status).toBe('ok');
      expect(r.value).toBeGreaterThan(0);
      if (isGpujs(s)) continue;
      // 8 steps from the same weights on the same batches: every system learns the same way.
      expect(r.extra.testAccuracy).toBeGreaterThan(0.2);
      expect(r.extra.steps).toBe(8);
    }
    // gpu.js trains a fixed number of steps, labelled as such, with its traffic counted. In
    // webasm mode the "device" is host memory: launches, but nothing moved.
    const g = mlp.get('gpujs-webasm')!;
    expect(g.extra.steps).toBe(3);
    expect(g.extra.testAccuracy).toBeUndefined();
    expect(g.span).toBe('3 steps');
    expect(g.note).toMatch(/not a full epoch/);
    expect(g.extra.launchesPerStep).toBeGreaterThan(10);
    expect(g.extra.uploadsPerStep).toBe(0);
    expect(g.extra.readbacksPerStep).toBe(0);
    const info = results.find((r) => r.system === 'gpujs-webasm')!.info;
    expect(info.mode).toBe('webasm');
    expect(info.kernelFallbacks).toEqual({});
    // Its first loss was cross-checked against tsgrad wasm's (no mismatch above).
    expect(c.diffs.get('mlp-32')!.get('gpujs-webasm')).toBeLessThanOrEqual(1e-4);
    expect(c.diffs.get('cnn-4')!.get('gpujs-webasm')).toBeLessThanOrEqual(1e-4);
    expect(c.rows.get('matmul-16')!.get('gpujs-webasm')!.extra.launchesPerStep).toBe(1);
    // TensorFlow.js's wasm backend has no Conv2DBackpropFilter kernel: reported, not hidden.
    const cnn = c.rows.get('cnn-4')!;
    expect(cnn.get('tfjs-wasm')!.status).toBe('unsupported');
    expect(cnn.get('tfjs-wasm')!.note).toMatch(/Conv2DBackpropFilter/);
    expect(cnn.get('tsgrad-wasm')!.status).toBe('ok');
    expect(cnn.get('gpujs-webasm')!.status).toBe('ok');
    expect(cnn.get('tfjs-cpu')!.status).toBe('too-slow');
    expect(cnn.get('tfjs-cpu')!.note).toMatch(/too slow: its first step took/);
    expect(c.rows.get('matmul-16')!.size).toBe(IN_PROCESS.length);

    const table = speedTable(c, IN_PROCESS);
    expect(table).toContain('tsgrad / tfjs wasm');
    expect(table).toContain('cannot train');
    expect(table).toContain('(3 steps)');
    expect(table.split('\n')).toHaveLength(2 + c.ids.length);
    expect(outcomeTable(c, IN_PROCESS)).toContain('mlp-32: test accuracy');
    expect(outcomeTable(c, IN_PROCESS)).toContain('peak RSS while timed');
    expect(trafficTable(c, IN_PROCESS)).toContain('mlp-32: readbacks / step');
    expect(trafficTable(c, IN_PROCESS)).toContain('matmul-16: readbacks / product');
    expect(goals(c).join('\n')).toMatch(/mlp-32: tsgrad .* tfjs wasm \(goal ≥ 3×: (met|NOT met)\)/);
    expect(goals(c).join('\n')).not.toContain('gpujs');
    expect(notes(c).join('\n')).toContain('cannot train');
    expect(notes(c).join('\n')).toContain('gpujs webasm: 3 timed steps after 1 warm-up steps');
  }, 120_000);

  it('flags a system whose check disagrees', () => {
    const c = collect(
      [
        fakeChild('tsgrad-wasm', [fakeRow('mlp-4', 10, [2.3])]),
        fakeChild('tfjs-wasm', [fakeRow('mlp-4', 10, [2.4])]),
      ],
      new Map(),
    );
    expect(c.mismatches).toEqual(['mlp-4']);
    expect(speedTable(c, ['tsgrad-wasm', 'tfjs-wasm'])).toContain('MISMATCH');
  });
});

/** A measured row and a child's result, for the report's own tests. */
const fakeRow = (id: string, value: number, check = [2.3]): Row => ({
  id,
  label: 'x',
  unit: 'samples/s',
  value,
  status: 'ok',
  check,
  tolerance: 1e-4,
  extra: {},
});
const fakeChild = (system: SystemId, rows: Row[]): ChildResult => ({
  system,
  group: rows[0].id,
  rows,
  info: {},
  peakRssMb: 1,
  baselineRssMb: 1,
  timedPeakRssMb: 1,
  gc: { count: 0, ms: 0, timedMs: 1 },
  seconds: 1,
});

describe('report', () => {
  it("never takes a gpu.js system for tsgrad's best, so ratios and goals keep their meaning", () => {
    const c = collect(
      [
        fakeChild('tsgrad-wasm', [fakeRow('mlp-128', 100)]),
        fakeChild('gpujs-webasm', [fakeRow('mlp-128', 1e9)]),
        fakeChild('tfjs-wasm', [fakeRow('mlp-128', 10)]),
      ],
      new Map(),
    );
    expect(tsgradBest(c, 'mlp-128')).toEqual({ value: 100, system: 'tsgrad-wasm' });
    expect(goals(c)).toEqual([
      'mlp-128: tsgrad (tsgrad wasm) 100 samples/s = 10.00× tfjs wasm (goal ≥ 3×: met)',
    ]);
  });

  it('shows a system that cannot start here as unavailable, with the reason, in every case', () => {
    const gone: ChildUnavailable[] = ['matmul', 'mlp-128'].map((group) => ({
      system: 'gpujs-webgpu',
      group,
      unavailable: 'no adapter',
    }));
    const c = collect(
      [fakeChild('tsgrad-wasm', [fakeRow('mlp-128', 100)]), ...gone],
      new Map([['matmul', ['matmul-64']]]),
    );
    expect(c.mismatches).toEqual([]);
    expect(c.failures.size).toBe(0);
    const table = speedTable(c, ['tsgrad-wasm', 'gpujs-webgpu']);
    expect(table.split('\n').filter((l) => l.includes('unavailable'))).toHaveLength(2);
    expect(notes(c)).toEqual(['gpujs webgpu: unavailable: no adapter (not counted as a failure)']);
  });
});

describe('bench smoke run, one child process', () => {
  it('reports rows, peak RSS and GC time from its own process', async () => {
    const logs: string[] = [];
    const r = await runChild('tsgrad-wasm', 'mlp-32', TINY, {
      tsconfig: join(import.meta.dirname, '..', 'tsconfig.json'),
      log: (l) => logs.push(l),
    });
    if (isFailure(r)) throw new Error(`${r.error}\n${logs.join('\n')}`);
    if (isUnavailable(r)) throw new Error(`tsgrad wasm unavailable: ${r.unavailable}`);
    expect(r.rows.map((x) => x.id)).toEqual(['mlp-32']);
    expect(r.peakRssMb).toBeGreaterThanOrEqual(r.timedPeakRssMb);
    expect(r.timedPeakRssMb).toBeGreaterThan(r.baselineRssMb * 0.5);
    expect(r.gc.timedMs).toBeGreaterThan(0);
    expect(r.info.simd).toBe(true);
  }, 120_000);

  it('reports headlessgl without an X display as unavailable, with the reason, not a failure', async () => {
    const { DISPLAY: _, ...env } = process.env;
    const logs: string[] = [];
    const r = await runChild('gpujs-headlessgl', 'matmul', TINY, {
      tsconfig: join(import.meta.dirname, '..', 'tsconfig.json'),
      log: (l) => logs.push(l),
      env,
    });
    if (isFailure(r)) throw new Error(`${r.error}\n${logs.join('\n')}`);
    // Where the native gl module makes a context without X (not Linux's GLX build), it runs.
    if (!isUnavailable(r)) {
      expect(r.info.mode).toBe('headlessgl');
      return;
    }
    expect(r.unavailable).toMatch(/X display|'gl'/);
  }, 120_000);
});
