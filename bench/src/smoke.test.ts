import { describe, expect, it } from 'vitest';
import type { BenchCase } from './case.js';
import { elementwiseCase, matmulCase, mlpCase } from './cases/index.js';
import { naiveMatmul } from './cases/matmul.js';
import type { MeasureOptions } from './measure.js';
import { formatTable } from './report.js';
import { runCases } from './run.js';
import { SYSTEM_IDS } from './systems.js';

/** Tiny budgets: this checks the harness and the cross-checks, not speed. */
const TINY: MeasureOptions = { warmupMs: 1, targetMs: 5, maxMs: 50, minSamples: 2, sampleMs: 1 };

describe('naiveMatmul', () => {
  it('multiplies', () => {
    const c = new Float32Array(4);
    naiveMatmul(new Float32Array([1, 2, 3, 4]), new Float32Array([5, 6, 7, 8]), c, 2);
    expect([...c]).toEqual([19, 22, 43, 50]);
  });
});

describe('bench smoke run', () => {
  it('runs every case on every system with agreeing outputs and no leaks', async () => {
    const cases = [
      matmulCase(16),
      elementwiseCase(1000),
      mlpCase(4, [20, 8, 6, 3]),
      mlpCase(8, [20, 8, 6, 3]),
    ];
    const lines: string[] = [];
    const results = await runCases(cases, {
      systems: SYSTEM_IDS,
      measure: TINY,
      log: (l) => lines.push(l),
    });

    expect(results.map((r) => r.id)).toEqual(['matmul-16', 'elementwise-1000', 'mlp-4', 'mlp-8']);
    for (const r of results) {
      expect(r.ok, `${r.id}: ${lines.join('\n')}`).toBe(true);
      expect(r.reference).toBe('tsgrad');
      for (const s of r.results) {
        expect(s.throughput).toBeGreaterThan(0);
        expect(s.leakedTensors).toBe(0);
        if (s.system !== 'tsgrad') expect(s.maxAbsDiff).toBeLessThanOrEqual(r.tolerance);
      }
    }
    // The MLP has no plain-JS runner; the other cases run on all four systems.
    expect(results[0].results.map((s) => s.system)).toEqual([...SYSTEM_IDS]);
    expect(results[2].results.map((s) => s.system)).toEqual(['tsgrad', 'tfjs-cpu', 'tfjs-wasm']);
    expect(lines.some((l) => l.includes('check matmul-16: max |tfjs wasm − tsgrad|'))).toBe(true);

    const table = formatTable(results, SYSTEM_IDS);
    expect(table).toContain('tsgrad / tfjs wasm');
    expect(table.split('\n')).toHaveLength(2 + results.length);
    expect(table).toMatch(/\d\.\d+×/);
  });

  it('flags a system whose output disagrees, and does not time it', async () => {
    const good = matmulCase(8);
    const broken: BenchCase = {
      ...good,
      runners: {
        tsgrad: good.runners.tsgrad,
        'plain-js': () => ({ run() {}, output: () => new Float32Array(64).fill(1), dispose() {} }),
      },
    };
    const lines: string[] = [];
    const [r] = await runCases([broken], {
      systems: ['tsgrad', 'plain-js'],
      measure: TINY,
      log: (l) => lines.push(l),
    });
    expect(r.ok).toBe(false);
    const plain = r.results.find((s) => s.system === 'plain-js')!;
    expect(plain.throughput).toBeNull();
    expect(plain.maxAbsDiff).toBeGreaterThan(r.tolerance);
    expect(lines.join('\n')).toContain('MISMATCH');
    expect(formatTable([r], ['tsgrad', 'plain-js'])).toContain('MISMATCH');
  });

  it('flags tensors that a runner leaks', async () => {
    const good = elementwiseCase(10);
    const leaky: BenchCase = {
      ...good,
      runners: {
        tsgrad: (ctx) => {
          const inner = good.runners.tsgrad!(ctx);
          return { ...inner, dispose() {} };
        },
      },
    };
    const [r] = await runCases([leaky], { systems: ['tsgrad'], measure: TINY });
    expect(r.ok).toBe(false);
    expect(r.results[0].leakedTensors).toBeGreaterThan(0);
  });
});
