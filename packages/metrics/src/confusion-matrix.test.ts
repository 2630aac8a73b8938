import { describe, expect, it } from 'vitest';
import { confusionMatrix } from './confusion-matrix.js';

describe('confusionMatrix', () => {
  it('matches the scikit-learn docs example', () => {
    expect(confusionMatrix([2, 0, 2, 2, 0, 1], [0, 0, 2, 2, 0, 2])).toEqual([
      [2, 0, 0],
      [0, 0, 1],
      [1, 0, 2],
    ]);
  });

  it('binary: tn, fp, fn, tp (scikit-learn docs)', () => {
    const [[tn, fp], [fn, tp]] = confusionMatrix([0, 1, 0, 1], [1, 1, 1, 0]);
    expect([tn, fp, fn, tp]).toEqual([0, 2, 1, 1]);
  });

  it('orders rows and columns by labels', () => {
    expect(confusionMatrix([2, 0, 2, 2, 0, 1], [0, 0, 2, 2, 0, 2], { labels: [2, 1, 0] })).toEqual([
      [2, 0, 1],
      [1, 0, 0],
      [0, 0, 2],
    ]);
  });

  it('infers sorted classes from arbitrary integers', () => {
    expect(confusionMatrix([-1, 5, 5], [5, 5, -1])).toEqual([
      [0, 1],
      [1, 1],
    ]);
  });

  it('numClasses adds classes that do not occur', () => {
    expect(confusionMatrix([0, 1], [0, 1], { numClasses: 3 })).toEqual([
      [1, 0, 0],
      [0, 1, 0],
      [0, 0, 0],
    ]);
  });

  it('argmaxes [N, C] scores; classes are 0..C-1', () => {
    expect(
      confusionMatrix(
        [0, 0],
        [
          [0.9, 0.1, 0],
          [0.2, 0.7, 0.1],
        ],
      ),
    ).toEqual([
      [1, 1, 0],
      [0, 0, 0],
      [0, 0, 0],
    ]);
  });

  it('thresholds 1-D scores', () => {
    expect(confusionMatrix([0, 1, 1], [0.2, 0.8, 0.3], { threshold: 0.5 })).toEqual([
      [1, 0],
      [1, 1],
    ]);
  });

  it('normalizes over true, pred or all; empty rows stay 0', () => {
    const t = [0, 1, 1, 0, 1];
    const p = [0, 1, 0, 0, 0];
    // counts [[2, 0], [2, 1]]
    expect(confusionMatrix(t, p, { normalize: 'true' })).toEqual([
      [1, 0],
      [2 / 3, 1 / 3],
    ]);
    expect(confusionMatrix(t, p, { normalize: 'pred' })).toEqual([
      [0.5, 0],
      [0.5, 1],
    ]);
    expect(confusionMatrix(t, p, { normalize: 'all' })).toEqual([
      [0.4, 0],
      [0.4, 0.2],
    ]);
    expect(confusionMatrix([0], [0], { numClasses: 2, normalize: 'true' })).toEqual([
      [1, 0],
      [0, 0],
    ]);
  });

  it('takes a tensor-like', () => {
    const yPred = {
      shape: [2, 3],
      dataSync: () => new Float32Array([0.1, 0.7, 0.2, 0.8, 0.1, 0.1]),
    };
    expect(confusionMatrix([1, 2], yPred)).toEqual([
      [0, 0, 0],
      [0, 1, 0],
      [1, 0, 0],
    ]);
  });

  it('throws clear errors', () => {
    expect(() => confusionMatrix([0, 12], [0, 1], { numClasses: 10 })).toThrow(
      'confusionMatrix: label 12 is outside [0, 10) (yTrue[1])',
    );
    expect(() => confusionMatrix([0, 1], [0, -1], { numClasses: 10 })).toThrow(
      'confusionMatrix: label -1 is outside [0, 10) (yPred[1])',
    );
    expect(() => confusionMatrix([0, 7], [0, 1], { labels: [0, 1, 2] })).toThrow(
      'confusionMatrix: label 7 in yTrue[1] is not in labels [0,1,2]',
    );
    expect(() => confusionMatrix([0], [0], { labels: [0, 0] })).toThrow(
      'confusionMatrix: labels lists 0 twice',
    );
    expect(() => confusionMatrix([0], [0], { labels: [] })).toThrow(
      'confusionMatrix: labels is empty',
    );
    expect(() => confusionMatrix([0], [0], { labels: [0.5] })).toThrow(
      'confusionMatrix: labels[0] is 0.5, not an integer',
    );
    expect(() => confusionMatrix([0], [0], { labels: [0], numClasses: 1 })).toThrow(
      'confusionMatrix: pass labels or numClasses, not both',
    );
    expect(() => confusionMatrix([0], [0], { numClasses: 0 })).toThrow(
      'confusionMatrix: numClasses must be a positive integer, got 0',
    );
    expect(() => confusionMatrix([0], [[0.2, 0.8]], { numClasses: 3 })).toThrow(
      'confusionMatrix: numClasses is 3 but the scores have 2 columns',
    );
    expect(() => confusionMatrix([0], [0], { normalize: 'rows' as any })).toThrow(
      "confusionMatrix: normalize must be 'true', 'pred' or 'all', got rows",
    );
    expect(() => confusionMatrix([], [])).toThrow('confusionMatrix: empty input');
    expect(() => confusionMatrix([0.5], [0])).toThrow(
      'confusionMatrix: yTrue[0] is 0.5, not an integer label',
    );
  });
});
