import { describe, expect, it } from 'vitest';
import { MetricsError } from './errors.js';
import { StreamingLogLoss, logLoss } from './log-loss.js';

const ln = Math.log;

describe('logLoss', () => {
  it("scikit-learn's example: −mean log p of the true class", () => {
    const yPred = [
      [0.1, 0.9],
      [0.9, 0.1],
      [0.8, 0.2],
      [0.35, 0.65],
    ];
    const want = -(ln(0.9) + ln(0.9) + ln(0.8) + ln(0.65)) / 4; // 0.21616…
    expect(logLoss([1, 0, 0, 1], yPred)).toBeCloseTo(want, 14);
    expect(logLoss([1, 0, 0, 1], yPred)).toBeCloseTo(0.21616187468057912, 12);
  });

  it('1-D yPred is the probability of the positive class, the same as [N, 2]', () => {
    const want = -(ln(0.8) + ln(0.6)) / 2;
    expect(logLoss([1, 0], [0.8, 0.4])).toBeCloseTo(want, 14);
    expect(logLoss([1, 0], [[0.8], [0.4]])).toBeCloseTo(want, 14);
    expect(
      logLoss(
        [1, 0],
        [
          [0.2, 0.8],
          [0.6, 0.4],
        ],
      ),
    ).toBeCloseTo(want, 14);
  });

  it('labels names the columns (and [negative, positive] for 1-D)', () => {
    const probs = [
      [0.2, 0.8],
      [0.6, 0.4],
      [0.9, 0.1],
    ];
    // column 0 is class 7, column 1 is class 5
    expect(logLoss([5, 7, 7], probs, { labels: [7, 5] })).toBeCloseTo(
      -(ln(0.8) + ln(0.6) + ln(0.9)) / 3,
      14,
    );
    expect(logLoss([-1, 1], [0.3, 0.6], { labels: [-1, 1] })).toBeCloseTo(
      -(ln(0.7) + ln(0.6)) / 2,
      14,
    );
  });

  it('one-hot and soft [N, C] targets', () => {
    const p = [
      [0.7, 0.2, 0.1],
      [0.1, 0.3, 0.6],
    ];
    const oneHot = [
      [1, 0, 0],
      [0, 0, 1],
    ];
    expect(logLoss(oneHot, p)).toBeCloseTo(logLoss([0, 2], p), 14);
    expect(logLoss([[0.5, 0.5]], [[0.5, 0.5]])).toBeCloseTo(ln(2), 14);
    expect(logLoss([[0.25, 0.75]], [[0.5, 0.5]])).toBeCloseTo(ln(2), 14);
  });

  it('clips probabilities to [eps, 1 − eps]', () => {
    // A confident mistake costs −log(eps), not Infinity.
    expect(logLoss([1], [0])).toBeCloseTo(-ln(Number.EPSILON), 10);
    expect(logLoss([1], [0], { eps: 1e-7 })).toBeCloseTo(16.11809565095832, 10);
    expect(logLoss([1], [0], { eps: 0 })).toBe(Number.POSITIVE_INFINITY);
    // A confident right answer costs −log(1 − eps) ≈ eps.
    expect(logLoss([1, 0], [1, 0])).toBeLessThan(1e-15);
    expect(logLoss([1, 0], [1, 0], { eps: 0 })).toBe(0);
  });

  it('sample weights: weighted mean, or weighted sum with normalize: false', () => {
    const l1 = -ln(0.8);
    const l0 = -ln(0.6);
    expect(logLoss([1, 0], [0.8, 0.4], { sampleWeight: [3, 1] })).toBeCloseTo(
      (3 * l1 + l0) / 4,
      14,
    );
    expect(logLoss([1, 0], [0.8, 0.4], { sampleWeight: [3, 1], normalize: false })).toBeCloseTo(
      3 * l1 + l0,
      14,
    );
    expect(logLoss([1, 0], [0.8, 0.4], { normalize: false })).toBeCloseTo(l1 + l0, 14);
    // A zero weight leaves the sample out, even when its loss is infinite.
    expect(logLoss([1, 0], [0.8, 1], { sampleWeight: [1, 0], eps: 0 })).toBeCloseTo(l1, 14);
  });

  it('a single class present is fine: the columns say which classes exist', () => {
    expect(logLoss([1, 1], [0.5, 1])).toBeCloseTo(-ln(0.5) / 2, 14);
    expect(
      logLoss(
        [2, 2],
        [
          [0.1, 0.1, 0.8],
          [0.25, 0.25, 0.5],
        ],
      ),
    ).toBeCloseTo(-(ln(0.8) + ln(0.5)) / 2, 14);
  });

  it('takes tensor-likes', () => {
    const yPred = { shape: [2, 2], dataSync: () => new Float32Array([0.2, 0.8, 0.6, 0.4]) };
    expect(logLoss(new Int32Array([1, 0]), yPred)).toBeCloseTo(
      -(Math.log(Math.fround(0.8)) + Math.log(Math.fround(0.6))) / 2,
      12,
    );
  });

  it('refuses what is not a probability, naming the position', () => {
    expect(() => logLoss([1, 0], [1.5, 0.2])).toThrow(
      'logLoss: yPred[0] is 1.5, not a probability in [0, 1]; 1-D yPred is the probability of the positive class (apply sigmoid to logits)',
    );
    expect(() =>
      logLoss(
        [0, 1],
        [
          [2, -1],
          [0.3, 0.7],
        ],
      ),
    ).toThrow('logLoss: yPred[0][0] is 2, not a probability in [0, 1]; yPred must hold');
    expect(() =>
      logLoss(
        [0, 1],
        [
          [0.5, 0.4],
          [0.3, 0.7],
        ],
      ),
    ).toThrow(
      'logLoss: yPred[0] sums to 0.9, not 1 (within 0.0001); yPred must hold probabilities',
    );
    expect(() => logLoss([[0.5, 0.6]], [[0.5, 0.5]])).toThrow(
      'logLoss: yTrue[0] sums to 1.1, not 1',
    );
    expect(() => logLoss([0, Number.NaN], [0.1, 0.2])).toThrow('logLoss: yTrue[1] is NaN');
    expect(() => logLoss([0, 1], [0.1, Number.NaN])).toThrow('logLoss: yPred[1] is NaN');
  });

  it('refuses labels that are not classes, and labels of the wrong length', () => {
    expect(() => logLoss([0, 2], [0.1, 0.2])).toThrow(
      'logLoss: label 2 in yTrue[1] is not one of the classes [0,1] (pass labels to name the columns)',
    );
    expect(() => logLoss([0, 1.5], [0.1, 0.2])).toThrow(
      'logLoss: yTrue[1] is 1.5, not an integer label',
    );
    expect(() => logLoss([0, 1], [0.1, 0.2], { labels: [0, 1, 2] })).toThrow(
      'logLoss: labels has 3 entries but 1-D yPred (probability of labels[1]) is binary',
    );
    expect(() => logLoss([0], [[0.2, 0.3, 0.5]], { labels: [0, 1] })).toThrow(
      'logLoss: labels has 2 entries but yPred of shape [1,3] has 3 columns',
    );
    expect(() => logLoss([[1, 0]], [[0.2, 0.3, 0.5]])).toThrow(
      'logLoss: yTrue has shape [1,2] but yPred has 3 classes (shape [1,3])',
    );
    expect(() => logLoss([0], [0.5], { labels: [1, 1] })).toThrow('logLoss: labels lists 1 twice');
  });

  it('empty input, mismatched lengths, bad options and weights', () => {
    expect(() => logLoss([], [])).toThrow(MetricsError);
    expect(() => logLoss([], [])).toThrow('logLoss: empty input');
    expect(() => logLoss([0, 1], [0.5])).toThrow('logLoss: yTrue has 2 elements but yPred has 1');
    expect(() => logLoss([0], [0.5], { eps: 0.5 })).toThrow(
      'logLoss: eps must be a number in [0, 0.5), got 0.5',
    );
    expect(() => logLoss([0], [0.5], { sampleWeight: [-1] })).toThrow(
      'logLoss: sampleWeight[0] is -1, expected a finite number >= 0',
    );
    expect(() => logLoss([0, 1], [0.5, 0.5], { sampleWeight: [1] })).toThrow(
      'logLoss: sampleWeight must have one weight per sample [2], got shape [1]',
    );
    expect(() => logLoss([0], [0.5], { sampleWeight: [0] })).toThrow(
      'logLoss: sampleWeight sums to 0; the mean is undefined',
    );
    expect(logLoss([0], [0.5], { sampleWeight: [0], normalize: false })).toBe(0);
  });
});

describe('StreamingLogLoss', () => {
  const yTrue = [1, 0, 0, 1, 2, 2];
  const yPred = [
    [0.1, 0.8, 0.1],
    [0.7, 0.2, 0.1],
    [0.5, 0.3, 0.2],
    [0.2, 0.6, 0.2],
    [0.1, 0.1, 0.8],
    [0.3, 0.3, 0.4],
  ];
  const weights = [1, 2, 0.5, 1, 3, 1];

  it('equals logLoss on all samples, however they are batched', () => {
    for (const size of [1, 2, 4, 6]) {
      const s = new StreamingLogLoss();
      const w = new StreamingLogLoss({ normalize: false });
      for (let i = 0; i < yTrue.length; i += size) {
        s.update(yTrue.slice(i, i + size), yPred.slice(i, i + size));
        w.update(yTrue.slice(i, i + size), yPred.slice(i, i + size), weights.slice(i, i + size));
      }
      expect(s.count).toBe(6);
      expect(s.compute()).toBeCloseTo(logLoss(yTrue, yPred), 14);
      expect(w.compute()).toBeCloseTo(
        logLoss(yTrue, yPred, { sampleWeight: weights, normalize: false }),
        13,
      );
    }
  });

  it('weighted mean across batches', () => {
    const s = new StreamingLogLoss();
    s.update([1], [0.8], [3]).update([0], [0.4], [1]);
    expect(s.compute()).toBeCloseTo((-3 * ln(0.8) - ln(0.6)) / 4, 14);
  });

  it('refuses a change in the number of classes, compute before update, and resets', () => {
    const s = new StreamingLogLoss();
    expect(() => s.compute()).toThrow('StreamingLogLoss.compute: no samples; call update() first');
    s.update([0], [[0.5, 0.5]]);
    expect(() => s.update([0], [[0.2, 0.3, 0.5]])).toThrow(
      'StreamingLogLoss.update: earlier batches had 2 classes, this one has 3',
    );
    expect(() => s.update([3], [0.5])).toThrow(
      'StreamingLogLoss.update: label 3 in yTrue[0] is not one of the classes [0,1]',
    );
    expect(s.compute()).toBeCloseTo(ln(2), 14); // failed batches were not counted
    s.reset();
    expect(s.count).toBe(0);
    s.update([0], [[0.2, 0.3, 0.5]]);
    expect(s.compute()).toBeCloseTo(-ln(0.2), 14);
    const zero = new StreamingLogLoss();
    zero.update([0], [0.5], [0]);
    expect(() => zero.compute()).toThrow('StreamingLogLoss.compute: every sample weight was 0');
  });

  it('validates its options up front', () => {
    expect(() => new StreamingLogLoss({ eps: -1 })).toThrow(
      'StreamingLogLoss: eps must be a number in [0, 0.5), got -1',
    );
    expect(() => new StreamingLogLoss({ labels: [3] })).toThrow(
      'StreamingLogLoss: labels must list at least two classes, got [3]',
    );
  });
});
