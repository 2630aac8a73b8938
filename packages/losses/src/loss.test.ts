import { tensor } from '@tsgrad/tensor';
import { describe, expect, it } from 'vitest';
import { binaryCrossentropy } from './binary-crossentropy.js';
import { huber } from './huber.js';
import { meanSquaredError } from './mean-squared-error.js';
import { sparseCategoricalCrossentropy } from './sparse-categorical-crossentropy.js';
import { expectValues, f64, i32 } from './test-helpers.js';

const t = f64([
  [0, 0],
  [0, 0],
  [0, 0],
]);
const p = f64([
  [1, 1],
  [2, 2],
  [3, 3],
]); // per-sample MSE: 1, 4, 9

describe('reduction and sample weights', () => {
  it("'mean' divides Σ wᵢ·lᵢ by N (Keras' sum_over_batch_size)", () => {
    const w = f64([1, 0, 2]);
    expectValues(meanSquaredError(t, p, { sampleWeight: w }), (1 + 0 + 18) / 3, 12);
    expectValues(meanSquaredError(t, p, { sampleWeight: w, reduction: 'sum' }), 19, 12);
    expectValues(meanSquaredError(t, p, { sampleWeight: w, reduction: 'none' }), [1, 0, 18], 12);
  });

  it('accepts [N,1] sample weights and names a wrong shape', () => {
    expectValues(
      meanSquaredError(t, p, { sampleWeight: f64([[1], [1], [0]]), reduction: 'sum' }),
      5,
      12,
    );
    expect(() => meanSquaredError(t, p, { sampleWeight: f64([1, 2]) })).toThrow(
      'meanSquaredError: sampleWeight has shape [2] but the per-sample losses have shape [3]',
    );
  });

  it('gives 0 for an empty batch', () => {
    const e = tensor([], [0, 2], 'float64');
    expectValues(meanSquaredError(e, e), 0);
  });

  it('validates the reduction and unknown options', () => {
    expect(() => meanSquaredError(t, p, { reduction: 'avg' as any })).toThrow(
      `meanSquaredError: reduction must be one of 'mean', 'sum', 'none', got "avg"`,
    );
    expect(() => huber(t, p, { dleta: 2 } as any)).toThrow(
      "huber: unknown option 'dleta' (known options: reduction, sampleWeight, delta)",
    );
  });

  it('rejects arrays and non-float predictions', () => {
    expect(() => meanSquaredError([1, 2] as any, p)).toThrow(
      'meanSquaredError: yTrue must be a Tensor, got an array (wrap it with tensor(...))',
    );
    expect(() =>
      meanSquaredError(
        t,
        i32([
          [1, 1],
          [2, 2],
          [3, 3],
        ]),
      ),
    ).toThrow('meanSquaredError: yPred must be float32 or float64, got int32');
  });
});

describe('configured losses', () => {
  it('with() binds options; call options override them', () => {
    const loss = huber.with({ delta: 2 });
    expect(loss.lossName).toBe('huber');
    expect(loss.options).toEqual({ delta: 2 });
    expectValues(loss(f64([0]), f64([3])), 4, 12);
    expectValues(loss(f64([0]), f64([3]), { delta: 1 }), 2.5, 12);
    expect(huber.options).toEqual({});
  });

  it('with() merges and validates eagerly', () => {
    const a = sparseCategoricalCrossentropy
      .with({ fromLogits: true })
      .with({ labelSmoothing: 0.1 });
    expect(a.options).toEqual({ fromLogits: true, labelSmoothing: 0.1 });
    expect(() => binaryCrossentropy.with({ sampleWeight: f64([1]) } as any)).toThrow(
      'binaryCrossentropy: sampleWeight is per batch: pass it when calling the loss, not to with()',
    );
  });

  it('getConfig is plain JSON', () => {
    const loss = sparseCategoricalCrossentropy.with({ fromLogits: true, classWeights: [1, 2] });
    const config = loss.getConfig();
    expect(config).toEqual({
      name: 'sparseCategoricalCrossentropy',
      options: { fromLogits: true, classWeights: [1, 2] },
    });
    expect(JSON.parse(JSON.stringify(config))).toEqual(config);
    expect(meanSquaredError.getConfig()).toEqual({ name: 'meanSquaredError', options: {} });
  });
});
