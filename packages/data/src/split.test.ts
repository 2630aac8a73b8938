import { ValueError, tensor } from '@tsgrad/tensor';
import { describe, expect, it } from 'vitest';
import { computeClassWeights, oversample, sampleWeightsFromClassWeights } from './class-balance.js';
import { kFold, stratifiedKFold } from './k-fold.js';
import { trainTestSplit, trainTestSplitIndices } from './split.js';
import { expectClose } from './test-helpers.js';

const range = (n: number) => Array.from({ length: n }, (_, i) => i);
const counts = (labels: ArrayLike<number>, idx: ArrayLike<number>) => {
  const c: Record<number, number> = {};
  for (const i of Array.from(idx)) c[labels[i]] = (c[labels[i]] ?? 0) + 1;
  return c;
};

function expectPartition(train: Int32Array, test: Int32Array, n: number): void {
  const all = [...train, ...test].sort((a, b) => a - b);
  expect(all).toEqual(range(n));
}

describe('trainTestSplit', () => {
  it('splits with scikit-learn sizes, no overlap, ascending indices', () => {
    const { trainIndices, testIndices } = trainTestSplitIndices(10, { seed: 0 });
    expect(testIndices.length).toBe(3); // ceil(0.25 * 10)
    expect(trainIndices.length).toBe(7);
    expectPartition(trainIndices, testIndices, 10);
    expect([...testIndices]).toEqual([...testIndices].sort((a, b) => a - b));
    const sized = trainTestSplitIndices(10, { testSize: 2, trainSize: 0.5, seed: 0 });
    expect([sized.trainIndices.length, sized.testIndices.length]).toEqual([5, 2]);
  });

  it('is deterministic for a seed', () => {
    const a = trainTestSplitIndices(100, { seed: 42, testSize: 0.2 });
    expect(trainTestSplitIndices(100, { seed: 42, testSize: 0.2 })).toEqual(a);
    expect(trainTestSplitIndices(100, { seed: 43, testSize: 0.2 }).testIndices).not.toEqual(
      a.testIndices,
    );
  });

  it('keeps order without shuffling', () => {
    const { xTrain, xTest } = trainTestSplit(['a', 'b', 'c', 'd'], undefined, {
      shuffle: false,
      testSize: 1,
    });
    expect(xTrain).toEqual(['a', 'b', 'c']);
    expect(xTest).toEqual(['d']);
  });

  it('splits tensors and arrays together, keeping rows paired', () => {
    const x = tensor(range(20).map((i) => [i, -i]));
    const y = Int32Array.from(range(20));
    const s = trainTestSplit(x, y, { testSize: 0.25, seed: 1 });
    expect(s.xTrain.shape).toEqual([15, 2]);
    expect(s.xTest.shape).toEqual([5, 2]);
    expect(s.yTest).toBeInstanceOf(Int32Array);
    expect((s.xTest.toArray() as number[][]).map((r) => r[0])).toEqual(Array.from(s.yTest));
    expect(Array.from(s.yTest)).toEqual(Array.from(s.testIndices));
  });

  it('stratifies: class proportions are kept', () => {
    const y = [...new Array(80).fill(0), ...new Array(20).fill(1)];
    const s = trainTestSplit(range(100), y, { testSize: 0.25, seed: 3, stratify: true });
    expect(counts(y, s.testIndices)).toEqual({ 0: 20, 1: 5 });
    expect(counts(y, s.trainIndices)).toEqual({ 0: 60, 1: 15 });
    expectPartition(s.trainIndices, s.testIndices, 100);
    const labels = ['a', 'b', 'b', 'c', 'c', 'c', 'a', 'b', 'c', 'c'];
    const t = trainTestSplitIndices(10, { testSize: 0.5, stratify: labels, seed: 0 });
    const byClass = (idx: Int32Array) =>
      [...idx]
        .map((i) => labels[i])
        .sort()
        .join('');
    expect(byClass(t.testIndices)).toMatch(/^ab{1,2}c{2,3}$/);
  });

  it('throws specific errors', () => {
    expect(() => trainTestSplit([1, 2, 3], [1, 2])).toThrow(
      'trainTestSplit: x has 3 samples but y has 2',
    );
    expect(() => trainTestSplit([1], [1])).toThrow('needs at least 2 samples to split, got 1');
    expect(() => trainTestSplit([], [])).toThrow('x is empty');
    expect(() => trainTestSplitIndices(10, { testSize: 1.5 })).toThrow(
      'testSize must be a fraction in (0, 1) or an integer in [1, 9] for 10 samples, got 1.5',
    );
    expect(() => trainTestSplitIndices(10, { testSize: 6, trainSize: 6 })).toThrow(
      'trainSize + testSize = 12',
    );
    expect(() => trainTestSplitIndices(4, { stratify: [0, 0, 0, 1] })).toThrow(
      'cannot stratify: class 1 has only 1 member; every class needs at least 2',
    );
    expect(() => trainTestSplitIndices(6, { testSize: 1, stratify: [0, 0, 1, 1, 2, 2] })).toThrow(
      'cannot stratify 3 classes',
    );
    expect(() => trainTestSplit([1, 2], undefined, { stratify: true })).toThrow(
      'stratify: true needs y',
    );
  });
});

describe('kFold', () => {
  it('makes k disjoint test folds covering every sample (first n % k one larger)', () => {
    const folds = kFold(10, { k: 3 });
    expect(folds.map((f) => f.testIndices.length)).toEqual([4, 3, 3]);
    expect(Array.from(folds[0].testIndices)).toEqual([0, 1, 2, 3]);
    for (const f of folds) expectPartition(f.trainIndices, f.testIndices, 10);
    expect(folds.flatMap((f) => [...f.testIndices]).sort((a, b) => a - b)).toEqual(range(10));
  });

  it('shuffles reproducibly with a seed', () => {
    const a = kFold(20, { k: 4, seed: 5 });
    expect(kFold(20, { k: 4, seed: 5 })).toEqual(a);
    expect(a[0].testIndices).not.toEqual(kFold(20, { k: 4 })[0].testIndices);
    expect(a.flatMap((f) => [...f.testIndices]).sort((p, q) => p - q)).toEqual(range(20));
  });

  it('throws specific errors', () => {
    expect(() => kFold(3, { k: 5 })).toThrow('kFold: cannot split 3 samples into k=5 folds');
    expect(() => kFold(10, { k: 1 })).toThrow('k must be an integer >= 2, got 1');
  });
});

describe('stratifiedKFold', () => {
  it('keeps class ratios in every fold', () => {
    const y = [...new Array(60).fill(0), ...new Array(30).fill(1), ...new Array(10).fill(2)];
    for (const opts of [{ k: 5 }, { k: 5, seed: 9 }]) {
      const folds = stratifiedKFold(y, opts);
      for (const f of folds) {
        expect(counts(y, f.testIndices)).toEqual({ 0: 12, 1: 6, 2: 2 });
        expectPartition(f.trainIndices, f.testIndices, 100);
      }
      expect(folds.flatMap((f) => [...f.testIndices]).sort((a, b) => a - b)).toEqual(range(100));
    }
    expect(stratifiedKFold(y, { k: 5, seed: 9 })).toEqual(stratifiedKFold(y, { k: 5, seed: 9 }));
    expect(stratifiedKFold(y, { k: 5, seed: 9 })[0].testIndices).not.toEqual(
      stratifiedKFold(y, { k: 5 })[0].testIndices,
    );
  });

  it('balances uneven classes like scikit-learn (string labels too)', () => {
    const y = ['a', 'a', 'a', 'a', 'b', 'b', 'b'];
    const folds = stratifiedKFold(y, { k: 3 });
    // Sorted by class and dealt round-robin (a a a a b b b -> folds 0 1 2 0 1 2 0), fold 0 gets
    // 2 a's and 1 b, folds 1 and 2 one of each; scikit-learn gives the same folds.
    expect(folds.map((f) => Array.from(f.testIndices))).toEqual([
      [0, 1, 4],
      [2, 5],
      [3, 6],
    ]);
    expect(() => stratifiedKFold([0, 0, 1, 1], { k: 3 })).toThrow(
      'k=3 is greater than the number of members in every class',
    );
  });
});

describe('class balance', () => {
  it('computes balanced class weights (n / (classes * count))', () => {
    expectClose(computeClassWeights([0, 0, 0, 1], 'balanced'), [4 / 6, 2], 1e-12);
    expectClose(
      computeClassWeights(tensor([0, 1, 2, 2], undefined, 'int32')),
      [4 / 3, 4 / 3, 2 / 3],
      1e-12,
    );
    expect(() => computeClassWeights([0, 2])).toThrow(
      'computeClassWeights: class 1 has no samples in labels',
    );
    expect(() => computeClassWeights([0, 1], 'balanced', { numClasses: 3 })).toThrow(
      'class 2 has no samples',
    );
    expect(() => computeClassWeights(['a'] as any)).toThrow(ValueError);
  });

  it('turns class weights into sample weights', () => {
    expect(Array.from(sampleWeightsFromClassWeights([0, 1, 1], [2, 0.5]))).toEqual([2, 0.5, 0.5]);
    expect(Array.from(sampleWeightsFromClassWeights([1], { 1: 3 }))).toEqual([3]);
    expect(() => sampleWeightsFromClassWeights([2], [1, 1])).toThrow(
      'no weight for class 2 (labels[0])',
    );
  });

  it('oversamples minority classes to balance them, reproducibly', () => {
    const x = tensor(range(7).map((i) => [i]));
    const y = [0, 0, 0, 0, 1, 1, 2];
    const out = oversample(x, y, { seed: 4 });
    expect(out.x.shape).toEqual([12, 1]);
    expect(counts(out.y, range(12))).toEqual({ 0: 4, 1: 4, 2: 4 });
    expect(Array.from(out.indices.slice(0, 7))).toEqual(range(7));
    expect((out.x.toArray() as number[][]).map((r) => r[0])).toEqual(Array.from(out.indices));
    expect(oversample(x, y, { seed: 4 }).indices).toEqual(out.indices);
    const shuffled = oversample(range(7), y, { seed: 4, shuffle: true });
    expect([...shuffled.indices].sort()).toEqual([...out.indices].sort());
    expect(() => oversample([1, 2], [0])).toThrow('oversample: x has 2 samples but y has 1');
  });
});
