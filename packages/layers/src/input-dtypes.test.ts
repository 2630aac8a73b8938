import { type Tensor, cast, randint, sum, tensor } from '@tsgrad/tensor';
import '@tsgrad/autograd';
import { beforeEach, describe, expect, test } from 'vitest';
import type { Layer } from './layer.js';
import { Module } from './module.js';
import { resetLayerNames } from './names.js';
import { sequential } from './sequential.js';
import { expectClose } from './test-helpers.js';
import {
  avgPool2d,
  batchNormalization,
  conv2d,
  dense,
  dropout,
  embedding,
  gru,
  layerNormalization,
  lstm,
  maxPool2d,
  reluLayer,
  simpleRNN,
} from './index.js';

beforeEach(() => resetLayerNames());

/** Integer features in [0, 5) of the given shape. */
const ints = (shape: number[], seed = 0): Tensor => randint(0, 5, shape, { seed });

type AnyTensorLayer = Layer<Tensor, Tensor>;

// Each layer is called on int32 data and on the same values as float32: the results must be
// identical, in the layer's float dtype (as Keras casts inputs to the compute dtype).
const CASES: [string, () => AnyTensorLayer, number[], { training?: boolean }?][] = [
  ['Dense', () => dense({ units: 3, seed: 1 }), [2, 4]],
  ['Dense with an activation', () => dense({ units: 3, activation: 'tanh', seed: 1 }), [2, 4]],
  ['Conv2D', () => conv2d({ filters: 2, kernelSize: 3, padding: 'same', seed: 1 }), [2, 4, 4, 1]],
  ['SimpleRNN', () => simpleRNN({ units: 2, seed: 1 }), [2, 3, 4]],
  ['LSTM', () => lstm({ units: 2, seed: 1 }), [2, 3, 4]],
  ['GRU', () => gru({ units: 2, seed: 1 }), [2, 3, 4]],
  ['BatchNormalization', () => batchNormalization({}), [4, 3], { training: true }],
  ['LayerNormalization', () => layerNormalization({}), [2, 4]],
  ['MaxPool2D', () => maxPool2d({ poolSize: 2 }), [1, 4, 4, 2]],
  ['AvgPool2D', () => avgPool2d({ poolSize: 2 }), [1, 4, 4, 2]],
  ['Dropout (training)', () => dropout({ rate: 0.5, seed: 3 }), [2, 8], { training: true }],
  ['Dropout (inference)', () => dropout({ rate: 0.5, seed: 3 }), [2, 8]],
];

describe('integer inputs are cast to the layer dtype where the computation is float', () => {
  for (const [name, make, shape, options] of CASES) {
    test(name, () => {
      const x = ints(shape);
      const a = make();
      resetLayerNames();
      const b = make();
      const fromInt = a.call(x, options);
      const fromFloat = b.call(cast(x, 'float32'), options);
      expect(fromInt.dtype).toBe('float32');
      expect(fromInt.shape).toEqual(fromFloat.shape);
      expectClose(fromInt, fromFloat, 0, 0);
    });
  }

  test('bool inputs too (0/1 flags into Dense)', () => {
    const flags = tensor([1, 0, 1, 1], [1, 4], 'bool');
    const d = dense({ units: 2, kernelInitializer: 'ones', useBias: false });
    const y = d.call(flags);
    expect(y.dtype).toBe('float32');
    expect(y.toArray()).toEqual([[3, 3]]);
  });

  test('to float64 for a float64 layer', () => {
    const d = dense({ units: 2, dtype: 'float64', kernelInitializer: 'ones' });
    expect(d.call(tensor([[1, 2]], undefined, 'int32')).dtype).toBe('float64');
    const c = conv2d({ filters: 1, kernelSize: 1, dtype: 'float64' });
    expect(c.call(ints([1, 2, 2, 1])).dtype).toBe('float64');
  });

  test('gradients reach the weights of a layer fed integers', () => {
    const d = dense({ units: 1, kernelInitializer: 'ones', useBias: false });
    sum(d.call(tensor([[1, 2, 3]], undefined, 'int32'))).backward();
    expect(d.kernel.grad!.toArray()).toEqual([[1], [2], [3]]);
  });

  test('through a Sequential: the first layer with weights casts', () => {
    const model = sequential([dense({ units: 3, seed: 1 }), dense({ units: 1, seed: 2 })]);
    const x = ints([5, 4]);
    expect(model.call(x).dtype).toBe('float32');
  });
});

describe('layers that keep integer inputs', () => {
  test('Embedding looks up int32 indices as they are', () => {
    const e = embedding({ inputDim: 5, outputDim: 2, embeddingsInitializer: 'ones' });
    const y = e.call(tensor([[0, 4]], undefined, 'int32'));
    expect(y.shape).toEqual([1, 2, 2]);
    expect(y.dtype).toBe('float32');
  });

  test('ReLU keeps int32 (it is exact on integers)', () => {
    expect(reluLayer().call(tensor([-1, 2], undefined, 'int32')).dtype).toBe('int32');
  });

  test('a Module receives an integer input unchanged: its forward decides', () => {
    class Ids extends Module {
      seen: string | undefined;
      table = embedding({ inputDim: 10, outputDim: 3 });
      constructor() {
        super();
        this.addWeight('scale', [1]); // own weights: the default would cast
      }
      protected forward(ids: Tensor): Tensor {
        this.seen = ids.dtype;
        return this.table.call(ids);
      }
    }
    const m = new Ids();
    m.call(tensor([1, 9], undefined, 'int32'));
    expect(m.seen).toBe('int32');
  });
});
