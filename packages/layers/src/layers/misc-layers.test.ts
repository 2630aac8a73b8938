import { randn, tensor, zeros } from '@tsgrad/tensor';
import { beforeEach, describe, expect, test } from 'vitest';
import { activationNames } from '../activations.js';
import { layerFromConfig, serializeLayer } from '../registry.js';
import { resetLayerNames } from '../names.js';
import { expectClose } from '../test-helpers.js';
import {
  activation,
  eluLayer,
  geluLayer,
  leakyReluLayer,
  logSoftmaxLayer,
  reluLayer,
  sigmoidLayer,
  softmaxLayer,
  tanhLayer,
} from './activation-layers.js';
import { embedding } from './embedding.js';
import { flatten } from './flatten.js';
import { globalAveragePooling2d, globalMaxPooling2d } from './global-pooling.js';
import { reshape } from './reshape.js';

beforeEach(() => resetLayerNames());

describe('Embedding', () => {
  test('int32 indices of any shape → [..., outputDim]', () => {
    const e = embedding({ inputDim: 10, outputDim: 4, seed: 0 });
    expect(
      e.call(
        tensor(
          [
            [1, 2, 3],
            [4, 5, 6],
          ],
          undefined,
          'int32',
        ),
      ).shape,
    ).toEqual([2, 3, 4]);
    expect(e.call(tensor([7, 9], undefined, 'int32')).shape).toEqual([2, 4]);
    const table = e.embeddings.toArray() as number[][];
    expect(e.call(tensor([9], undefined, 'int32')).toArray()).toEqual([table[9]]);
    expect(e.countParams()).toBe(40);
    for (const v of e.embeddings.dataSync()) expect(Math.abs(v)).toBeLessThanOrEqual(0.05);
  });

  test('an index out of range is named', () => {
    const e = embedding({ inputDim: 10, outputDim: 2 });
    expect(() => e.call(tensor([[1, 2, 3, 12]], undefined, 'int32'))).toThrow(
      "Embedding 'embedding': index 12 (at position 3) is out of range [0, 10)",
    );
    expect(() => e.call(tensor([-1], undefined, 'int32'))).toThrow(
      "Embedding 'embedding': index -1 (at position 0) is out of range [0, 10)",
    );
  });

  test('float indices are truncated', () => {
    const e = embedding({ inputDim: 3, outputDim: 2 });
    expectClose(e.call(tensor([[2]])), e.call(tensor([[2]], undefined, 'int32')), 0);
  });
});

describe('Flatten and Reshape', () => {
  test('shapes', () => {
    expect(flatten().call(zeros([2, 3, 4, 5])).shape).toEqual([2, 60]);
    expect(flatten({ inputShape: [28, 28, 1] }).outputShape).toEqual([null, 784]);
    expect(reshape({ targetShape: [7, 7, -1] }).call(zeros([2, 98])).shape).toEqual([2, 7, 7, 2]);
    expect(reshape({ targetShape: [4, 4] }).computeOutputShape([null, 16])).toEqual([null, 4, 4]);
  });

  test('errors', () => {
    expect(() => flatten().call(zeros([3]))).toThrow(
      "Flatten 'flatten': expected input of rank >= 2 [batch, ...], got shape [3]",
    );
    expect(() => reshape({ targetShape: [4, 4] }).call(zeros([2, 15]))).toThrow(
      "Reshape 'reshape': cannot reshape input of shape [2,15] (15 values per sample) to [null,4,4]",
    );
    expect(() => reshape({ targetShape: [-1, -1] })).toThrow(
      "Reshape 'reshape_1': targetShape must hold non-negative integers and at most one -1, got [-1,-1]",
    );
  });
});

describe('global pooling', () => {
  test('mean and max over height and width', () => {
    const x = tensor([
      [
        [
          [1, 10],
          [3, 30],
        ],
        [
          [5, 50],
          [7, 70],
        ],
      ],
    ]); // [1, 2, 2, 2]
    expectClose(globalAveragePooling2d().call(x), [4, 40]);
    expectClose(globalMaxPooling2d().call(x), [7, 70]);
    expect(globalAveragePooling2d({ keepDims: true }).call(x).shape).toEqual([1, 1, 1, 2]);
    expect(() => globalAveragePooling2d().call(zeros([2, 3]))).toThrow(
      "GlobalAveragePooling2D 'global_average_pooling2d_2': expected input of rank 4 [batch, height, width, channels], got shape [2,3]",
    );
  });
});

describe('activation layers', () => {
  test('each computes its function and keeps the shape', () => {
    const x = tensor([[-2, 0.5, 3]]);
    expectClose(reluLayer().call(x), [0, 0.5, 3]);
    expectClose(leakyReluLayer().call(x), [-0.6, 0.5, 3]);
    expectClose(leakyReluLayer({ alpha: 0.1 }).call(x), [-0.2, 0.5, 3]);
    expectClose(eluLayer().call(x), [Math.exp(-2) - 1, 0.5, 3]);
    expectClose(
      sigmoidLayer().call(x),
      [-2, 0.5, 3].map((v) => 1 / (1 + Math.exp(-v))),
    );
    expectClose(tanhLayer().call(x), [-2, 0.5, 3].map(Math.tanh));
    expectClose(geluLayer().call(tensor([0])), [0]);
    const sm = softmaxLayer().call(x).dataSync();
    expect(sm[0] + sm[1] + sm[2]).toBeCloseTo(1, 6);
    expectClose(logSoftmaxLayer().call(x), Array.from(sm).map(Math.log), 1e-5);
    expectClose(activation('relu').call(x), [0, 0.5, 3]);
    expectClose(activation({ activation: 'linear' }).call(x), [-2, 0.5, 3]);
  });

  test('every registered activation works in an Activation layer', () => {
    for (const name of activationNames())
      expect(activation(name).call(randn([2, 3])).shape).toEqual([2, 3]);
  });

  test('default names and config round trip', () => {
    expect([reluLayer().name, leakyReluLayer().name, softmaxLayer().name]).toEqual([
      'relu',
      'leaky_relu',
      'softmax',
    ]);
    for (const layer of [
      leakyReluLayer({ alpha: 0.05 }),
      eluLayer({ alpha: 2 }),
      softmaxLayer({ axis: 0 }),
      activation('gelu'),
      logSoftmaxLayer(),
    ]) {
      const copy = layerFromConfig(JSON.parse(JSON.stringify(serializeLayer(layer))));
      expect(copy.getConfig()).toEqual(layer.getConfig());
      const x = randn([3, 2], { seed: 1 });
      expectClose(copy.call(x), layer.call(x), 0);
    }
  });
});
