import { randn, tensor } from '@tsgrad/tensor';
import { describe, expect, test } from 'vitest';
import { batchNormalization } from './layers/batch-normalization.js';
import { dense } from './layers/dense.js';
import { embedding } from './layers/embedding.js';
import { gru } from './layers/gru.js';
import { layerNormalization } from './layers/layer-normalization.js';
import { lstm } from './layers/lstm.js';
import { simpleRNN } from './layers/simple-rnn.js';
import { checkGrads } from '@tsgrad/autograd';
import { functionalCall } from './layer.js';
import { Sequential } from './sequential.js';
import { checkLayerGrads } from './test-helpers.js';

// Weights are made in float64 with the `dtype` option; inputs are cast by checkGrads.
const f64 = { dtype: 'float64' as const, seed: 0 };
const x64 = (shape: number[], seed = 1) => randn(shape, { seed, dtype: 'float64' });

describe('gradient checks (float64, w.r.t. inputs and parameters)', () => {
  test('Dense, rank 2 and rank 3 inputs', () => {
    checkLayerGrads(dense({ units: 3, activation: 'tanh', ...f64 }), x64([2, 4]));
    checkLayerGrads(dense({ units: 2, activation: 'gelu', ...f64 }), x64([2, 3, 2]));
  });

  test('BatchNormalization in training and in inference', () => {
    checkLayerGrads(batchNormalization({ ...f64, momentum: 0.5 }), x64([4, 3]), { training: true });
    checkLayerGrads(batchNormalization({ ...f64 }), x64([2, 2, 2, 3]), { training: false });
    checkLayerGrads(batchNormalization({ ...f64, axis: 1 }), x64([3, 2, 2]), { training: true });
  });

  test('LayerNormalization over one and two axes', () => {
    checkLayerGrads(layerNormalization({ ...f64 }), x64([2, 5]));
    checkLayerGrads(layerNormalization({ ...f64, axis: [-2, -1] }), x64([2, 2, 3]));
  });

  test('Embedding (w.r.t. the table; indices are integers)', () => {
    const e = embedding({ inputDim: 5, outputDim: 3, ...f64 });
    const idx = tensor(
      [
        [0, 4, 4],
        [2, 0, 1],
      ],
      undefined,
      'int32',
    );
    e.call(idx);
    const [table] = e.parameters();
    checkGrads((t) => functionalCall(e, { 'embedding/embeddings': t }, idx), [table]);
  });

  test('SimpleRNN through time, last output and sequences', () => {
    checkLayerGrads(simpleRNN({ units: 3, ...f64 }), x64([2, 4, 2]));
    checkLayerGrads(
      simpleRNN({ units: 2, returnSequences: true, goBackwards: true, ...f64 }),
      x64([2, 3, 2]),
    );
  });

  test('LSTM through time', () => {
    checkLayerGrads(lstm({ units: 2, ...f64 }), x64([2, 4, 3]));
    checkLayerGrads(lstm({ units: 2, returnSequences: true, ...f64 }), x64([1, 3, 2]));
  });

  test('GRU through time, resetAfter true and false', () => {
    checkLayerGrads(gru({ units: 2, ...f64 }), x64([2, 4, 3]));
    checkLayerGrads(
      gru({ units: 2, resetAfter: false, returnSequences: true, ...f64 }),
      x64([2, 3, 2]),
    );
  });

  test('RNN states: gradients reach the initial state', () => {
    const layer = lstm({ units: 2, returnState: true, ...f64 });
    const x = x64([2, 3, 2]);
    const h0 = x64([2, 2], 5);
    const c0 = x64([2, 2], 6);
    layer.call(x);
    checkGrads((xi, h, c) => layer.call(xi, { initialState: [h, c] })[2], [x, h0, c0]);
  });

  test('a Sequential stack, end to end', () => {
    const model = new Sequential([
      dense({ units: 3, activation: 'elu', ...f64 }),
      layerNormalization(f64),
      dense({ units: 2, ...f64 }),
    ]);
    checkLayerGrads(model, x64([3, 4]));
    expect(model.parameters()).toHaveLength(6);
  });
});
