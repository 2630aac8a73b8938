import { describe, expect, it } from 'vitest';
import { auc, rocAuc, rocCurve } from './roc.js';

function closeAll(actual: number[], expected: number[]) {
  expect(actual).toHaveLength(expected.length);
  actual.forEach((v, i) => {
    expect(v).toBeCloseTo(expected[i], 10);
  });
}

describe('rocCurve', () => {
  it('matches the scikit-learn docs example (pos_label=2)', () => {
    const { fpr, tpr, thresholds } = rocCurve([1, 1, 2, 2], [0.1, 0.4, 0.35, 0.8], { posLabel: 2 });
    closeAll(fpr, [0, 0, 0.5, 0.5, 1]);
    closeAll(tpr, [0, 0.5, 0.5, 1, 1]);
    expect(thresholds).toEqual([Number.POSITIVE_INFINITY, 0.8, 0.4, 0.35, 0.1]);
  });

  it('merges tied scores into one point', () => {
    const { fpr, tpr, thresholds } = rocCurve([0, 1, 0, 1], [0.5, 0.5, 0.2, 0.9], {
      dropIntermediate: false,
    });
    expect(thresholds).toEqual([Number.POSITIVE_INFINITY, 0.9, 0.5, 0.2]);
    closeAll(tpr, [0, 0.5, 1, 1]);
    closeAll(fpr, [0, 0, 0.5, 1]);
  });

  it('dropIntermediate drops collinear points; false keeps every distinct score', () => {
    // Scores descending: 0.9 P, 0.8 P, 0.7 P, 0.6 N, 0.5 N
    const yTrue = [1, 1, 1, 0, 0];
    const yScore = [0.9, 0.8, 0.7, 0.6, 0.5];
    const all = rocCurve(yTrue, yScore, { dropIntermediate: false });
    expect(all.thresholds).toEqual([Number.POSITIVE_INFINITY, 0.9, 0.8, 0.7, 0.6, 0.5]);
    closeAll(all.tpr, [0, 1 / 3, 2 / 3, 1, 1, 1]);
    closeAll(all.fpr, [0, 0, 0, 0, 0.5, 1]);
    const dropped = rocCurve(yTrue, yScore);
    expect(dropped.thresholds).toEqual([Number.POSITIVE_INFINITY, 0.9, 0.7, 0.5]);
    closeAll(dropped.tpr, [0, 1 / 3, 1, 1]);
    closeAll(dropped.fpr, [0, 0, 0, 1]);
  });

  it('takes a tensor-like and [N, 1] scores', () => {
    const s = { shape: [4, 1], dataSync: () => new Float32Array([0.1, 0.4, 0.35, 0.8]) };
    const { tpr } = rocCurve([0, 0, 1, 1], s);
    closeAll(tpr, [0, 0.5, 0.5, 1, 1]);
  });

  it('throws clear errors', () => {
    expect(() => rocCurve([1, 1], [0.2, 0.3])).toThrow(
      'rocCurve: only one class present in yTrue; the ROC curve is undefined',
    );
    expect(() => rocCurve([0, 1], [0.2, Number.NaN])).toThrow('rocCurve: yScore[1] is NaN');
    expect(() => rocCurve([0, 1, 2], [0.2, 0.3, 0.4])).toThrow(
      'rocCurve: yTrue has 3 classes ([0,1,2]) but this metric is binary; for rocAuc pass yScore of shape [N, 3] for one-vs-rest',
    );
    expect(() => rocCurve([2, 3], [0.2, 0.3])).toThrow(
      "rocCurve: posLabel 1 is not one of yTrue's labels [2,3]",
    );
    expect(() =>
      rocCurve(
        [0, 1],
        [
          [0.2, 0.8],
          [0.3, 0.7],
        ],
      ),
    ).toThrow('rocCurve: yScore must be 1-D [N] scores for the positive class, got shape [2,2]');
    expect(() => rocCurve([0, 1], [0.2])).toThrow(
      'rocCurve: yTrue has 2 elements but yScore has 1',
    );
    expect(() => rocCurve([], [])).toThrow('rocCurve: empty input');
  });
});

describe('auc', () => {
  it('integrates by trapezoids, either direction', () => {
    expect(auc([0, 0.5, 1], [0, 1, 1])).toBeCloseTo(0.75);
    expect(auc([1, 0.5, 0], [1, 1, 0])).toBeCloseTo(0.75);
  });
  it('throws clear errors', () => {
    expect(() => auc([0, 1], [0])).toThrow('auc: x has 2 elements but y has 1');
    expect(() => auc([0], [0])).toThrow('auc: needs at least 2 points, got 1');
    expect(() => auc([0, 1, 0.5], [0, 1, 1])).toThrow(
      'auc: x is neither increasing nor decreasing',
    );
  });
});

describe('rocAuc', () => {
  it('matches the scikit-learn docs example', () => {
    expect(rocAuc([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8])).toBeCloseTo(0.75, 10);
  });

  it('counts ties as half (Mann–Whitney, hand-computed)', () => {
    // positives 0.5, 0.9, 0.5 vs negatives 0.5, 0.2: (1.5 + 2 + 1.5) / 6
    expect(rocAuc([0, 1, 0, 1, 1], [0.5, 0.5, 0.2, 0.9, 0.5])).toBeCloseTo(5 / 6, 10);
  });

  it('is 1 for a perfect ranking and 0 for a reversed one', () => {
    expect(rocAuc([0, 0, 1], [0.1, 0.2, 0.3])).toBe(1);
    expect(rocAuc([0, 0, 1], [0.3, 0.2, 0.1])).toBe(0);
  });

  it('uses column 1 of [N, 2] scores', () => {
    expect(
      rocAuc(
        [0, 0, 1, 1],
        [
          [0.9, 0.1],
          [0.6, 0.4],
          [0.65, 0.35],
          [0.2, 0.8],
        ],
      ),
    ).toBeCloseTo(0.75, 10);
  });

  it('one-vs-rest macro and weighted (hand-computed by Mann–Whitney)', () => {
    const yTrue = [0, 1, 2, 2, 1, 0, 2, 1];
    const yScore = [
      [0.7, 0.2, 0.1],
      [0.2, 0.5, 0.3],
      [0.1, 0.3, 0.6],
      [0.3, 0.4, 0.3],
      [0.4, 0.4, 0.2],
      [0.5, 0.3, 0.2],
      [0.2, 0.2, 0.6],
      [0.6, 0.3, 0.1],
    ];
    // per-class AUC [11/12, 5/6, 29/30]; supports [2, 3, 3]
    expect(rocAuc(yTrue, yScore)).toBeCloseTo(0.9055555555555556, 10);
    expect(rocAuc(yTrue, yScore, { average: 'weighted' })).toBeCloseTo(0.9041666666666666, 10);
    const t = { shape: [8, 3], dataSync: () => new Float64Array(yScore.flat()) };
    expect(rocAuc(yTrue, t)).toBeCloseTo(0.9055555555555556, 10);
  });

  it('throws clear errors', () => {
    expect(() => rocAuc([1, 1, 1], [0.1, 0.2, 0.3])).toThrow(
      'rocAuc: only one class present in yTrue; AUC is undefined',
    );
    expect(() =>
      rocAuc(
        [0, 0],
        [
          [0.1, 0.9],
          [0.2, 0.8],
        ],
      ),
    ).toThrow('rocAuc: only one class present in yTrue; AUC is undefined');
    expect(() =>
      rocAuc(
        [0, 1, 1],
        [
          [0.8, 0.1, 0.1],
          [0.1, 0.8, 0.1],
          [0.1, 0.1, 0.8],
        ],
      ),
    ).toThrow(
      'rocAuc: class 2 never occurs in yTrue, so its one-vs-rest AUC is undefined (yScore has 3 columns)',
    );
    expect(() =>
      rocAuc(
        [0, 1, 3],
        [
          [0.8, 0.1, 0.1],
          [0.1, 0.8, 0.1],
          [0.1, 0.1, 0.8],
        ],
      ),
    ).toThrow('rocAuc: label 3 is outside [0, 3) (yTrue[2])');
    expect(() => rocAuc([0, 1], [0.3, Number.NaN])).toThrow('rocAuc: yScore[1] is NaN');
    expect(() =>
      rocAuc(
        [0, 1],
        [
          [0.3, 0.7],
          [Number.NaN, 0.1],
        ],
      ),
    ).toThrow('rocAuc: yScore[1][0] is NaN');
    expect(() => rocAuc([0, 0.5], [0.3, 0.4])).toThrow(
      'rocAuc: yTrue[1] is 0.5, not an integer label',
    );
    expect(() => rocAuc([0, 1], [0.3, 0.4], { average: 'micro' as any })).toThrow(
      "rocAuc: average must be 'macro' or 'weighted', got micro",
    );
    expect(() => rocAuc([[1, 0]], [[0.3, 0.4]])).toThrow(
      'rocAuc: yTrue must be 1-D [N] labels, got shape [1,2]',
    );
    expect(() => rocAuc(new Array(10).fill(0), new Array(12).fill(0))).toThrow(
      'rocAuc: yTrue has 10 elements but yScore has 12',
    );
  });
});
