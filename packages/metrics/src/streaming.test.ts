import { describe, expect, it } from 'vitest';
import { accuracy, topKAccuracy } from './accuracy.js';
import { confusionMatrix } from './confusion-matrix.js';
import { f1, fbeta, precision, recall } from './precision-recall.js';
import {
  StreamingAccuracy,
  StreamingConfusionMatrix,
  StreamingF1,
  StreamingMean,
  StreamingPrecision,
  StreamingRecall,
  StreamingTopKAccuracy,
} from './streaming.js';

describe('StreamingMean', () => {
  it('computes a weighted mean and resets', () => {
    const m = new StreamingMean();
    m.update(0.5, 32).update(0.25, 32);
    expect(m.compute()).toBeCloseTo(0.375);
    m.update(1, 64);
    expect(m.compute()).toBeCloseTo(0.6875);
    m.reset();
    m.update([1, 2, 3]).update(new Float32Array([6]));
    expect(m.compute()).toBe(3);
    m.reset();
    m.update({ shape: [2], dataSync: () => new Float32Array([1, 3]) });
    expect(m.compute()).toBe(2);
  });
  it('lets NaN through', () => {
    expect(new StreamingMean().update(Number.NaN).compute()).toBeNaN();
  });
  it('throws clear errors', () => {
    expect(() => new StreamingMean().compute()).toThrow(
      'StreamingMean.compute: no values; call update() first',
    );
    expect(() => new StreamingMean().update(1, -1)).toThrow(
      'StreamingMean.update: weight must be a finite number >= 0, got -1',
    );
  });
});

describe('StreamingAccuracy', () => {
  it('equals accuracy over the concatenated batches', () => {
    const acc = new StreamingAccuracy();
    acc.update(
      [0, 1],
      [
        [0.9, 0.1],
        [0.8, 0.2],
      ],
    );
    acc.update([1, 1], [1, 1]);
    expect(acc.compute()).toBe(0.75);
    acc.reset();
    expect(() => acc.compute()).toThrow(
      'StreamingAccuracy.compute: no samples; call update() first',
    );
  });
  it('thresholds 1-D scores', () => {
    const acc = new StreamingAccuracy({ threshold: 0.5 });
    acc
      .update([1, 0], [0.7, 0.2])
      .update([1], { shape: [1, 1], dataSync: () => new Float32Array([0.1]) });
    expect(acc.compute()).toBeCloseTo(2 / 3);
  });
  it('does not count a batch that throws', () => {
    const acc = new StreamingAccuracy();
    acc.update([1], [1]);
    expect(() => acc.update([1, 0], [1])).toThrow(
      'StreamingAccuracy.update: yTrue has 2 elements but yPred has 1',
    );
    expect(() => acc.update([], [])).toThrow('StreamingAccuracy.update: empty input');
    expect(acc.compute()).toBe(1);
  });
});

describe('StreamingConfusionMatrix', () => {
  it('matches confusionMatrix on the concatenation', () => {
    const yTrue = [2, 0, 2, 2, 0, 1];
    const yPred = [0, 0, 2, 2, 0, 2];
    const cm = new StreamingConfusionMatrix();
    cm.update(yTrue.slice(0, 2), yPred.slice(0, 2));
    expect(cm.classes).toEqual([0, 2]);
    cm.update(yTrue.slice(2), yPred.slice(2));
    expect(cm.classes).toEqual([0, 1, 2]);
    expect(cm.compute()).toEqual(confusionMatrix(yTrue, yPred));
    expect(cm.compute({ normalize: 'all' })).toEqual(
      confusionMatrix(yTrue, yPred, { normalize: 'all' }),
    );
    expect(cm.count).toBe(6);
    cm.reset();
    expect(cm.compute()).toEqual([]);
  });

  it('fixes classes from numClasses or [B, C] scores, and checks later batches', () => {
    const cm = new StreamingConfusionMatrix({ numClasses: 3 });
    expect(cm.compute()).toEqual([
      [0, 0, 0],
      [0, 0, 0],
      [0, 0, 0],
    ]);
    cm.update([0, 1], [0, 2]).update(
      [2, 2],
      [
        [0.1, 0.2, 0.7],
        [0.6, 0.3, 0.1],
      ],
    );
    expect(cm.compute()).toEqual([
      [1, 0, 0],
      [0, 0, 1],
      [1, 0, 1],
    ]);
    expect(() => cm.update([3], [0])).toThrow(
      'StreamingConfusionMatrix.update: label 3 is outside [0, 3) (yTrue[0])',
    );

    const inferred = new StreamingConfusionMatrix();
    inferred.update([0], [[0.2, 0.8]]);
    expect(inferred.classes).toEqual([0, 1]);
    expect(() => inferred.update([2], [0])).toThrow(
      'StreamingConfusionMatrix.update: label 2 is outside [0, 2) (yTrue[0])',
    );
    expect(() => inferred.update([0], [[0.2, 0.7, 0.1]])).toThrow(
      'StreamingConfusionMatrix.update: earlier batches had 2 score columns, this one has 3',
    );
    const grown = new StreamingConfusionMatrix();
    grown.update([5], [5]);
    expect(() => grown.update([0], [[0.2, 0.8]])).toThrow(
      'StreamingConfusionMatrix.update: earlier batches had label 5, outside [0, 2) of these scores',
    );
  });

  it('reports like classificationReport', () => {
    const cm = new StreamingConfusionMatrix();
    cm.update([0, 1, 2], [0, 0, 2]).update([2, 2], [2, 1]);
    const r = cm.report({ targetNames: ['a', 'b', 'c'] });
    expect(r.accuracy).toBeCloseTo(0.6);
    expect(r.classes[2].name).toBe('c');
    expect(() => new StreamingConfusionMatrix().report()).toThrow(
      'StreamingConfusionMatrix.report: no samples; call update() first',
    );
  });

  it('validates options up front', () => {
    expect(() => new StreamingConfusionMatrix({ numClasses: -1 })).toThrow(
      'StreamingConfusionMatrix: numClasses must be a positive integer, got -1',
    );
  });
});

describe('StreamingPrecision / StreamingRecall / StreamingF1', () => {
  const yTrue = [0, 1, 2, 0, 1, 2];
  const yPred = [0, 2, 1, 0, 0, 1];
  const feed = <T extends { update(a: number[], b: number[]): unknown }>(m: T): T => {
    m.update(yTrue.slice(0, 3), yPred.slice(0, 3));
    m.update(yTrue.slice(3), yPred.slice(3));
    return m;
  };

  it('equal the batch functions on the concatenation', () => {
    for (const average of ['micro', 'macro', 'weighted'] as const) {
      expect(feed(new StreamingPrecision({ average })).compute()).toBeCloseTo(
        precision(yTrue, yPred, { average }),
      );
      expect(feed(new StreamingRecall({ average })).compute()).toBeCloseTo(
        recall(yTrue, yPred, { average }),
      );
      expect(feed(new StreamingF1({ average })).compute()).toBeCloseTo(
        f1(yTrue, yPred, { average }),
      );
      expect(feed(new StreamingF1({ average, beta: 0.5 })).compute()).toBeCloseTo(
        fbeta(yTrue, yPred, 0.5, { average }),
      );
    }
    const perClass: number[] = feed(new StreamingF1({ average: 'none' })).compute();
    expect(perClass).toHaveLength(3);
    expect(perClass[0]).toBeCloseTo(0.8);
  });

  it('binary by default, with threshold', () => {
    const r = new StreamingRecall({ threshold: 0.5 });
    r.update([1, 1], [0.9, 0.2]).update([0, 1], [0.7, 0.9]);
    expect(r.compute()).toBeCloseTo(2 / 3);
    expect(r.matrix.count).toBe(4);
    r.reset();
    expect(() => r.compute()).toThrow('StreamingRecall.compute: no samples; call update() first');
  });

  it('accuracy of the streamed matrix agrees', () => {
    const m = feed(new StreamingPrecision({ average: 'micro' }));
    expect(m.compute()).toBeCloseTo(accuracy(yTrue, yPred));
  });

  it('throws clear errors', () => {
    expect(() => feed(new StreamingPrecision()).compute()).toThrow(
      "StreamingPrecision.compute: average 'binary' needs at most two classes, found 3 ([0,1,2]); pass average 'micro' | 'macro' | 'weighted' | 'none'",
    );
    expect(() => new StreamingF1({ beta: -2 })).toThrow('StreamingF1: beta must be >= 0, got -2');
    expect(() => new StreamingRecall({ zeroDivision: 3 })).toThrow(
      'StreamingRecall: zeroDivision must be 0, 1 or NaN, got 3',
    );
  });
});

describe('StreamingTopKAccuracy', () => {
  const labels = [0, 1, 2, 2, 1];
  const scores = [
    [0.5, 0.2, 0.3],
    [0.3, 0.4, 0.3],
    [0.2, 0.4, 0.4],
    [0.7, 0.2, 0.1],
    [0.1, 0.1, 0.8],
  ];

  it('hand-computed: hits when fewer than k classes score higher (ties count)', () => {
    const top2 = new StreamingTopKAccuracy(2);
    top2.update(labels.slice(0, 2), scores.slice(0, 2)); // hit, hit
    top2.update(labels.slice(2), scores.slice(2)); // hit (tie), miss, hit
    expect(top2.compute()).toBe(4 / 5);
    expect(top2.count).toBe(5);
    const top1 = new StreamingTopKAccuracy(1).update(labels, scores);
    expect(top1.compute()).toBe(3 / 5);
  });

  it('equals topKAccuracy on all samples', () => {
    for (const k of [1, 2, 3]) {
      const acc = new StreamingTopKAccuracy(k);
      for (let i = 0; i < labels.length; i++) acc.update([labels[i]], [scores[i]]);
      expect(acc.compute()).toBe(topKAccuracy(labels, scores, k));
    }
  });

  it('errors: bad k, a change of C, compute before update; reset', () => {
    expect(() => new StreamingTopKAccuracy(0)).toThrow(
      'StreamingTopKAccuracy: k must be a positive integer, got 0',
    );
    const acc = new StreamingTopKAccuracy(2);
    expect(() => acc.compute()).toThrow(
      'StreamingTopKAccuracy.compute: no samples; call update() first',
    );
    acc.update([0], [[0.1, 0.2, 0.7]]);
    expect(() => acc.update([0], [[0.1, 0.9]])).toThrow(
      'StreamingTopKAccuracy.update: earlier batches had 3 score columns, this one has 2',
    );
    expect(() => acc.update([3], [[0.1, 0.2, 0.7]])).toThrow('StreamingTopKAccuracy.update:');
    expect(acc.compute()).toBe(0);
    acc.reset();
    acc.update([1], [[0.1, 0.9]]);
    expect(acc.compute()).toBe(1);
  });
});
