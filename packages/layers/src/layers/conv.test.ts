import { checkGrads } from '@tsgrad/autograd';
import { conv2d as conv2dOp, randn, tensor, zeros } from '@tsgrad/tensor';
import { beforeEach, describe, expect, test } from 'vitest';
import { resetLayerNames } from '../names.js';
import { layerFromConfig, serializeLayer } from '../registry.js';
import { type Sequential, sequential } from '../sequential.js';
import { checkLayerGrads, expectClose } from '../test-helpers.js';
import { conv2d } from './conv2d.js';
import { dense } from './dense.js';
import { flatten } from './flatten.js';
import { globalAveragePooling2d } from './global-pooling.js';
import { avgPool2d, maxPool2d } from './pooling.js';

beforeEach(() => resetLayerNames());

const f64 = { dtype: 'float64' as const, seed: 0 };

function classicCnn(): Sequential {
  return sequential([
    conv2d({ filters: 32, kernelSize: 3, activation: 'relu', inputShape: [28, 28, 1] }),
    maxPool2d({ poolSize: 2 }),
    conv2d({ filters: 64, kernelSize: 3, activation: 'relu' }),
    maxPool2d({ poolSize: 2 }),
    flatten(),
    dense({ units: 10 }),
  ]);
}

describe('Conv2D and pooling', () => {
  test('the classic CNN has 34,826 parameters and Keras shapes', () => {
    const model = classicCnn();
    expect(model.countParams()).toBe(34826);
    expect(model.layers.map((l) => l.outputShape)).toEqual([
      [null, 26, 26, 32],
      [null, 13, 13, 32],
      [null, 11, 11, 64],
      [null, 5, 5, 64],
      [null, 1600],
      [null, 10],
    ]);
    const text = model.summary();
    expect(text).toContain('conv2d (Conv2D)                     [null,26,26,32]         320');
    expect(text).toContain('max_pooling2d (MaxPool2D)           [null,13,13,32]         0');
    expect(text).toContain('conv2d_1 (Conv2D)                   [null,11,11,64]         18,496');
    expect(text).toContain('dense (Dense)                       [null,10]               16,010');
    expect(text).toContain(
      'Total params: 34,826\nTrainable params: 34,826\nNon-trainable params: 0',
    );
    expect(model.call(zeros([2, 28, 28, 1])).shape).toEqual([2, 10]);
  });

  test('padding, strides and dilation', () => {
    expect(
      conv2d({ filters: 4, kernelSize: 3, padding: 'same', inputShape: [9, 9, 2] }).outputShape,
    ).toEqual([null, 9, 9, 4]);
    expect(
      conv2d({ filters: 4, kernelSize: 3, strides: 2, padding: 'same', inputShape: [9, 9, 2] })
        .outputShape,
    ).toEqual([null, 5, 5, 4]);
    expect(
      conv2d({ filters: 4, kernelSize: [3, 1], strides: [2, 1], inputShape: [9, 9, 2] })
        .outputShape,
    ).toEqual([null, 4, 9, 4]);
    expect(
      conv2d({ filters: 4, kernelSize: 3, dilationRate: 2, inputShape: [9, 9, 2] }).outputShape,
    ).toEqual([null, 5, 5, 4]);
    expect(maxPool2d({ poolSize: 3, strides: 2, inputShape: [7, 7, 1] }).outputShape).toEqual([
      null,
      3,
      3,
      1,
    ]);
    expect(avgPool2d({ poolSize: 2, padding: 'same', inputShape: [5, 5, 1] }).outputShape).toEqual([
      null,
      3,
      3,
      1,
    ]);
    for (const layer of [
      conv2d({ filters: 2, kernelSize: 3, strides: 2, padding: 'same' }),
      conv2d({ filters: 2, kernelSize: [2, 3], dilationRate: [2, 1] }),
      maxPool2d({ poolSize: 3, strides: 2 }),
      avgPool2d({ poolSize: 2, padding: 'same' }),
    ]) {
      const x = randn([2, 7, 6, 3], { seed: 1 });
      expect(layer.call(x).shape).toEqual(layer.computeOutputShape(x.shape));
    }
  });

  test('Conv2D computes x ⋆ kernel + bias', () => {
    const c = conv2d({ filters: 1, kernelSize: 2, inputShape: [3, 3, 1] });
    c.loadStateDict({
      'conv2d/kernel': tensor([1, 0, 0, 1], [2, 2, 1, 1]),
      'conv2d/bias': tensor([10]),
    });
    const x = tensor([1, 2, 3, 4, 5, 6, 7, 8, 9], [1, 3, 3, 1]);
    expect(c.call(x).dataSync()).toEqual(new Float32Array([16, 18, 22, 24]));
    expectClose(
      c.call(x),
      conv2dOp(x, c.kernel)
        .dataSync()
        .map((v) => v + 10),
      0,
    );
  });

  test('pooling values', () => {
    const x = tensor([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16], [1, 4, 4, 1]);
    expect(Array.from(maxPool2d().call(x).dataSync())).toEqual([6, 8, 14, 16]);
    expect(Array.from(avgPool2d().call(x).dataSync())).toEqual([3.5, 5.5, 11.5, 13.5]);
  });

  test('errors name the layer and the shapes', () => {
    expect(() => conv2d({ filters: 8, kernelSize: 3 }).call(zeros([32, 784]))).toThrow(
      "Conv2D 'conv2d': expected input of rank 4 [batch, height, width, channels], got shape [32,784]",
    );
    const c = conv2d({ filters: 8, kernelSize: 3 });
    c.call(zeros([1, 5, 5, 3]));
    expect(() => c.call(zeros([1, 5, 5, 1]))).toThrow(
      "Conv2D 'conv2d_1': expected input with 3 channels [batch, height, width, 3], got shape [1,5,5,1]",
    );
    expect(() => conv2d({ filters: 1, kernelSize: 5 }).call(zeros([1, 3, 3, 1]))).toThrow(
      "Conv2D 'conv2d_2': input of shape [1,3,3,1] is smaller than the 5-wide (dilated) kernel with padding 'valid'",
    );
    expect(() => maxPool2d({ poolSize: 3 }).call(zeros([1, 2, 2, 1]))).toThrow(
      "MaxPool2D 'max_pooling2d': input of shape [1,2,2,1] is smaller than the pool window [3,3] with padding 'valid'",
    );
    expect(() => conv2d({ filters: 1, kernelSize: 0 })).toThrow(
      "Conv2D 'conv2d_3': kernelSize must be an integer >= 1, got 0",
    );
    expect(() => conv2d({ filters: 1, kernelSize: 2, padding: 'full' as any })).toThrow(
      "Conv2D 'conv2d_4': padding must be 'valid' or 'same', got \"full\"",
    );
  });

  test('glorotUniform kernel fans count the receptive field', () => {
    const c = conv2d({ filters: 16, kernelSize: 3, inputShape: [8, 8, 4], seed: 0 });
    const limit = Math.sqrt(6 / (3 * 3 * 4 + 3 * 3 * 16));
    const values = c.kernel.dataSync();
    expect(Math.max(...values)).toBeLessThanOrEqual(limit);
    expect(Math.max(...values)).toBeGreaterThan(limit * 0.9);
  });

  test('gradient checks (float64): Conv2D w.r.t. input and parameters; pooling w.r.t. input', () => {
    checkLayerGrads(
      conv2d({ filters: 2, kernelSize: 2, activation: 'tanh', ...f64 }),
      randn([2, 3, 3, 2], { seed: 1, dtype: 'float64' }),
    );
    checkLayerGrads(
      conv2d({ filters: 2, kernelSize: 3, strides: 2, padding: 'same', ...f64 }),
      randn([1, 4, 5, 1], { seed: 2, dtype: 'float64' }),
    );
    checkLayerGrads(
      conv2d({ filters: 1, kernelSize: 2, dilationRate: 2, ...f64 }),
      randn([1, 4, 4, 2], { seed: 3, dtype: 'float64' }),
    );
    // Distinct values so max pooling has no ties (its gradient is not defined at ties).
    const x = tensor(
      Array.from({ length: 32 }, (_, i) => ((i * 7) % 32) / 10),
      [2, 4, 4, 1],
      'float64',
    );
    checkGrads((xi) => maxPool2d({ poolSize: 2 }).call(xi), [x]);
    checkGrads((xi) => avgPool2d({ poolSize: 2, strides: 1, padding: 'same' }).call(xi), [x]);
    checkGrads((xi) => globalAveragePooling2d().call(xi), [x]);
  });

  test('config round trip of a CNN', () => {
    const model = sequential([
      conv2d({
        filters: 3,
        kernelSize: [3, 2],
        strides: [2, 1],
        padding: 'same',
        dilationRate: 1,
        activation: 'relu',
        inputShape: [10, 6, 2],
      }),
      avgPool2d({ poolSize: 2, strides: 1 }),
      conv2d({ filters: 2, kernelSize: 2, dilationRate: 2, useBias: false }),
      maxPool2d({ poolSize: [1, 2], padding: 'same' }),
      globalAveragePooling2d(),
      dense({ units: 2 }),
    ]);
    const x = randn([2, 10, 6, 2], { seed: 4 });
    const copy = layerFromConfig(JSON.parse(JSON.stringify(serializeLayer(model))));
    copy.loadStateDict(model.stateDict());
    expectClose(copy.call(x), model.call(x), 0);
  });
});
