import { tensor } from '@tsgrad/tensor';
import { describe, expect, it } from 'vitest';
import { createLoss, getLoss, lossNames } from './registry.js';
import { expectValues, f64, i32 } from './test-helpers.js';

describe('getLoss', () => {
  it('resolves canonical names, snake_case and aliases', () => {
    expect(getLoss('sparseCategoricalCrossentropy').lossName).toBe('sparseCategoricalCrossentropy');
    expect(getLoss('sparse_categorical_crossentropy').lossName).toBe(
      'sparseCategoricalCrossentropy',
    );
    expect(getLoss('mse').lossName).toBe('meanSquaredError');
    expect(getLoss('MAE').lossName).toBe('meanAbsoluteError');
    expect(getLoss('kld').lossName).toBe('kullbackLeiblerDivergence');
    expect(getLoss('huber_loss').lossName).toBe('huber');
    expect(getLoss('categoricalCrossentropy').lossName).toBe('categoricalCrossentropy');
    expect(getLoss('binaryCrossentropy').lossName).toBe('binaryCrossentropy');
    expect(getLoss('hinge').lossName).toBe('hinge');
    expect(getLoss('squared_hinge').lossName).toBe('squaredHinge');
    expect(getLoss('logcosh').lossName).toBe('logCosh');
  });

  it('every listed name resolves to itself', () => {
    for (const name of lossNames()) expect(getLoss(name).lossName).toBe(name);
    expect(lossNames()).toHaveLength(10);
  });

  it('returns a callable loss taking options', () => {
    const loss = getLoss('sparseCategoricalCrossentropy');
    expectValues(
      loss(i32([1]), f64([[0, 10, 0]]), { fromLogits: true }),
      Math.log(1 + 2 * Math.exp(-10)),
      12,
    );
  });

  it('lists the known losses for an unknown name', () => {
    expect(() => getLoss('crossEntropy')).toThrow(
      'getLoss: unknown loss "crossEntropy"; known losses: meanSquaredError, meanAbsoluteError, huber, logCosh, binaryCrossentropy, categoricalCrossentropy, sparseCategoricalCrossentropy, kullbackLeiblerDivergence, hinge, squaredHinge (aliases: mse, mae, kld, klDivergence, huberLoss, logcosh)',
    );
  });
});

describe('createLoss', () => {
  it('builds a configured loss from a name and options', () => {
    const loss = createLoss('categorical_crossentropy', { fromLogits: true });
    expect(loss.getConfig()).toEqual({
      name: 'categoricalCrossentropy',
      options: { fromLogits: true },
    });
    expectValues(loss(f64([[0, 1]]), f64([[0, 0]])), Math.LN2, 12);
  });

  it('round-trips getConfig through JSON', () => {
    const a = createLoss('huber', { delta: 0.5, reduction: 'sum' });
    const b = createLoss(JSON.parse(JSON.stringify(a.getConfig())));
    const yt = tensor([[0, 0]]);
    const yp = tensor([[2, 0.25]]);
    expect(b(yt, yp).item()).toBe(a(yt, yp).item());
    expect(b.getConfig()).toEqual(a.getConfig());
  });

  it('validates names and options', () => {
    expect(() => createLoss('nope')).toThrow('getLoss: unknown loss "nope"');
    expect(() =>
      createLoss({ name: 'binaryCrossentropy', options: { labelSmoothing: 2 } }),
    ).toThrow('binaryCrossentropy: labelSmoothing must be in [0, 1), got 2');
    expect(() => createLoss(42 as any)).toThrow(
      'createLoss: expected a loss name or a config { name, options }, got 42',
    );
  });
});
