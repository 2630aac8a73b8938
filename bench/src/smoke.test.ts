import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { naiveMatmul } from './cases/matmul.js';
import { batches, loadMnistArrays, permutation } from './data.js';
import { type BenchOptions, FULL, groupsOf, runGroup, runsGroup } from './group.js';
import { collect, goals, notes, outcomeTable, speedTable } from './report.js';
import type { ChildResult } from './result.js';
import { isFailure, runChild } from './spawn.js';
import { SYSTEM_IDS, liveTensors, setUpSystem } from './systems.js';

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
};

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
    for (const system of SYSTEM_IDS) {
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
      if (ctx.kind === 'tsgrad') await ctx.close();
      results.push({
        system,
        group: 'all',
        rows,
        info: ctx.info,
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
    expect([...mlp.keys()]).toEqual(SYSTEM_IDS.filter((s) => s !== 'plain-js'));
    for (const [, r] of mlp) {
      expect(r.status).toBe('ok');
      expect(r.value).toBeGreaterThan(0);
      // 8 steps from the same weights on the same batches: every system learns the same way.
      expect(r.extra.testAccuracy).toBeGreaterThan(0.2);
      expect(r.extra.steps).toBe(8);
    }
    // TensorFlow.js's wasm backend has no Conv2DBackpropFilter kernel: reported, not hidden.
    const cnn = c.rows.get('cnn-4')!;
    expect(cnn.get('tfjs-wasm')!.status).toBe('unsupported');
    expect(cnn.get('tfjs-wasm')!.note).toMatch(/Conv2DBackpropFilter/);
    expect(cnn.get('tsgrad-wasm')!.status).toBe('ok');
    expect(cnn.get('tfjs-cpu')!.status).toBe('too-slow');
    expect(cnn.get('tfjs-cpu')!.note).toMatch(/too slow: its first step took/);
    expect(c.rows.get('matmul-16')!.size).toBe(SYSTEM_IDS.length);

    const table = speedTable(c, SYSTEM_IDS);
    expect(table).toContain('tsgrad / tfjs wasm');
    expect(table).toContain('cannot train');
    expect(table.split('\n')).toHaveLength(2 + c.ids.length);
    expect(outcomeTable(c, SYSTEM_IDS)).toContain('mlp-32: test accuracy');
    expect(outcomeTable(c, SYSTEM_IDS)).toContain('peak RSS while timed');
    expect(goals(c).join('\n')).toMatch(/mlp-32: tsgrad .* tfjs wasm \(goal ≥ 3×: (met|NOT met)\)/);
    expect(notes(c).join('\n')).toContain('cannot train');
  }, 120_000);

  it('flags a system whose check disagrees', () => {
    const row = (value: number, check: number[]) => ({
      id: 'mlp-4',
      label: 'x',
      unit: 'samples/s',
      value,
      status: 'ok' as const,
      check,
      tolerance: 1e-4,
      extra: {},
    });
    const child = (system: 'tsgrad-wasm' | 'tfjs-wasm', check: number[]): ChildResult => ({
      system,
      group: 'mlp-4',
      rows: [row(10, check)],
      info: {},
      peakRssMb: 1,
      baselineRssMb: 1,
      timedPeakRssMb: 1,
      gc: { count: 0, ms: 0, timedMs: 1 },
      seconds: 1,
    });
    const c = collect([child('tsgrad-wasm', [2.3]), child('tfjs-wasm', [2.4])], new Map());
    expect(c.mismatches).toEqual(['mlp-4']);
    expect(speedTable(c, ['tsgrad-wasm', 'tfjs-wasm'])).toContain('MISMATCH');
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
    expect(r.rows.map((x) => x.id)).toEqual(['mlp-32']);
    expect(r.peakRssMb).toBeGreaterThanOrEqual(r.timedPeakRssMb);
    expect(r.timedPeakRssMb).toBeGreaterThan(r.baselineRssMb * 0.5);
    expect(r.gc.timedMs).toBeGreaterThan(0);
    expect(r.info.simd).toBe(true);
  }, 120_000);
});
