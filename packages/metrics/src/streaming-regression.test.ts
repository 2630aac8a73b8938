import { describe, expect, it } from 'vitest';
import {
  explainedVariance,
  meanAbsoluteError,
  meanSquaredError,
  r2Score,
  rootMeanSquaredError,
} from './regression.js';
import {
  StreamingExplainedVariance,
  StreamingMeanAbsoluteError,
  StreamingMeanSquaredError,
  StreamingR2Score,
  StreamingRootMeanSquaredError,
} from './streaming-regression.js';

const ACCUMULATORS = [
  ['meanSquaredError', meanSquaredError, () => new StreamingMeanSquaredError()],
  ['rootMeanSquaredError', rootMeanSquaredError, () => new StreamingRootMeanSquaredError()],
  ['meanAbsoluteError', meanAbsoluteError, () => new StreamingMeanAbsoluteError()],
  ['r2Score', r2Score, () => new StreamingR2Score()],
  ['explainedVariance', explainedVariance, () => new StreamingExplainedVariance()],
] as const;

/** A deterministic pseudo-random sequence (LCG), so the test data is fixed. */
function values(n: number, seed: number, offset = 0): number[] {
  let s = seed;
  return Array.from({ length: n }, () => {
    s = (s * 1103515245 + 12345) % 2147483648;
    return offset + (s / 2147483648) * 4 - 2;
  });
}

describe('streaming regression metrics equal the batch functions on all samples', () => {
  const yTrue = values(23, 1);
  const yPred = yTrue.map((v, i) => v + values(23, 2)[i] * 0.3 + 0.1);
  const rows = (a: number[]) => a.map((v, i) => [v, -2 * v + (i % 3)]);
  const mTrue = rows(yTrue);
  const mPred = rows(yPred).map(([a, b], i) => [a, b + values(23, 3)[i]]);

  for (const [name, batch, make] of ACCUMULATORS) {
    it(name, () => {
      for (const size of [1, 2, 5, 23]) {
        const s = make();
        const m = make();
        for (let i = 0; i < yTrue.length; i += size) {
          s.update(yTrue.slice(i, i + size), yPred.slice(i, i + size));
          m.update(mTrue.slice(i, i + size), mPred.slice(i, i + size));
        }
        expect(s.count).toBe(23);
        expect(s.compute()).toBeCloseTo(batch(yTrue, yPred), 12);
        expect(m.compute()).toBeCloseTo(batch(mTrue, mPred), 12);
      }
    });
  }

  it('hand-computed: the scikit-learn example in two batches', () => {
    const feed = <T extends { update(a: number[], b: number[]): T }>(acc: T) =>
      acc.update([3, -0.5], [2.5, 0]).update([2, 7], [2, 8]);
    expect(feed(new StreamingMeanSquaredError()).compute()).toBeCloseTo(0.375, 14);
    expect(feed(new StreamingMeanAbsoluteError()).compute()).toBeCloseTo(0.5, 14);
    expect(feed(new StreamingRootMeanSquaredError()).compute()).toBeCloseTo(Math.sqrt(0.375), 14);
    expect(feed(new StreamingR2Score()).compute()).toBeCloseTo(1 - 1.5 / 29.1875, 14);
    expect(feed(new StreamingExplainedVariance()).compute()).toBeCloseTo(1 - 0.3125 / 7.296875, 14);
  });

  it('stays accurate for targets with a large mean (no Σy² − (Σy)²/n cancellation)', () => {
    const t = values(40, 7, 1e9);
    const p = t.map((v, i) => v + (i % 2 === 0 ? 0.5 : -0.5));
    const r2 = new StreamingR2Score();
    const ev = new StreamingExplainedVariance();
    for (let i = 0; i < t.length; i += 3) {
      r2.update(t.slice(i, i + 3), p.slice(i, i + 3));
      ev.update(t.slice(i, i + 3), p.slice(i, i + 3));
    }
    // The naive formula would be off by thousands here (Σy² ≈ 4e19 against an SStot of ~50).
    expect(r2.compute()).toBeCloseTo(r2Score(t, p), 6);
    expect(ev.compute()).toBeCloseTo(explainedVariance(t, p), 6);
  });

  it('constant targets follow the batch conventions', () => {
    const r2 = new StreamingR2Score().update([2, 2], [2, 2]).update([2], [2]);
    expect(r2.compute()).toBe(1);
    const ev = new StreamingExplainedVariance().update([2, 2], [1, 1]).update([2], [1]);
    expect(ev.compute()).toBe(1);
    expect(new StreamingR2Score().update([2, 2], [1, 3]).compute()).toBe(0);
  });
});

describe('streaming regression errors and reset', () => {
  it('compute before any update, and R² / explained variance with one sample', () => {
    expect(() => new StreamingMeanSquaredError().compute()).toThrow(
      'StreamingMeanSquaredError.compute: no samples; call update() first',
    );
    expect(() => new StreamingR2Score().update([1], [1]).compute()).toThrow(
      'StreamingR2Score.compute: needs at least 2 samples, got 1',
    );
    expect(() => new StreamingExplainedVariance().update([1], [2]).compute()).toThrow(
      'StreamingExplainedVariance.compute: needs at least 2 samples, got 1',
    );
  });

  it('refuses bad batches without counting them', () => {
    const s = new StreamingMeanAbsoluteError().update([1, 2], [1, 3]);
    expect(() => s.update([], [])).toThrow('StreamingMeanAbsoluteError.update: empty input');
    expect(() => s.update([1, 2], [1])).toThrow(
      'StreamingMeanAbsoluteError.update: yTrue has 2 elements but yPred has 1',
    );
    expect(() => s.update([[1, 2]], [[1, 2]])).toThrow(
      'StreamingMeanAbsoluteError.update: earlier batches had 1 outputs, this one has 2',
    );
    expect(() => s.update([Number.NaN], [1])).toThrow(
      'StreamingMeanAbsoluteError.update: yTrue[0] is NaN',
    );
    expect(s.count).toBe(2);
    expect(s.compute()).toBe(0.5);
  });

  it('reset forgets everything, including the number of outputs', () => {
    const s = new StreamingMeanSquaredError().update([1, 2], [1, 3]);
    s.reset();
    expect(s.count).toBe(0);
    expect(() => s.compute()).toThrow('no samples');
    s.update([[0, 0]], [[1, 3]]);
    expect(s.compute()).toBe(5);
  });
});
