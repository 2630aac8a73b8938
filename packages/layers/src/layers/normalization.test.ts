import { mean, randn, reshape, tensor, variance } from '@tsgrad/tensor';
import { beforeEach, describe, expect, test } from 'vitest';
import { resetLayerNames } from '../names.js';
import { expectClose } from '../test-helpers.js';
import { batchNormalization } from './batch-normalization.js';
import { layerNormalization } from './layer-normalization.js';

beforeEach(() => resetLayerNames());

describe('BatchNormalization', () => {
  test('64 parameters on 16 channels, 32 trainable (Keras)', () => {
    const bn = batchNormalization({ inputShape: [8, 8, 16] });
    expect(bn.countParams()).toBe(64);
    expect(bn.countTrainableParams()).toBe(32);
    expect(bn.summary()).toContain('Total params: 64');
    expect(bn.summary()).toContain('Trainable params: 32');
    expect(bn.summary()).toContain('Non-trainable params: 32');
  });

  test('training normalizes with batch statistics and moves the moving ones', () => {
    const bn = batchNormalization({ momentum: 0.9 });
    const x = tensor([
      [1, 10],
      [3, 30],
      [5, 50],
    ]);
    const y = bn.call(x, { training: true });
    expectClose(mean(y, 0), [0, 0], 1e-6);
    // Biased variance 8/3 and 800/3, with epsilon 1e-3.
    expectClose(variance(y, 0), [8 / 3 / (8 / 3 + 1e-3), 800 / 3 / (800 / 3 + 1e-3)], 1e-5);
    expectClose(bn.movingMean, [0.1 * 3, 0.1 * 30], 1e-6);
    expectClose(bn.movingVariance, [0.9 + 0.1 * (8 / 3), 0.9 + 0.1 * (800 / 3)], 1e-4);
  });

  test('inference uses the moving statistics and changes nothing', () => {
    const bn = batchNormalization({ momentum: 0 });
    const x = tensor([
      [1, 10],
      [3, 30],
      [5, 50],
    ]);
    bn.call(x, { training: true }); // momentum 0: moving stats = batch stats
    const mm = bn.movingMean.toArray();
    const single = bn.call(tensor([[3, 30]]));
    expectClose(single, [0, 0], 1e-6);
    const y = bn.call(tensor([[5, 50]]));
    expectClose(y, [2 / Math.sqrt(8 / 3 + 1e-3), 20 / Math.sqrt(800 / 3 + 1e-3)], 1e-5);
    expect(bn.movingMean.toArray()).toEqual(mm);
    // The same batch in training mode normalizes by itself (a batch of one gives zeros).
    expectClose(bn.call(tensor([[5, 50]]), { training: true }), [0, 0], 1e-6);
  });

  test('channels-last images: statistics over batch, height and width', () => {
    const bn = batchNormalization();
    const x = randn([4, 3, 3, 2], { seed: 1, mean: 5 });
    const y = bn.call(x, { training: true });
    expectClose(mean(reshape(y, [-1, 2]), 0), [0, 0], 1e-5);
  });

  test('a channel count that differs from the built one', () => {
    const bn = batchNormalization({ inputShape: [4] });
    expect(() => bn.call(randn([2, 5]))).toThrow(
      "BatchNormalization 'batch_normalization': expected input shape [null,4], got shape [2,5]",
    );
    const bn2 = batchNormalization();
    bn2.call(randn([2, 4]));
    expect(() => bn2.call(randn([2, 5]))).toThrow(
      "BatchNormalization 'batch_normalization_1': expected 4 features on axis -1, got shape [2,5]",
    );
  });
});

describe('LayerNormalization', () => {
  test('normalizes each sample; the same in training and inference', () => {
    const ln = layerNormalization();
    const x = tensor([
      [1, 2, 3],
      [10, 20, 60],
    ]);
    const y = ln.call(x);
    expectClose(mean(y, 1), [0, 0], 1e-6);
    expectClose(y, ln.call(x, { training: true }), 0);
    expect(ln.parameters().map((p) => p.shape)).toEqual([[3], [3]]);
  });

  test('center and scale can be turned off', () => {
    expect(layerNormalization({ center: false, scale: false, inputShape: [4] }).countParams()).toBe(
      0,
    );
    expect(layerNormalization({ center: false, inputShape: [4] }).countParams()).toBe(4);
  });
});
