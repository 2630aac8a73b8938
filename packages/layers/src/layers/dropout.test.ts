import { manualSeed, ones, randn } from '@tsgrad/tensor';
import { beforeEach, describe, expect, test } from 'vitest';
import { resetLayerNames } from '../names.js';
import { Dropout, dropout } from './dropout.js';

beforeEach(() => resetLayerNames());

describe('Dropout', () => {
  test('training: drops about `rate` of the inputs and scales the rest by 1/(1 − rate)', () => {
    const d = dropout({ rate: 0.25, seed: 1 });
    const y = d.call(ones([100, 100]), { training: true }).dataSync();
    let dropped = 0;
    for (const v of y) {
      if (v === 0) dropped++;
      else expect(v).toBeCloseTo(1 / 0.75, 6);
    }
    expect(dropped / y.length).toBeCloseTo(0.25, 1);
  });

  test('inference is the identity', () => {
    const x = randn([3, 4], { seed: 0 });
    const d = dropout({ rate: 0.5, seed: 1 });
    expect(d.call(x)).toBe(x);
    expect(d.call(x, { training: false })).toBe(x);
    expect(dropout({ rate: 0 }).call(x, { training: true })).toBe(x);
  });

  test('seeded layers give the same masks; masks change from call to call', () => {
    const a = dropout({ rate: 0.5, seed: 7 });
    const b = dropout({ rate: 0.5, seed: 7 });
    const first = a.call(ones([4, 8]), { training: true }).toArray();
    expect(b.call(ones([4, 8]), { training: true }).toArray()).toEqual(first);
    expect(a.call(ones([4, 8]), { training: true }).toArray()).not.toEqual(first);
  });

  test('unseeded layers fork the global generator when made: reproducible after manualSeed', () => {
    manualSeed(3);
    const a = new Dropout({ rate: 0.5 }).call(ones([4, 8]), { training: true }).toArray();
    manualSeed(3);
    expect(new Dropout({ rate: 0.5 }).call(ones([4, 8]), { training: true }).toArray()).toEqual(a);
  });

  test('keeps the input dtype and round-trips its config', () => {
    const d = dropout({ rate: 0.5, seed: 2 });
    expect(d.call(ones([2, 2], 'float64'), { training: true }).dtype).toBe('float64');
    expect(d.getConfig()).toEqual({
      name: 'dropout',
      trainable: true,
      dtype: 'float32',
      seed: 2,
      rate: 0.5,
    });
  });
});

describe('random state', () => {
  test('randomState / setRandomState resume the mask stream exactly', async () => {
    const { sequential } = await import('../sequential.js');
    const { dense } = await import('./dense.js');
    const model = sequential([
      dense({ units: 4, inputShape: [3], seed: 1 }),
      dropout({ rate: 0.5 }),
    ]);
    const x = ones([2, 3]);
    model.call(x, { training: true });
    const saved = model.randomState();
    expect(Object.keys(saved)).toEqual([model.layers[1].name]);
    const next = Array.from(model.call(x, { training: true }).dataSync());
    model.call(x, { training: true }); // move on
    model.setRandomState(JSON.parse(JSON.stringify(saved)));
    expect(Array.from(model.call(x, { training: true }).dataSync())).toEqual(next);
  });

  test('setRandomState refuses unknown layers and malformed states', () => {
    const d = dropout({ rate: 0.5, seed: 2 });
    expect(() => d.setRandomState({ nope: [[1, 2, 3, 4, Number.NaN]] })).toThrow(
      "setRandomState: no layer named 'nope' in this model",
    );
    expect(() => d.setRandomState({ [d.name]: [[1, 2]] })).toThrow(
      `setRandomState: '${d.name}' state 0 must be 5 numbers`,
    );
    expect(() => d.setRandomState({ [d.name]: [] })).toThrow(
      'has 1 random generator(s), the state gives 0',
    );
  });
});

describe('loading weights', () => {
  test('setWeights(getWeights()) leaves no tensors behind', async () => {
    const { memory } = await import('@tsgrad/tensor');
    const { sequential } = await import('../sequential.js');
    const { dense } = await import('./dense.js');
    const model = sequential([dense({ units: 4, inputShape: [3] }), dense({ units: 2 })]);
    const copy = () => {
      const w = model.getWeights();
      model.setWeights(w);
      for (const t of w) t.dispose();
    };
    copy();
    const before = memory().numTensors;
    for (let i = 0; i < 5; i++) copy();
    expect(memory().numTensors).toBe(before);
  });
});
