import { describe, expect, it } from 'vitest';
import { classificationReport, formatClassificationReport } from './report.js';

// The scikit-learn docs example for classification_report.
const yTrue = [0, 1, 2, 2, 2];
const yPred = [0, 0, 2, 2, 1];

describe('classificationReport', () => {
  it('returns per-class rows, accuracy and averages', () => {
    const r = classificationReport(yTrue, yPred);
    expect(r.classes.map((c) => c.label)).toEqual([0, 1, 2]);
    expect(r.classes.map((c) => c.name)).toEqual(['0', '1', '2']);
    expect(r.classes.map((c) => c.support)).toEqual([1, 1, 3]);
    expect(r.classes[0].precision).toBeCloseTo(0.5);
    expect(r.classes[0].recall).toBe(1);
    expect(r.classes[0].f1).toBeCloseTo(2 / 3);
    expect(r.classes[2].recall).toBeCloseTo(2 / 3);
    expect(r.classes[2].f1).toBeCloseTo(0.8);
    expect(r.accuracy).toBeCloseTo(0.6);
    expect(r.support).toBe(5);
    expect(r.macroAvg.precision).toBeCloseTo(0.5);
    expect(r.macroAvg.recall).toBeCloseTo(5 / 9);
    expect(r.macroAvg.f1).toBeCloseTo((2 / 3 + 0.8) / 3);
    expect(r.weightedAvg.precision).toBeCloseTo(0.7);
    expect(r.weightedAvg.recall).toBeCloseTo(0.6);
    expect(r.weightedAvg.f1).toBeCloseTo((2 / 3 + 2.4) / 5);
    expect(r.macroAvg.support).toBe(5);
  });

  it('formats exactly like scikit-learn', () => {
    const r = classificationReport(yTrue, yPred, {
      targetNames: ['class 0', 'class 1', 'class 2'],
    });
    expect(formatClassificationReport(r)).toBe(
      [
        '              precision    recall  f1-score   support',
        '',
        '     class 0       0.50      1.00      0.67         1',
        '     class 1       0.00      0.00      0.00         1',
        '     class 2       1.00      0.67      0.80         3',
        '',
        '    accuracy                           0.60         5',
        '   macro avg       0.50      0.56      0.49         5',
        'weighted avg       0.70      0.60      0.61         5',
        '',
      ].join('\n'),
    );
  });

  it('widens the name column for long names and honours digits; NaN prints as nan', () => {
    const r = classificationReport([0, 1], [0, 0], {
      targetNames: ['a very long class name', 'b'],
      zeroDivision: Number.NaN,
    });
    const text = formatClassificationReport(r, { digits: 3 });
    const lines = text.split('\n');
    expect(lines[2]).toBe('a very long class name      0.500     1.000     0.667         1');
    expect(lines[3]).toBe('                     b        nan     0.000     0.000         1');
    expect(lines[6]).toBe('             macro avg      0.500     0.500     0.333         2');
  });

  it('uses labels order and takes [N, C] scores', () => {
    const r = classificationReport(
      [0, 1],
      [
        [0.9, 0.1],
        [0.2, 0.8],
      ],
      { labels: [1, 0] },
    );
    expect(r.classes.map((c) => c.label)).toEqual([1, 0]);
    expect(r.accuracy).toBe(1);
  });

  it('throws clear errors', () => {
    expect(() => classificationReport(yTrue, yPred, { targetNames: ['a', 'b'] })).toThrow(
      'classificationReport: targetNames has 2 names but there are 3 classes',
    );
    expect(() => classificationReport([], [])).toThrow('classificationReport: empty input');
    expect(() => classificationReport(yTrue, yPred, { zeroDivision: 2 })).toThrow(
      'classificationReport: zeroDivision must be 0, 1 or NaN, got 2',
    );
    expect(() =>
      formatClassificationReport(classificationReport(yTrue, yPred), { digits: -1 }),
    ).toThrow('formatClassificationReport: digits must be a non-negative integer, got -1');
  });
});
