import { checkGrads } from '@tsgrad/autograd';
import { type Tensor, tensor } from '@tsgrad/tensor';
import { describe, expect, it } from 'vitest';
import { binaryCrossentropy } from './binary-crossentropy.js';
import { categoricalCrossentropy } from './categorical-crossentropy.js';
import { hinge, squaredHinge } from './hinge.js';
import { kullbackLeiblerDivergence } from './kullback-leibler-divergence.js';
import { sparseCategoricalCrossentropy } from './sparse-categorical-crossentropy.js';
import { expectValues, f64, i32 } from './test-helpers.js';

const binTrue = [
  [0, 1],
  [0, 0],
];
const binPred = [
  [0.6, 0.4],
  [0.4, 0.6],
];
const catTrue = [
  [0, 1, 0],
  [0, 0, 1],
];
const catPred = [
  [0.05, 0.95, 0],
  [0.1, 0.8, 0.1],
];

const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));
const bce = (y: number, p: number) => -(y * Math.log(p) + (1 - y) * Math.log(1 - p));

describe('binaryCrossentropy', () => {
  it('matches the Keras example: 0.815', () => {
    // row 0: (−log 0.4 − log 0.4)/2 = 0.9163; row 1: (−log 0.6 − log 0.4)/2 = 0.7136
    expectValues(binaryCrossentropy(tensor(binTrue), tensor(binPred)), 0.81492, 4);
    expectValues(binaryCrossentropy(f64(binTrue), f64(binPred), { reduction: 'none' }), [
      -Math.log(0.4),
      (-Math.log(0.6) - Math.log(0.4)) / 2,
    ]);
  });

  it('clips probabilities to [1e-7, 1 − 1e-7]', () => {
    // −log(1e-7) = 16.118
    expectValues(binaryCrossentropy(f64([1]), f64([0])), -Math.log(1e-7), 9);
  });

  it('fromLogits equals the sigmoid form and is stable for large logits', () => {
    const logits = [
      [-2, 0.5],
      [3, -0.1],
    ];
    const labels = [
      [0, 1],
      [1, 0],
    ];
    const want = labels.map(
      (row, i) => row.reduce((s, y, j) => s + bce(y, sigmoid(logits[i][j])), 0) / 2,
    );
    expectValues(
      binaryCrossentropy(f64(labels), f64(logits), { fromLogits: true, reduction: 'none' }),
      want,
      12,
    );
    // x = 1000, y = 0 → 1000; x = −1000, y = 0 → 0; no overflow
    expectValues(
      binaryCrossentropy(f64([0, 0]), f64([1000, -1000]), { fromLogits: true, reduction: 'none' }),
      [1000, 0],
    );
  });

  it('has the exact gradient sigmoid(x) − y at a zero logit', () => {
    const x = f64([0]).requireGrad();
    binaryCrossentropy(f64([1]), x, { fromLogits: true }).backward();
    expectValues(x.grad!, -0.5, 12);
  });

  it('label smoothing squeezes targets towards ½', () => {
    // s = 0.2: y 1 → 0.9, y 0 → 0.1
    const got = binaryCrossentropy(f64([1, 0]), f64([0.7, 0.4]), {
      labelSmoothing: 0.2,
      reduction: 'none',
    });
    expectValues(got, [bce(0.9, 0.7), bce(0.1, 0.4)], 12);
  });

  it('class weights [w0, w1] weight elements by their label', () => {
    const got = binaryCrossentropy(f64([1, 0]), f64([0.7, 0.4]), {
      classWeights: [0.5, 3],
      reduction: 'none',
    });
    expectValues(got, [3 * bce(1, 0.7), 0.5 * bce(0, 0.4)], 12);
  });

  it('validates labels, probabilities and options', () => {
    expect(() => binaryCrossentropy(f64([2]), f64([0.5]))).toThrow(
      'binaryCrossentropy: yTrue must hold probabilities in [0, 1], got 2 at flat index 0',
    );
    expect(() => binaryCrossentropy(f64([1]), f64([1.5]))).toThrow(
      'binaryCrossentropy: yPred must hold probabilities in [0, 1] (pass fromLogits: true for logits), got 1.5 at flat index 0',
    );
    expect(() => binaryCrossentropy(f64([NaN]), f64([0.5]))).toThrow(
      'binaryCrossentropy: yTrue contains NaN (at flat index 0)',
    );
    expect(() => binaryCrossentropy.with({ labelSmoothing: 1 })).toThrow(
      'binaryCrossentropy: labelSmoothing must be in [0, 1), got 1',
    );
    expect(() => binaryCrossentropy.with({ labelSmoothing: -0.1 })).toThrow(
      'labelSmoothing must be in [0, 1), got -0.1',
    );
    expect(() => binaryCrossentropy.with({ classWeights: [1, 2, 3] })).toThrow(
      'binaryCrossentropy: classWeights has 3 entries but binary classification has 2 classes',
    );
    expect(() => binaryCrossentropy.with({ fromLogits: 'yes' as any })).toThrow(
      'binaryCrossentropy: fromLogits must be a boolean, got yes',
    );
  });
});

describe('categoricalCrossentropy', () => {
  it('matches the Keras example: 1.177', () => {
    // −log 0.95 = 0.0513, −log 0.1 = 2.3026 → 1.1769
    expectValues(categoricalCrossentropy(tensor(catTrue), tensor(catPred)), 1.1769392, 5);
  });

  it('rescales rows that do not sum to 1, as Keras does', () => {
    // [0.2, 0.6] → [0.25, 0.75]
    expectValues(categoricalCrossentropy(f64([[0, 1]]), f64([[0.2, 0.6]])), -Math.log(0.75), 12);
  });

  it('fromLogits uses logSoftmax and is stable', () => {
    const logits = [1, 2, 3];
    const lse = Math.log(Math.exp(1) + Math.exp(2) + Math.exp(3));
    expectValues(
      categoricalCrossentropy(f64([[0, 0, 1]]), f64([logits]), { fromLogits: true }),
      lse - 3,
      12,
    );
    expectValues(
      categoricalCrossentropy(f64([[1, 0]]), f64([[1000, 0]]), { fromLogits: true }),
      0,
      12,
    );
    expectValues(
      categoricalCrossentropy(f64([[0, 1]]), f64([[1000, 0]]), { fromLogits: true }),
      1000,
      9,
    );
  });

  it('label smoothing mixes in s/C', () => {
    // s = 0.3, C = 3: [0, 1, 0] → [0.1, 0.8, 0.1]
    const p = [0.2, 0.5, 0.3];
    const want = -(0.1 * Math.log(0.2) + 0.8 * Math.log(0.5) + 0.1 * Math.log(0.3));
    expectValues(
      categoricalCrossentropy(f64([[0, 1, 0]]), f64([p]), { labelSmoothing: 0.3 }),
      want,
      12,
    );
  });

  it('class weights weight each sample by its class', () => {
    const got = categoricalCrossentropy(f64(catTrue), f64(catPred), {
      classWeights: [1, 2, 0.5],
      reduction: 'none',
    });
    expectValues(got, [-2 * Math.log(0.95), -0.5 * Math.log(0.1)], 12);
  });

  it('validates shapes and class weights', () => {
    expect(() => categoricalCrossentropy(f64([[0, 1]]), f64(catPred))).toThrow(
      'categoricalCrossentropy: yTrue has shape [1,2] but yPred has shape [2,3]',
    );
    expect(() =>
      categoricalCrossentropy(f64(catTrue), f64(catPred), { classWeights: [1, 2] }),
    ).toThrow(
      'categoricalCrossentropy: classWeights has 2 entries but yPred of shape [2,3] has 3 classes',
    );
    expect(() => categoricalCrossentropy.with({ classWeights: [1, -2, 1] })).toThrow(
      'categoricalCrossentropy: classWeights[1] must be a finite number >= 0, got -2',
    );
    expect(() => categoricalCrossentropy(f64([[0, 1]]), f64([[-0.1, 1.1]]))).toThrow(
      'categoricalCrossentropy: yPred must hold probabilities in [0, 1] (pass fromLogits: true for logits), got -0.1 at flat index 0',
    );
  });
});

describe('sparseCategoricalCrossentropy', () => {
  it('matches the Keras example: 1.177', () => {
    expectValues(sparseCategoricalCrossentropy(i32([1, 2]), tensor(catPred)), 1.1769392, 5);
  });

  it('accepts [N,1] labels and float labels holding whole numbers', () => {
    expectValues(
      sparseCategoricalCrossentropy(i32([[1], [2]]), f64(catPred)),
      (-Math.log(0.95) - Math.log(0.1)) / 2,
      12,
    );
    expectValues(
      sparseCategoricalCrossentropy(f64([1, 2]), f64(catPred)),
      (-Math.log(0.95) - Math.log(0.1)) / 2,
      12,
    );
  });

  it('equals categoricalCrossentropy on one-hot targets, with every option', () => {
    const logits = f64([
      [0.3, -1, 2, 0.1],
      [1.5, 0.2, -0.3, 0.9],
      [0, 0, 0, 0],
    ]);
    const labels = i32([2, 0, 3]);
    const oneHot = f64([
      [0, 0, 1, 0],
      [1, 0, 0, 0],
      [0, 0, 0, 1],
    ]);
    const opts = {
      fromLogits: true,
      labelSmoothing: 0.1,
      classWeights: [1, 0.5, 2, 3],
      reduction: 'none' as const,
    };
    const a = sparseCategoricalCrossentropy(labels, logits, opts).dataSync();
    const b = categoricalCrossentropy(oneHot, logits, opts).dataSync();
    expectValues(sparseCategoricalCrossentropy(labels, logits, opts), Array.from(b), 12);
    expect(a.length).toBe(3);
  });

  it('names an out-of-range label and the number of classes', () => {
    const preds = tensor(new Array(2).fill(new Array(10).fill(0.1)));
    expect(() => sparseCategoricalCrossentropy(i32([3, 12]), preds)).toThrow(
      'sparseCategoricalCrossentropy: label 12 is out of range for 10 classes (at flat index 1)',
    );
    expect(() => sparseCategoricalCrossentropy(i32([-1, 0]), preds)).toThrow(
      'label -1 is out of range for 10 classes',
    );
    expect(() => sparseCategoricalCrossentropy(f64([1.5, 0]), preds)).toThrow(
      'label 1.5 (at flat index 0) is not a whole number',
    );
  });

  it('names the expected label shapes', () => {
    expect(() => sparseCategoricalCrossentropy(i32([[1, 2]]), f64(catPred))).toThrow(
      'sparseCategoricalCrossentropy: yTrue has shape [1,2] but yPred has shape [2,3]; expected integer labels of shape [2] or [2,1]',
    );
  });

  it('supports sample weights (Keras sum_over_batch_size)', () => {
    const l0 = -Math.log(0.95);
    // Σ wᵢ·lᵢ / N = (0.5·l0 + 0·l1) / 2, not / Σ wᵢ
    expectValues(
      sparseCategoricalCrossentropy(i32([1, 2]), f64(catPred), { sampleWeight: f64([0.5, 0]) }),
      (0.5 * l0) / 2,
      12,
    );
  });
});

describe('kullbackLeiblerDivergence', () => {
  it('matches the Keras example: 0.458', () => {
    // row 0: 1·log(1/0.4) = 0.9163 (+ ~1e-7 terms), row 1: ~0 → 0.458
    expectValues(kullbackLeiblerDivergence(tensor(binTrue), tensor(binPred)), 0.45814, 4);
  });

  it('is Σ y log(y/p) for distributions', () => {
    const y = [0.2, 0.8];
    const p = [0.5, 0.5];
    expectValues(
      kullbackLeiblerDivergence(f64([y]), f64([p])),
      0.2 * Math.log(0.4) + 0.8 * Math.log(1.6),
      12,
    );
  });
});

describe('hinge and squaredHinge', () => {
  it('match the Keras examples: 1.3 and 1.86', () => {
    // labels {0,1} → {−1,1}: row 0 max(1.6,0), max(0.6,0) → 1.1; row 1: 1.4, 1.6 → 1.5
    expectValues(hinge(tensor(binTrue), tensor(binPred)), 1.3, 6);
    // squares: (2.56 + 0.36)/2 = 1.46, (1.96 + 2.56)/2 = 2.26 → 1.86
    expectValues(squaredHinge(tensor(binTrue), tensor(binPred)), 1.86, 6);
  });

  it('keeps labels already in {-1, 1}', () => {
    expectValues(
      hinge(
        f64([
          [-1, 1],
          [-1, -1],
        ]),
        f64(binPred),
      ),
      1.3,
      12,
    );
  });

  it('rejects other labels and mixes of 0 and -1', () => {
    expect(() => hinge(f64([0.5]), f64([1]))).toThrow(
      'hinge: yTrue must hold labels in {-1, 1} or {0, 1}, got 0.5 at flat index 0',
    );
    expect(() => hinge(f64([0, -1]), f64([1, 1]))).toThrow('hinge: yTrue mixes labels 0 and -1');
  });
});

describe('classification losses are differentiable w.r.t. yPred', () => {
  const probs = f64([
    [0.2, 0.5, 0.3],
    [0.6, 0.15, 0.25],
  ]);
  const logits = f64([
    [0.3, -1.1, 2],
    [1.4, 0.2, -0.6],
  ]);
  const oneHot = f64([
    [0, 1, 0],
    [0, 0, 1],
  ]);
  const soft = f64([
    [0.1, 0.7, 0.2],
    [0.3, 0.3, 0.4],
  ]);
  const labels = i32([1, 2]);
  const binLabels = f64([
    [0, 1, 1],
    [1, 0, 0],
  ]);
  const w = f64([2, 0.5]);
  const cw = [1, 2, 0.5];
  const cases: [string, (p: Tensor) => Tensor, Tensor][] = [
    ['binaryCrossentropy', (x) => binaryCrossentropy(binLabels, x), probs],
    [
      'binaryCrossentropy fromLogits',
      (x) => binaryCrossentropy(binLabels, x, { fromLogits: true }),
      logits,
    ],
    [
      'binaryCrossentropy smoothing + class weights + sample weights',
      (x) =>
        binaryCrossentropy(binLabels, x, {
          labelSmoothing: 0.1,
          classWeights: [0.3, 2],
          sampleWeight: w,
        }),
      probs,
    ],
    ['categoricalCrossentropy', (x) => categoricalCrossentropy(soft, x), probs],
    [
      'categoricalCrossentropy fromLogits',
      (x) => categoricalCrossentropy(oneHot, x, { fromLogits: true }),
      logits,
    ],
    [
      'categoricalCrossentropy all options',
      (x) =>
        categoricalCrossentropy(oneHot, x, {
          fromLogits: true,
          labelSmoothing: 0.2,
          classWeights: cw,
          reduction: 'sum',
        }),
      logits,
    ],
    ['sparseCategoricalCrossentropy', (x) => sparseCategoricalCrossentropy(labels, x), probs],
    [
      'sparseCategoricalCrossentropy fromLogits',
      (x) => sparseCategoricalCrossentropy(labels, x, { fromLogits: true }),
      logits,
    ],
    [
      'sparseCategoricalCrossentropy all options',
      (x) =>
        sparseCategoricalCrossentropy(labels, x, {
          fromLogits: true,
          labelSmoothing: 0.1,
          classWeights: cw,
          sampleWeight: w,
          reduction: 'none',
        }),
      logits,
    ],
    ['kullbackLeiblerDivergence', (x) => kullbackLeiblerDivergence(soft, x), probs],
    ['hinge', (x) => hinge(binLabels, x), logits],
    ['squaredHinge', (x) => squaredHinge(binLabels, x), logits],
  ];
  it.each(cases)('%s', (_name, f, x) => {
    expect(checkGrads(f, [x]).checked).toBe(6);
  });
});
