import { describe, expect, it } from 'vitest';
import { maxAbsDiff, measure, measureAsync, median } from './measure.js';

describe('median', () => {
  it('takes the middle value, or the mean of the two middle ones', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
  });
});

describe('maxAbsDiff', () => {
  it('is the largest elementwise gap', () => {
    expect(maxAbsDiff([1, 2, 3], new Float32Array([1, 2.5, 2]))).toBeCloseTo(1);
  });

  it('is infinite for different lengths or NaN', () => {
    expect(maxAbsDiff([1], [1, 2])).toBe(Number.POSITIVE_INFINITY);
    expect(maxAbsDiff([1, Number.NaN], [1, 2])).toBe(Number.POSITIVE_INFINITY);
  });
});

describe('measure', () => {
  it('warms up, then takes at least minSamples samples', () => {
    let calls = 0;
    const m = measure(
      () => {
        calls++;
      },
      { warmupMs: 1, targetMs: 2, maxMs: 50, minSamples: 3, sampleMs: 0.5 },
    );
    expect(m.warmupIters).toBeGreaterThanOrEqual(1);
    expect(m.samples).toBeGreaterThanOrEqual(3);
    expect(calls).toBe(m.warmupIters + m.samples * m.itersPerSample);
    expect(m.medianMs).toBeGreaterThanOrEqual(0);
    expect(m.minMs).toBeLessThanOrEqual(m.medianMs);
    expect(m.maxMs).toBeGreaterThanOrEqual(m.medianMs);
  });

  it('stops at maxMs even before minSamples', () => {
    const spin = () => {
      const end = performance.now() + 5;
      while (performance.now() < end);
    };
    const m = measure(spin, {
      warmupMs: 0,
      targetMs: 1000,
      maxMs: 12,
      minSamples: 100,
      sampleMs: 0,
    });
    expect(m.samples).toBeLessThan(100);
    expect(m.samples).toBeGreaterThanOrEqual(1);
  });

  it('awaits each call of an asynchronous function, with the same sampling rules', async () => {
    let calls = 0;
    let pending = 0;
    const m = await measureAsync(
      async () => {
        pending++;
        await new Promise((r) => setTimeout(r, 1));
        pending--;
        calls++;
      },
      { warmupMs: 1, targetMs: 5, maxMs: 200, minSamples: 3, sampleMs: 0.5 },
    );
    expect(pending).toBe(0);
    expect(m.samples).toBeGreaterThanOrEqual(3);
    expect(calls).toBe(m.warmupIters + m.samples * m.itersPerSample);
    // Each call waits for a timer of 1 ms: the median cannot be below it.
    expect(m.medianMs).toBeGreaterThanOrEqual(0.9);
  });
});
