import '@tsgrad/autograd';
import {
  ShapeError,
  ValueError,
  add,
  mean,
  ones,
  randn,
  scope,
  square,
  sum,
  tensor,
  zeros,
} from '@tsgrad/tensor';
import { beforeEach, describe, expect, test } from 'vitest';
import { Layer, type ForwardContext, functionalCall, regularizationLosses } from './layer.js';
import { batchNormalization } from './layers/batch-normalization.js';
import { dense } from './layers/dense.js';
import { dropout } from './layers/dropout.js';
import { lstm } from './layers/lstm.js';
import { resetLayerNames } from './names.js';
import { l2 } from './regularizers.js';
import { sequential } from './sequential.js';
import { expectClose } from './test-helpers.js';

beforeEach(() => resetLayerNames());

describe('names', () => {
  test('Keras-style default names per class, reset for tests', () => {
    expect([dense({ units: 1 }).name, dense({ units: 1 }).name, dense({ units: 1 }).name]).toEqual([
      'dense',
      'dense_1',
      'dense_2',
    ]);
    expect(batchNormalization().name).toBe('batch_normalization');
    expect(lstm({ units: 2 }).name).toBe('lstm');
    expect(dense({ units: 1, name: 'head' }).name).toBe('head');
    resetLayerNames();
    expect(dense({ units: 1 }).name).toBe('dense');
  });

  test('parameters are float32 leaves named <layer>/<weight>', () => {
    const d = dense({ units: 3 });
    d.call(ones([2, 4]));
    const [k, b] = d.parameters();
    expect([k.name, b.name]).toEqual(['dense/kernel', 'dense/bias']);
    expect(k.dtype).toBe('float32');
    expect(k.requiresGrad).toBe(true);
    expect(k.node).toBeNull();
  });
});

describe('building', () => {
  test('lazily from the first input', () => {
    const d = dense({ units: 3 });
    expect(d.built).toBe(false);
    expect(d.parameters()).toEqual([]);
    expect(d.call(ones([2, 5])).shape).toEqual([2, 3]);
    expect(d.built).toBe(true);
    expect(d.kernel.shape).toEqual([5, 3]);
  });

  test('eagerly when the input shape is given', () => {
    const d = dense({ units: 3, inputShape: [5] });
    expect(d.parameters().map((p) => p.shape)).toEqual([[5, 3], [3]]);
    expect(d.built).toBe(true);
    expect(d.outputShape).toEqual([null, 3]);
  });

  test('weights made inside a scope survive it', () => {
    const d = dense({ units: 2 });
    scope(() => d.call(ones([1, 3])));
    expect(d.kernel.isDisposed).toBe(false);
    expect(d.call(ones([1, 3])).shape).toEqual([1, 2]);
  });

  test('seeded layers initialize identically', () => {
    const a = dense({ units: 4, seed: 3, inputShape: [3] });
    const b = dense({ units: 4, seed: 3, inputShape: [3] });
    expect(a.kernel.toArray()).toEqual(b.kernel.toArray());
    expect(dense({ units: 4, seed: 4, inputShape: [3] }).kernel.toArray()).not.toEqual(
      a.kernel.toArray(),
    );
  });
});

describe('errors name the layer and the shapes', () => {
  test('Dense last dimension', () => {
    dense({ units: 1 });
    dense({ units: 1 });
    const d = dense({ units: 10 });
    d.call(ones([1, 128]));
    expect(() => d.call(ones([32, 64]))).toThrow(
      new ShapeError(
        "Dense 'dense_2'",
        'expected input with last dimension 128, got shape [32,64]',
      ),
    );
    expect(() => d.call(ones([32, 64]))).toThrow(
      "Dense 'dense_2': expected input with last dimension 128, got shape [32,64]",
    );
  });

  test('rank and declared input shape', () => {
    expect(() => dense({ units: 2 }).call(ones([4]))).toThrow(
      "Dense 'dense': expected input of rank >= 2 [batch, ..., features], got shape [4]",
    );
    expect(() => lstm({ units: 2 }).call(ones([4, 3]))).toThrow(
      "LSTM 'lstm': expected input of rank 3 [batch, time, features], got shape [4,3]",
    );
    const d = dense({ units: 2, inputShape: [3] });
    expect(() => d.call(ones([4, 5]))).toThrow(
      "Dense 'dense_1': expected input shape [null,3], got shape [4,5]",
    );
  });

  test('invalid options', () => {
    expect(() => dense({ units: 0 })).toThrow(
      new ValueError("Dense 'dense'", 'units must be an integer >= 1, got 0'),
    );
    expect(() => dense({ units: 2, activation: 'rleu' })).toThrow(
      /unknown activation "rleu"; known activations: linear, relu/,
    );
    expect(() => dense({ units: 2, dtype: 'int32' as any, name: 'x' })).toThrow(
      "Dense 'x': dtype must be 'float32' or 'float64', got \"int32\"",
    );
    expect(() => dropout({ rate: 1 })).toThrow("Dropout 'dropout': rate must be in [0, 1), got 1");
  });
});

describe('training mode', () => {
  class Probe extends Layer {
    seen: boolean[] = [];
    protected forward(x: any, { training }: ForwardContext) {
      this.seen.push(training);
      return x;
    }
  }

  test('defaults to inference; nested calls inherit the outer mode unless they set it', () => {
    const probe = new Probe();
    const model = sequential([dense({ units: 2 }), probe]);
    model.call(ones([1, 2]));
    model.call(ones([1, 2]), { training: true });
    model.call(ones([1, 2]), { training: false });
    probe.call(ones([1, 2]));
    expect(probe.seen).toEqual([false, true, false, false]);
  });
});

describe('parameters and freezing', () => {
  test('frozen layers leave trainableParameters and stop requiring grad', () => {
    const a = dense({ units: 4, inputShape: [3] });
    const b = dense({ units: 2 });
    const model = sequential([a, b]);
    expect(model.trainableParameters()).toHaveLength(4);
    a.trainable = false;
    expect(model.parameters()).toHaveLength(4);
    expect(model.trainableParameters()).toEqual([b.kernel, b.bias]);
    expect(a.kernel.requiresGrad).toBe(false);
    const loss = sum(model.call(ones([2, 3])));
    loss.backward();
    expect(a.kernel.grad).toBeNull();
    expect(b.kernel.grad).not.toBeNull();
    model.trainable = false;
    expect(model.trainableParameters()).toEqual([]);
    model.trainable = true;
    expect(model.trainableParameters()).toHaveLength(4);
    expect(model.countParams()).toBe(3 * 4 + 4 + 4 * 2 + 2);
  });

  test('a frozen layer made before building stays frozen', () => {
    const d = dense({ units: 2, trainable: false });
    d.call(ones([1, 2]));
    expect(d.trainableParameters()).toEqual([]);
    expect(d.parameters()).toHaveLength(2);
    expect(d.kernel.requiresGrad).toBe(false);
  });

  test('BatchNorm moving statistics are state, not parameters', () => {
    const bn = batchNormalization({ inputShape: [16] });
    expect(bn.parameters().map((p) => p.name)).toEqual([
      'batch_normalization/gamma',
      'batch_normalization/beta',
    ]);
    expect([...bn.stateDict().keys()]).toEqual([
      'batch_normalization/gamma',
      'batch_normalization/beta',
      'batch_normalization/moving_mean',
      'batch_normalization/moving_variance',
    ]);
    expect(bn.movingMean.requiresGrad).toBe(false);
  });
});

describe('state dict', () => {
  test('round trip by name; values are snapshots', () => {
    const a = sequential([
      dense({ units: 4, inputShape: [3] }),
      batchNormalization(),
      dense({ units: 2 }),
    ]);
    const x = randn([5, 3], { seed: 1 });
    a.call(x, { training: true });
    const saved = a.stateDict();
    expect([...saved.keys()]).toEqual([
      'dense/kernel',
      'dense/bias',
      'batch_normalization/gamma',
      'batch_normalization/beta',
      'batch_normalization/moving_mean',
      'batch_normalization/moving_variance',
      'dense_1/kernel',
      'dense_1/bias',
    ]);
    const before = a.call(x).dataSync();
    a.call(x, { training: true }); // moves the moving statistics
    expect(a.call(x).dataSync()).not.toEqual(before);
    a.loadStateDict(saved);
    expectClose(a.call(x), before, 0);
  });

  test('loading into a model with other weights: clear errors; non-strict loads the overlap', () => {
    const a = sequential([dense({ units: 4, inputShape: [3] }), dense({ units: 2 })]);
    const b = sequential([
      dense({ units: 4, inputShape: [3], name: 'dense' }),
      dense({ units: 3, name: 'other' }),
    ]);
    expect(() => b.loadStateDict(a.stateDict())).toThrow(
      "Sequential 'sequential_1': loadStateDict: missing other/kernel, other/bias; unexpected dense_1/kernel, dense_1/bias",
    );
    const report = b.loadStateDict(a.stateDict(), { strict: false });
    expect(report).toEqual({
      missing: ['other/kernel', 'other/bias'],
      unexpected: ['dense_1/kernel', 'dense_1/bias'],
    });
    expect(b.layers[0].parameters()[0].toArray()).toEqual(a.layers[0].parameters()[0].toArray());
  });

  test('shape mismatch names the weight and both shapes, and changes nothing', () => {
    const d = dense({ units: 3, inputShape: [4] });
    const before = d.kernel.toArray();
    expect(() =>
      d.loadStateDict({ 'dense/kernel': zeros([4, 2]), 'dense/bias': zeros([3]) }),
    ).toThrow("Dense 'dense': weight 'dense/kernel' has shape [4,3], the state dict has [4,2]");
    expect(() =>
      d.loadStateDict({ 'dense/kernel': zeros([4, 3]), 'dense/bias': zeros([2]) }),
    ).toThrow("Dense 'dense': weight 'dense/bias' has shape [3], the state dict has [2]");
    expect(d.kernel.toArray()).toEqual(before);
  });

  test('unbuilt layers are named in the error', () => {
    const m = sequential([dense({ units: 2 })]);
    expect(() => m.loadStateDict({ 'dense/kernel': zeros([3, 2]) })).toThrow(
      "Sequential 'sequential': loadStateDict: unexpected dense/kernel (not built yet: dense; call the model once or give its first layer an inputShape)",
    );
  });

  test('float32 state loads into a float64 layer', () => {
    const a = dense({ units: 2, inputShape: [2] });
    const b = dense({ units: 2, inputShape: [2], dtype: 'float64', name: 'dense' });
    b.loadStateDict(a.stateDict());
    expect(b.kernel.dtype).toBe('float64');
    expectClose(b.kernel, a.kernel, 1e-7);
  });

  test('getWeights/setWeights copy by position between differently named models', () => {
    const online = sequential([dense({ units: 3, inputShape: [2] }), dense({ units: 1 })]);
    const target = sequential([dense({ units: 3, inputShape: [2] }), dense({ units: 1 })]);
    target.setWeights(online.getWeights());
    const x = randn([4, 2], { seed: 0 });
    expectClose(target.call(x), online.call(x), 0);
    expect(() => target.setWeights([])).toThrow(
      "Sequential 'sequential_1': setWeights: expected 4 tensors, got 0",
    );
  });

  test('duplicate layer names in one model are rejected', () => {
    expect(() =>
      sequential([dense({ units: 2, name: 'a' }), dense({ units: 2, name: 'a' })]),
    ).toThrow(
      "Sequential 'sequential': a layer named 'a' is already in this model; layer names must be unique",
    );
  });
});

describe('regularization', () => {
  test('penalties are collected, differentiable and added by the training loop', () => {
    const d = dense({
      units: 2,
      inputShape: [2],
      kernelRegularizer: l2(0.1),
      biasRegularizer: 'l1',
    });
    d.loadStateDict({
      'dense/kernel': tensor([
        [1, 2],
        [3, 4],
      ]),
      'dense/bias': tensor([1, -2]),
    });
    const reg = d.regularizationLoss()!;
    expect(reg.item()).toBeCloseTo(0.1 * 30 + 0.01 * 3, 5);
    expect(regularizationLosses(sequential([d])).map((t) => t.item())).toEqual([
      expect.closeTo(3, 5),
      expect.closeTo(0.03, 5),
    ]);
    reg.backward();
    expectClose(d.kernel.grad!, [0.2, 0.4, 0.6, 0.8]);
    expectClose(d.bias.grad!, [0.01, -0.01]);
    expect(dense({ units: 2, inputShape: [2] }).regularizationLoss()).toBeNull();
  });
});

describe('functionalCall', () => {
  test('substitutes weights for one call and restores them', () => {
    const d = dense({ units: 1, inputShape: [2], useBias: false });
    const k = tensor([[2], [3]]);
    expect(functionalCall(d, { 'dense/kernel': k }, tensor([[1, 1]])).toArray()).toEqual([[5]]);
    expect(d.kernel).not.toBe(k);
    expect(() => functionalCall(d, { 'dense/bias': k }, tensor([[1, 1]]))).toThrow(
      "Dense 'dense': functionalCall: no weight named 'dense/bias'; weights: dense/kernel",
    );
  });

  test('gradients flow into the substituted tensors', () => {
    const d = dense({ units: 1, inputShape: [2], useBias: false });
    const k = tensor([[2], [3]]).requireGrad();
    mean(square(functionalCall(d, { 'dense/kernel': k }, tensor([[1, 2]])))).backward();
    expectClose(k.grad!, [16, 32]);
    expect(d.kernel.grad).toBeNull();
  });
});

describe('custom layers', () => {
  class Scale extends Layer {
    static override readonly className = 'Scale';
    override build(shape: readonly (number | null)[]) {
      this.addWeight('s', [shape[shape.length - 1] as number], { initializer: 'ones' });
    }
    protected forward(x: any) {
      return add(x, this.weight('s'));
    }
  }

  test('a subclass gets names, lazy build, state dict and config for free', () => {
    const s = new Scale();
    expect(s.name).toBe('scale');
    expect(s.call(zeros([1, 3])).toArray()).toEqual([[1, 1, 1]]);
    expect([...s.stateDict().keys()]).toEqual(['scale/s']);
    expect(s.getConfig()).toEqual({ name: 'scale', trainable: true, dtype: 'float32' });
  });
});

describe('frozen containers', () => {
  test('a Sequential made with trainable: false freezes its layers', () => {
    const m = sequential([dense({ units: 2, inputShape: [2] })], { trainable: false });
    expect(m.trainableParameters()).toEqual([]);
    expect(m.parameters()).toHaveLength(2);
    expect(m.layers[0].trainable).toBe(false);
  });
});
