import { describe, expect, it } from 'vitest';
import { f1, fbeta, precision, recall } from './precision-recall.js';

// The scikit-learn docs example for precision_score / recall_score / f1_score / fbeta_score.
const yTrue = [0, 1, 2, 0, 1, 2];
const yPred = [0, 2, 1, 0, 0, 1];

function closeAll(actual: number[], expected: number[]) {
  expect(actual).toHaveLength(expected.length);
  actual.forEach((v, i) => {
    expect(v).toBeCloseTo(expected[i], 6);
  });
}

describe('precision / recall / f1 / fbeta (multiclass, scikit-learn docs)', () => {
  it('macro', () => {
    expect(precision(yTrue, yPred, { average: 'macro' })).toBeCloseTo(2 / 9, 10);
    expect(recall(yTrue, yPred, { average: 'macro' })).toBeCloseTo(1 / 3, 10);
    expect(f1(yTrue, yPred, { average: 'macro' })).toBeCloseTo(0.26666666, 6);
    expect(fbeta(yTrue, yPred, 0.5, { average: 'macro' })).toBeCloseTo(0.23809523, 6);
  });

  it('micro equals accuracy', () => {
    expect(precision(yTrue, yPred, { average: 'micro' })).toBeCloseTo(1 / 3, 10);
    expect(recall(yTrue, yPred, { average: 'micro' })).toBeCloseTo(1 / 3, 10);
    expect(f1(yTrue, yPred, { average: 'micro' })).toBeCloseTo(1 / 3, 10);
    expect(fbeta(yTrue, yPred, 0.5, { average: 'micro' })).toBeCloseTo(1 / 3, 10);
  });

  it('weighted', () => {
    expect(precision(yTrue, yPred, { average: 'weighted' })).toBeCloseTo(2 / 9, 10);
    expect(recall(yTrue, yPred, { average: 'weighted' })).toBeCloseTo(1 / 3, 10);
    expect(f1(yTrue, yPred, { average: 'weighted' })).toBeCloseTo(0.26666666, 6);
    expect(fbeta(yTrue, yPred, 0.5, { average: 'weighted' })).toBeCloseTo(0.23809523, 6);
  });

  it("'none' gives one score per class", () => {
    closeAll(precision(yTrue, yPred, { average: 'none' }), [2 / 3, 0, 0]);
    closeAll(recall(yTrue, yPred, { average: 'none' }), [1, 0, 0]);
    closeAll(f1(yTrue, yPred, { average: 'none' }), [0.8, 0, 0]);
    closeAll(fbeta(yTrue, yPred, 0.5, { average: 'none' }), [0.71428571, 0, 0]);
  });

  it('weighted differs from macro with unequal supports (hand-computed)', () => {
    // true [0,0,0,1,2], pred [0,0,1,1,1]: P = [1, 1/3, 0/0→0], R = [2/3, 1, 0], support [3,1,1]
    const t = [0, 0, 0, 1, 2];
    const p = [0, 0, 1, 1, 1];
    expect(precision(t, p, { average: 'weighted' })).toBeCloseTo((3 * 1 + 1 / 3) / 5, 10);
    expect(recall(t, p, { average: 'weighted' })).toBeCloseTo((3 * (2 / 3) + 1) / 5, 10);
    // F1 per class: [0.8, 0.5, 0]
    expect(f1(t, p, { average: 'weighted' })).toBeCloseTo((3 * 0.8 + 0.5) / 5, 10);
    expect(f1(t, p, { average: 'macro' })).toBeCloseTo(1.3 / 3, 10);
  });
});

describe('zeroDivision (scikit-learn docs)', () => {
  const p = [0, 0, 0, 0, 0, 0];
  it('defaults to 0', () => {
    closeAll(precision(yTrue, p, { average: 'none' }), [1 / 3, 0, 0]);
  });
  it('can be 1', () => {
    closeAll(precision(yTrue, p, { average: 'none', zeroDivision: 1 }), [1 / 3, 1, 1]);
  });
  it('can be NaN, and NaN classes are left out of averages', () => {
    const r = precision(yTrue, p, { average: 'none', zeroDivision: Number.NaN });
    expect(r[0]).toBeCloseTo(1 / 3);
    expect(r[1]).toBeNaN();
    expect(r[2]).toBeNaN();
    expect(precision(yTrue, p, { average: 'macro', zeroDivision: Number.NaN })).toBeCloseTo(1 / 3);
    expect(precision(yTrue, p, { average: 'weighted', zeroDivision: Number.NaN })).toBeCloseTo(
      1 / 3,
    );
  });
  it('F is 0, not undefined, when a class occurs but is never hit', () => {
    // Class 1 occurs in yTrue, never predicted: P is 0/0 but F = 2·0 / (1 + 0) = 0.
    expect(f1([1, 0], [0, 0], { zeroDivision: 1 })).toBe(0);
    // Class 1 absent everywhere: F is 0/0 → zeroDivision.
    expect(f1([0, 0], [0, 0], { zeroDivision: 1 })).toBe(1);
    expect(f1([0, 0], [0, 0])).toBe(0);
  });
});

describe('binary', () => {
  it("defaults to average 'binary' with posLabel 1", () => {
    // tp=1 fp=1 fn=1
    expect(precision([0, 1, 1, 0], [0, 1, 0, 1])).toBe(0.5);
    expect(recall([0, 1, 1, 0], [0, 1, 0, 1])).toBe(0.5);
    expect(f1([0, 1, 1, 0], [0, 1, 0, 1])).toBe(0.5);
  });

  it('honours posLabel', () => {
    // positive class 0: tp=2 (indices 0,2), fp=1 (index 3), fn=0
    const t = [0, 1, 0, 1];
    const p = [0, 1, 0, 0];
    expect(precision(t, p, { posLabel: 0 })).toBeCloseTo(2 / 3);
    expect(recall(t, p, { posLabel: 0 })).toBe(1);
    expect(precision([-1, 1, 1], [1, 1, -1])).toBe(0.5);
  });

  it('thresholds 1-D scores', () => {
    expect(recall([0, 1, 1], [0.2, 0.9, 0.4], { threshold: 0.5 })).toBe(0.5);
    expect(precision([0, 1, 1], [0.6, 0.9, 0.4], { threshold: 0.5 })).toBe(0.5);
  });

  it('takes [N, 2] probabilities', () => {
    expect(
      precision(
        [0, 1, 1],
        [
          [0.9, 0.1],
          [0.2, 0.8],
          [0.3, 0.7],
        ],
      ),
    ).toBe(1);
  });

  it('fbeta limits: beta 0 is precision, Infinity is recall', () => {
    const t = [0, 1, 1, 0, 1];
    const p = [1, 1, 0, 0, 1];
    expect(fbeta(t, p, 0)).toBeCloseTo(precision(t, p));
    expect(fbeta(t, p, Number.POSITIVE_INFINITY)).toBeCloseTo(recall(t, p));
    // F2 by hand: tp=2 fp=1 fn=1 → 5·2 / (5·2 + 4·1 + 1) = 10/15
    expect(fbeta(t, p, 2)).toBeCloseTo(10 / 15);
  });

  it('a posLabel that does not occur with only one class scores zeroDivision', () => {
    expect(precision([0, 0], [0, 0])).toBe(0);
    expect(precision([0, 0], [0, 0], { zeroDivision: 1 })).toBe(1);
  });
});

describe('TensorLike input', () => {
  it('works for yTrue and yPred', () => {
    const yP = { shape: [2, 3], dataSync: () => new Float32Array([0.1, 0.7, 0.2, 0.8, 0.1, 0.1]) };
    const yT = { shape: [2], dataSync: () => new Float32Array([1, 2]) };
    closeAll(precision(yT, yP, { average: 'none' }), [0, 1, 0]);
    closeAll(recall(yT, yP, { average: 'none' }), [0, 1, 0]);
  });
});

describe('errors', () => {
  it('length mismatch', () => {
    expect(() => precision(new Array(10).fill(0), new Array(12).fill(0))).toThrow(
      'precision: yTrue has 10 elements but yPred has 12',
    );
  });
  it('empty input', () => {
    expect(() => recall([], [])).toThrow('recall: empty input');
  });
  it("'binary' with more than two classes", () => {
    expect(() => f1(yTrue, yPred)).toThrow(
      "f1: average 'binary' needs at most two classes, found 3 ([0,1,2]); pass average 'micro' | 'macro' | 'weighted' | 'none'",
    );
  });
  it('posLabel not a class', () => {
    expect(() => precision([2, 3], [3, 2])).toThrow(
      'precision: posLabel 1 is not one of the classes [2,3]',
    );
  });
  it('bad options', () => {
    expect(() => precision([0, 1], [0, 1], { zeroDivision: 0.5 })).toThrow(
      'precision: zeroDivision must be 0, 1 or NaN, got 0.5',
    );
    expect(() => precision([0, 1], [0, 1], { average: 'samples' as any })).toThrow(
      "precision: average must be 'binary', 'micro', 'macro', 'weighted' or 'none', got samples",
    );
    expect(() => fbeta([0, 1], [0, 1], -1)).toThrow('fbeta: beta must be >= 0, got -1');
    expect(() => fbeta([0, 1], [0, 1], Number.NaN)).toThrow('fbeta: beta must be >= 0, got NaN');
  });
  it('non-integer labels and NaN scores', () => {
    expect(() => precision([0, 1], [0, 0.7])).toThrow(
      'precision: yPred[1] is 0.7, not an integer label; pass threshold to turn scores into labels',
    );
    expect(() => recall([0, 1], [0.2, Number.NaN], { threshold: 0.5 })).toThrow(
      'recall: yPred[1] is NaN',
    );
  });
});

describe('types', () => {
  it("returns number, or number[] for average 'none'", () => {
    const one: number = precision(yTrue, yPred, { average: 'macro' });
    const binary: number = recall([0, 1], [0, 1]);
    const many: number[] = f1(yTrue, yPred, { average: 'none' });
    expect([typeof one, typeof binary, Array.isArray(many)]).toEqual(['number', 'number', true]);
  });
});
