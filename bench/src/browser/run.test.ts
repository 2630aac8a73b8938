import { join } from 'node:path';
import { findChromium } from '@tsgrad/chromium';
import { describe, expect, it } from 'vitest';
import { runBrowserBench } from './run.js';

// The browser bench end to end on two short cases: Chromium starts, the page is cross-origin
// isolated, tsgrad's two threads start, both systems train the same first batch to the same
// loss, and the report has a number in every cell. Nothing here is about speed.
describe.skipIf(!findChromium())('the browser bench (headless Chromium)', () => {
  it('runs matmul and MLP steps on tsgrad 2T and tfjs wasm, with matching first losses', async () => {
    const lines: string[] = [];
    const r = await runBrowserBench({
      only: ['matmul-512', 'mlp-128'],
      systems: ['tsgrad-wasm-2t', 'tfjs-wasm'],
      tsconfig: join(import.meta.dirname, '../../tsconfig.json'),
      log: (l) => lines.push(l),
    });
    expect(r.ok).toBe(true);
    expect(r.results.map((x) => x.system.id)).toEqual(['tsgrad-wasm-2t', 'tfjs-wasm']);
    for (const x of r.results) {
      expect(x.crossOriginIsolated).toBe(true);
      for (const row of x.rows) {
        expect(row.error).toBeUndefined();
        expect(row.value).toBeGreaterThan(0);
      }
    }
    expect(r.results[0].info.threadsStarted).toBe(2);
    expect(r.checks).toEqual([expect.stringMatching(/^mlp-128: first losses within /)]);
    expect(r.report).toMatch(/\| mlp-128 +\| samples\/s \(100 steps\) \| +[\d,]+ \| +[\d,]+ \|/);
  }, 300_000);
});
