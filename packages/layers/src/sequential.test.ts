import { randint, randn } from '@tsgrad/tensor';
import { beforeEach, describe, expect, test } from 'vitest';
import { activation, leakyReluLayer } from './layers/activation-layers.js';
import { batchNormalization } from './layers/batch-normalization.js';
import { dense } from './layers/dense.js';
import { dropout } from './layers/dropout.js';
import { embedding } from './layers/embedding.js';
import { flatten } from './layers/flatten.js';
import { gru } from './layers/gru.js';
import { layerNormalization } from './layers/layer-normalization.js';
import { lstm } from './layers/lstm.js';
import { reshape } from './layers/reshape.js';
import { simpleRNN } from './layers/simple-rnn.js';
import { resetLayerNames } from './names.js';
import { l1l2 } from './regularizers.js';
import { layerFromConfig, serializeLayer } from './registry.js';
import { Sequential, sequential } from './sequential.js';
import { expectClose } from './test-helpers.js';

beforeEach(() => resetLayerNames());

describe('Sequential', () => {
  test('the MLP 784-128-64-10 has 109,386 parameters, as in Keras', () => {
    const model = sequential([
      dense({ units: 128, activation: 'relu', inputShape: [784] }),
      dense({ units: 64, activation: 'relu' }),
      dense({ units: 10 }),
    ]);
    expect(model.countParams()).toBe(109386);
    const text = model.summary();
    expect(text).toBe(
      [
        'Model: "sequential" (Sequential)',
        '_'.repeat(80),
        'Layer (type)                        Output Shape            Param #',
        '='.repeat(80),
        'dense (Dense)                       [null,128]              100,480',
        'dense_1 (Dense)                     [null,64]               8,256',
        'dense_2 (Dense)                     [null,10]               650',
        '='.repeat(80),
        'Total params: 109,386',
        'Trainable params: 109,386',
        'Non-trainable params: 0',
        '_'.repeat(80),
      ].join('\n'),
    );
  });

  test('summary of RNN stacks and normalization', () => {
    expect(sequential([lstm({ units: 32, inputShape: [10, 8] })]).summary()).toContain(
      'Total params: 5,248',
    );
    expect(sequential([gru({ units: 32, inputShape: [10, 8] })]).summary()).toContain(
      'Total params: 4,032',
    );
    expect(sequential([simpleRNN({ units: 32, inputShape: [10, 8] })]).summary()).toContain(
      'Total params: 1,312',
    );
    const bn = sequential([flatten({ inputShape: [4, 4] }), batchNormalization()]);
    expect(bn.summary()).toContain('batch_normalization (BatchNormalization)');
    expect(bn.summary()).toMatch(
      /Total params: 64\nTrainable params: 32\nNon-trainable params: 32/,
    );
  });

  test('an unbuilt model summarizes what it knows, then the shapes of its last call', () => {
    const model = sequential([dense({ units: 4 }), dense({ units: 2 })]);
    expect(model.summary()).toContain(
      'dense (Dense)                       ?                       0',
    );
    model.call(randn([3, 5]));
    expect(model.summary()).toContain(
      'dense (Dense)                       [null,4]                24',
    );
  });

  test('add() appends, and builds the new layer when the stack is built', () => {
    const model = new Sequential();
    model.add(dense({ units: 4, inputShape: [3] }));
    expect(model.countParams()).toBe(16);
    model.add(dense({ units: 1 }));
    expect(model.countParams()).toBe(21);
    expect(model.layers.map((l) => l.name)).toEqual(['dense', 'dense_1']);
    expect(() => model.add(dense({ units: 1, inputShape: [4] }))).toThrow(
      "Sequential 'sequential': only the first layer may have an inputShape; 'dense_2' has [4]",
    );
    expect(() => model.add({} as any)).toThrow(
      "Sequential 'sequential': add() needs a Layer, got object",
    );
    expect(() => new Sequential().call(randn([1, 2]))).toThrow(
      "Sequential 'sequential_1': has no layers; add some first",
    );
  });

  test('shape errors surface from the layer that cannot take its input', () => {
    const model = sequential([dense({ units: 4, inputShape: [3] }), dense({ units: 2 })]);
    expect(() => model.call(randn([2, 5]))).toThrow(
      "Dense 'dense': expected input shape [null,3], got shape [2,5]",
    );
  });

  test('config round trip through JSON: same architecture, same outputs after loading the state dict', () => {
    const model = sequential([
      dense({
        units: 6,
        activation: 'gelu',
        inputShape: [4],
        kernelRegularizer: l1l2({ l1: 0.01, l2: 0.02 }),
        kernelInitializer: 'heNormal',
      }),
      batchNormalization({ momentum: 0.9, epsilon: 1e-4 }),
      leakyReluLayer({ alpha: 0.1 }),
      dropout({ rate: 0.3, seed: 5 }),
      layerNormalization({ center: false }),
      reshape({ targetShape: [3, 2] }),
      lstm({ units: 3, returnSequences: true, unitForgetBias: false }),
      gru({ units: 2, resetAfter: false, goBackwards: true }),
      activation('softmax'),
    ]);
    const x = randn([5, 4], { seed: 1 });
    model.call(x, { training: true });
    const json = JSON.stringify(serializeLayer(model));
    const copy = layerFromConfig(JSON.parse(json)) as Sequential;
    expect(copy).toBeInstanceOf(Sequential);
    expect(serializeLayer(copy)).toEqual(JSON.parse(json));
    expect(copy.layers.map((l) => l.name)).toEqual(model.layers.map((l) => l.name));
    expect(copy.countParams()).toBe(model.countParams());
    copy.loadStateDict(model.stateDict());
    expectClose(copy.call(x), model.call(x), 0);
    expect(copy.regularizationLoss()!.item()).toBeCloseTo(model.regularizationLoss()!.item(), 6);
  });

  test('embedding + recurrent config round trip', () => {
    const model = sequential([
      embedding({ inputDim: 20, outputDim: 4, inputShape: [6] }),
      simpleRNN({ units: 3, activation: 'relu' }),
      dense({ units: 1, activation: 'sigmoid' }),
    ]);
    expect(model.outputShape).toEqual([null, 1]);
    const x = randint(0, 20, [3, 6], { seed: 0 });
    const copy = layerFromConfig(JSON.parse(JSON.stringify(serializeLayer(model))));
    copy.loadStateDict(model.stateDict());
    expectClose(copy.call(x), model.call(x), 0);
  });

  test('unknown classes in a config list the registered ones', () => {
    expect(() => layerFromConfig({ className: 'Dense3D', config: {} })).toThrow(
      /layerFromConfig: unknown layer class 'Dense3D'; registered: Sequential, Dense, Conv2D, MaxPool2D, AvgPool2D, Flatten/,
    );
  });
});
