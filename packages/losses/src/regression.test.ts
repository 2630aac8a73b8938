import { checkGrads } from '@tsgrad/autograd';
import { type Tensor, tensor } from '@tsgrad/tensor';
import { describe, expect, it } from 'vitest';
import { huber } from './huber.js';
import { logCosh } from './log-cosh.js';
import { meanAbsoluteError } from './mean-absolute-error.js';
import { meanSquaredError } from './mean-squared-error.js';
import { expectValues, f64 } from './test-helpers.js';

const yTrue = [
  [0, 1],
  [0, 0],
];
const yPred = [
  [1, 1],
  [1, 0],
];
const probs = [
  [0.6, 0.4],
  [0.4, 0.6],
];

describe('meanSquaredError', () => {
  it('matches the Keras example: 0.5', () => {
    // rows: ((1)² + 0²)/2 = 0.5, ((1)² + 0²)/2 = 0.5 → mean 0.5
    expectValues(meanSquaredError(tensor(yTrue), tensor(yPred)), 0.5);
  });

  it('reduces per sample over the last axis, and sums on request', () => {
    const t = f64([
      [1, 2, 3],
      [0, 0, 0],
    ]);
    const p = f64([
      [1, 2, 5],
      [1, 1, 1],
    ]);
    // row 0: 4/3, row 1: 3/3 = 1
    expectValues(meanSquaredError(t, p, { reduction: 'none' }), [4 / 3, 1]);
    expectValues(meanSquaredError(t, p, { reduction: 'sum' }), 4 / 3 + 1);
    expectValues(meanSquaredError(t, p), (4 / 3 + 1) / 2);
  });

  it('treats a rank-1 input as N samples and accepts [N] against [N,1]', () => {
    const t = f64([1, 2, 3]);
    const p = f64([1, 4, 3]);
    expectValues(meanSquaredError(t, p, { reduction: 'none' }), [0, 4, 0]);
    const p2 = tensor([[1], [4], [3]], undefined, 'float64');
    expectValues(meanSquaredError(t, p2, { reduction: 'none' }), [0, 4, 0]);
    expectValues(meanSquaredError(p2, t, { reduction: 'none' }), [0, 4, 0]);
  });

  it('keeps the dtype of yPred and accepts int labels', () => {
    const out = meanSquaredError(tensor([1, 2], undefined, 'int32'), f64([1, 3]));
    expect(out.dtype).toBe('float64');
    expect(out.shape).toEqual([]);
    expectValues(out, 0.5);
  });

  it('names both shapes on a mismatch', () => {
    expect(() =>
      meanSquaredError(
        tensor([[0], [1]]),
        tensor([
          [0, 1, 2],
          [1, 2, 3],
        ]),
      ),
    ).toThrow('meanSquaredError: yTrue has shape [2,1] but yPred has shape [2,3]');
  });

  it('rejects NaN labels', () => {
    expect(() => meanSquaredError(tensor([0, NaN]), tensor([0, 1]))).toThrow(
      'meanSquaredError: yTrue contains NaN (at flat index 1)',
    );
  });

  it('lets NaN predictions through as a NaN loss (so TerminateOnNaN sees them)', () => {
    expect(Number.isNaN(meanSquaredError(tensor([0, 1]), tensor([0, NaN])).item())).toBe(true);
  });
});

describe('meanAbsoluteError', () => {
  it('matches the Keras example: 0.5', () => {
    expectValues(meanAbsoluteError(tensor(yTrue), tensor(yPred)), 0.5);
  });

  it('averages |e| over the last axis', () => {
    expectValues(meanAbsoluteError(f64([[1, -2]]), f64([[0, 2]]), { reduction: 'none' }), [2.5]);
  });
});

describe('huber', () => {
  it('matches the Keras example: 0.155', () => {
    // errors 0.6, -0.6 → ½·0.36 twice = 0.18; 0.4, 0.6 → 0.08, 0.18 → 0.13; mean 0.155
    expectValues(huber(tensor(yTrue), tensor(probs)), 0.155);
  });

  it('is linear beyond delta: delta·(|e| − delta/2)', () => {
    // e = 3, delta 1 → 2.5;  e = 0.5 → 0.125;  delta 2, e = 3 → 2·(3 − 1) = 4
    expectValues(huber(f64([0, 0]), f64([3, 0.5]), { reduction: 'none' }), [2.5, 0.125]);
    expectValues(huber.with({ delta: 2 })(f64([0]), f64([3])), 4);
  });

  it('validates delta', () => {
    expect(() => huber.with({ delta: 0 })).toThrow(
      'huber: delta must be a finite number > 0, got 0',
    );
    expect(() => huber(f64([0]), f64([1]), { delta: -1 })).toThrow(
      'huber: delta must be a finite number > 0, got -1',
    );
  });
});

describe('logCosh', () => {
  it('is log(cosh(e)) averaged over the last axis', () => {
    const want = (Math.log(Math.cosh(1)) + Math.log(Math.cosh(-2))) / 2;
    expectValues(logCosh(f64([[0, 0]]), f64([[1, -2]])), want, 12);
  });

  it('stays finite for huge errors (|e| − log 2)', () => {
    expectValues(logCosh(f64([0]), f64([1000])), 1000 - Math.LN2, 9);
  });
});

describe('regression losses are differentiable w.r.t. yPred', () => {
  const t = f64([
    [0.3, -1.2, 2],
    [1, 0.5, -0.7],
  ]);
  const p = f64([
    [0.1, -0.4, 2.9],
    [0.2, 0.45, 0.6],
  ]);
  const w = f64([0.5, 2]);
  const cases: [string, (p: Tensor) => Tensor][] = [
    ['meanSquaredError', (x) => meanSquaredError(t, x)],
    [
      'meanSquaredError weighted sum',
      (x) => meanSquaredError(t, x, { sampleWeight: w, reduction: 'sum' }),
    ],
    ['meanAbsoluteError', (x) => meanAbsoluteError(t, x)],
    ['huber', (x) => huber(t, x)],
    ['huber delta 0.5 none', (x) => huber(t, x, { delta: 0.5, reduction: 'none' })],
    ['logCosh', (x) => logCosh(t, x)],
  ];
  it.each(cases)('%s', (_name, f) => {
    expect(checkGrads(f, [p]).checked).toBe(6);
  });
});
