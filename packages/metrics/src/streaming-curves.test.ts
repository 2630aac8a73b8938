import { describe, expect, it } from 'vitest';
import { MetricsError } from './errors.js';
import { averagePrecision } from './pr-curve.js';
import { rocAuc } from './roc.js';
import { StreamingAveragePrecision, StreamingRocAuc } from './streaming-curves.js';

const yTrue = [0, 1, 1, 0, 1, 0, 0, 1, 1, 0];
// Ties between batches on purpose (0.4 twice, 0.7 twice).
const yScore = [0.1, 0.4, 0.7, 0.4, 0.9, 0.2, 0.7, 0.6, 0.35, 0.05];

describe('StreamingRocAuc keeps every score and gives rocAuc of all of them', () => {
  it('hand-computed: four samples in two batches', () => {
    const roc = new StreamingRocAuc();
    roc.update([0, 0], [0.1, 0.4]).update([1, 1], [0.35, 0.8]);
    // positives 0.35, 0.8 vs negatives 0.1, 0.4: 3 of 4 pairs ordered right
    expect(roc.compute()).toBe(0.75);
    expect(roc.count).toBe(4);
  });

  it('equals rocAuc on the concatenation, with ties across batches', () => {
    for (const size of [1, 3, 10]) {
      const roc = new StreamingRocAuc();
      for (let i = 0; i < yTrue.length; i += size)
        roc.update(yTrue.slice(i, i + size), yScore.slice(i, i + size));
      expect(roc.compute()).toBe(rocAuc(yTrue, yScore));
    }
  });

  it('one-vs-rest over [B, C] scores and posLabel', () => {
    const labels = [0, 1, 2, 2, 1, 0];
    const scores = [
      [0.8, 0.1, 0.1],
      [0.3, 0.5, 0.2],
      [0.2, 0.3, 0.5],
      [0.5, 0.1, 0.4],
      [0.1, 0.2, 0.7],
      [0.4, 0.4, 0.2],
    ];
    const roc = new StreamingRocAuc({ average: 'weighted' });
    roc.update(labels.slice(0, 4), scores.slice(0, 4)).update(labels.slice(4), scores.slice(4));
    expect(roc.compute()).toBeCloseTo(rocAuc(labels, scores, { average: 'weighted' }), 15);
    const neg = new StreamingRocAuc({ posLabel: 0 }).update(yTrue, yScore);
    expect(neg.compute()).toBeCloseTo(1 - rocAuc(yTrue, yScore), 15);
  });

  it('a single class present is an error at compute, under its own name', () => {
    const roc = new StreamingRocAuc().update([1, 1], [0.2, 0.9]);
    expect(() => roc.compute()).toThrow(MetricsError);
    expect(() => roc.compute()).toThrow(
      'StreamingRocAuc.compute: only one class present in yTrue; AUC is undefined',
    );
    roc.update([0], [0.5]);
    expect(roc.compute()).toBe(0.5);
  });

  it('refuses bad batches without keeping them, and resets', () => {
    const roc = new StreamingRocAuc();
    expect(() => roc.compute()).toThrow('StreamingRocAuc.compute: no samples; call update() first');
    roc.update([0, 1], [0.2, 0.8]);
    expect(() => roc.update([], [])).toThrow('StreamingRocAuc.update: empty input');
    expect(() =>
      roc.update(
        [0, 1],
        [
          [0.2, 0.8],
          [0.5, 0.5],
        ],
      ),
    ).toThrow('StreamingRocAuc.update: earlier batches had 1-D scores, this one has 2');
    expect(() => roc.update([0, 1], [0.2, Number.NaN])).toThrow(
      'StreamingRocAuc.update: yScore[1] is NaN',
    );
    expect(() => roc.update([0, 0.5], [0.2, 0.3])).toThrow(
      'StreamingRocAuc.update: yTrue[1] is 0.5, not an integer label',
    );
    expect(() => roc.update([0, 1, 1], [0.2, 0.3])).toThrow(
      'StreamingRocAuc.update: yTrue has 3 elements but yScore has 2',
    );
    expect(roc.count).toBe(2);
    expect(roc.compute()).toBe(1);
    roc.reset();
    expect(roc.count).toBe(0);
    roc.update(
      [0, 1],
      [
        [0.2, 0.8],
        [0.9, 0.1],
      ],
    ); // a new column count is fine after reset
    expect(roc.compute()).toBe(0);
    expect(() => new StreamingRocAuc({ average: 'micro' as 'macro' })).toThrow(
      "StreamingRocAuc: average must be 'macro' or 'weighted', got micro",
    );
  });

  it('copies the batches it is given', () => {
    const labels = new Int32Array([0, 1]);
    const scores = new Float32Array([0.2, 0.8]);
    const roc = new StreamingRocAuc().update(labels, scores);
    scores[0] = 0.9; // reusing the buffer does not change what was kept
    expect(roc.compute()).toBe(1);
  });
});

describe('StreamingAveragePrecision', () => {
  it('hand-computed: four samples in two batches', () => {
    const ap = new StreamingAveragePrecision();
    ap.update([0, 0], [0.1, 0.4]).update([1, 1], [0.35, 0.8]);
    // thresholds 0.8 (P 1, R ½), 0.4 (P ½), 0.35 (P ⅔, R 1): ½·1 + ½·⅔
    expect(ap.compute()).toBeCloseTo(5 / 6, 15);
  });

  it('equals averagePrecision on the concatenation', () => {
    for (const size of [1, 4, 10]) {
      const ap = new StreamingAveragePrecision({ posLabel: 0 });
      for (let i = 0; i < yTrue.length; i += size)
        ap.update(yTrue.slice(i, i + size), yScore.slice(i, i + size));
      expect(ap.compute()).toBe(averagePrecision(yTrue, yScore, { posLabel: 0 }));
    }
  });

  it('errors: 2-D scores, no positive sample, before any update', () => {
    const ap = new StreamingAveragePrecision();
    expect(() => ap.compute()).toThrow('StreamingAveragePrecision.compute: no samples');
    expect(() => ap.update([0], [[0.5, 0.5]])).toThrow(
      'StreamingAveragePrecision.update: yScore must be 1-D [N] scores for the positive class, got shape [1,2]',
    );
    ap.update([0, 0], [0.3, 0.6]);
    expect(() => ap.compute()).toThrow(/^StreamingAveragePrecision\.compute: /);
  });
});
