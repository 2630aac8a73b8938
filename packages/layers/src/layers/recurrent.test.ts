import { type Tensor, ones, randn, reshape, slice, stack, zeros } from '@tsgrad/tensor';
import { beforeEach, describe, expect, test } from 'vitest';
import { resetLayerNames } from '../names.js';
import { sequential } from '../sequential.js';
import { expectClose } from '../test-helpers.js';
import { gru } from './gru.js';
import { lstm } from './lstm.js';
import { simpleRNN } from './simple-rnn.js';

beforeEach(() => resetLayerNames());

const sigmoid = (v: number) => 1 / (1 + Math.exp(-v));

/** Row-major matrix helpers on plain arrays for reference implementations. */
function vecMat(v: number[], m: ArrayLike<number>, cols: number): number[] {
  const out = new Array(cols).fill(0);
  for (let i = 0; i < v.length; i++)
    for (let j = 0; j < cols; j++) out[j] += v[i] * m[i * cols + j];
  return out;
}

function reversed(x: Tensor): Tensor {
  const t = x.shape[1];
  return stack(
    Array.from({ length: t }, (_, i) =>
      reshape(slice(x, [0, t - 1 - i, 0], [x.shape[0], 1, x.shape[2]]), [x.shape[0], x.shape[2]]),
    ),
    1,
  );
}

describe('parameter counts match Keras', () => {
  test('LSTM(32), GRU(32) and SimpleRNN(32) on 8 features', () => {
    expect(lstm({ units: 32, inputShape: [null, 8] }).countParams()).toBe(
      4 * (8 * 32 + 32 * 32 + 32),
    );
    expect(lstm({ units: 32, inputShape: [null, 8] }).countParams()).toBe(5248);
    expect(gru({ units: 32, inputShape: [10, 8] }).countParams()).toBe(4032);
    expect(gru({ units: 32, inputShape: [10, 8], resetAfter: false }).countParams()).toBe(
      3 * (8 * 32 + 32 * 32 + 32),
    );
    expect(simpleRNN({ units: 32, inputShape: [10, 8] }).countParams()).toBe(1312);
  });

  test('weight layouts', () => {
    const l = lstm({ units: 3, inputShape: [null, 2] });
    expect(l.parameters().map((p) => [p.name, p.shape])).toEqual([
      ['lstm/kernel', [2, 12]],
      ['lstm/recurrent_kernel', [3, 12]],
      ['lstm/bias', [12]],
    ]);
    // unitForgetBias: the forget gate's block (second) starts at 1.
    expect(l.bias.toArray()).toEqual([0, 0, 0, 1, 1, 1, 0, 0, 0, 0, 0, 0]);
    const g = gru({ units: 3, inputShape: [null, 2] });
    expect(g.parameters().map((p) => p.shape)).toEqual([
      [2, 9],
      [3, 9],
      [2, 9],
    ]);
  });
});

describe('shapes and options', () => {
  test('last output, sequences, states', () => {
    const x = randn([4, 5, 3], { seed: 0 });
    expect(simpleRNN({ units: 2 }).call(x).shape).toEqual([4, 2]);
    expect(gru({ units: 2, returnSequences: true }).call(x).shape).toEqual([4, 5, 2]);
    const [out, h, c] = lstm({ units: 2, returnSequences: true, returnState: true }).call(x);
    expect([out.shape, h.shape, c.shape]).toEqual([
      [4, 5, 2],
      [4, 2],
      [4, 2],
    ]);
    expectClose(reshape(slice(out, [0, 4, 0], [4, 1, 2]), [4, 2]), h, 0);
    const [o2, h2] = gru({ units: 2, returnState: true }).call(x);
    expectClose(o2, h2, 0);
  });

  test('computeOutputShape and stacking in a Sequential', () => {
    const model = sequential([
      lstm({ units: 4, returnSequences: true, inputShape: [null, 3] }),
      gru({ units: 2 }),
    ]);
    expect(model.outputShape).toEqual([null, 2]);
    expect(model.layers[0].outputShape).toEqual([null, null, 4]);
    expect(model.call(randn([2, 6, 3])).shape).toEqual([2, 2]);
  });

  test('initialState is used, and checked', () => {
    const layer = simpleRNN({ units: 2, seed: 1 });
    const x = randn([1, 3, 2], { seed: 2 });
    const a = layer.call(x);
    const b = layer.call(x, { initialState: [zeros([1, 2])] });
    expectClose(a, b, 0);
    const c = layer.call(x, { initialState: [ones([1, 2])] });
    expect(c.dataSync()).not.toEqual(a.dataSync());
    expect(() => layer.call(x, { initialState: [ones([2, 2])] })).toThrow(
      "SimpleRNN 'simple_rnn': initialState[0] must have shape [1,2], got shape [2,2]",
    );
    expect(() => lstm({ units: 2 }).call(x, { initialState: [ones([1, 2])] })).toThrow(
      "LSTM 'lstm': initialState must be an array of 2 tensor(s) [batch, units], got 1",
    );
  });

  test('goBackwards reads the sequence from the end', () => {
    const x = randn([2, 4, 3], { seed: 3 });
    const back = gru({ units: 2, seed: 5, goBackwards: true, returnSequences: true, name: 'b' });
    const fwd = gru({ units: 2, seed: 5, returnSequences: true, name: 'f' });
    expectClose(back.call(x), fwd.call(reversed(x)), 1e-6);
  });

  test('wrong feature count names the layer', () => {
    const layer = lstm({ units: 2 });
    layer.call(ones([1, 2, 3]));
    expect(() => layer.call(ones([1, 2, 4]))).toThrow(
      "LSTM 'lstm': expected input with 3 features [batch, time, 3], got shape [1,2,4]",
    );
  });
});

describe('numerics match a plain-JavaScript reference of the Keras equations', () => {
  const B = 2;
  const T = 3;
  const F = 2;
  const U = 3;
  const x = randn([B, T, F], { seed: 11, dtype: 'float64' });
  const xs = x.dataSync();
  const xAt = (b: number, t: number) => Array.from(xs.slice((b * T + t) * F, (b * T + t + 1) * F));

  test('LSTM: gates i, f, c, o', () => {
    const layer = lstm({ units: U, dtype: 'float64', seed: 3, biasInitializer: 'randomNormal' });
    const y = layer.call(x);
    const [k, r, bias] = [
      layer.kernel.dataSync(),
      layer.recurrentKernel.dataSync(),
      layer.bias.dataSync(),
    ];
    const expected: number[] = [];
    for (let b = 0; b < B; b++) {
      let h = new Array(U).fill(0);
      let c = new Array(U).fill(0);
      for (let t = 0; t < T; t++) {
        const zx = vecMat(xAt(b, t), k, 4 * U);
        const zh = vecMat(h, r, 4 * U);
        const z = zx.map((v, j) => v + zh[j] + bias[j]);
        const i = z.slice(0, U).map(sigmoid);
        const f = z.slice(U, 2 * U).map(sigmoid);
        const g = z.slice(2 * U, 3 * U).map(Math.tanh);
        const o = z.slice(3 * U).map(sigmoid);
        c = c.map((cv, j) => f[j] * cv + i[j] * g[j]);
        h = o.map((ov, j) => ov * Math.tanh(c[j]));
      }
      expected.push(...h);
    }
    expectClose(y, expected, 1e-12);
  });

  test('GRU, resetAfter: z, r, h with two biases', () => {
    const layer = gru({ units: U, dtype: 'float64', seed: 4, biasInitializer: 'randomNormal' });
    const y = layer.call(x);
    const [k, r, bias] = [
      layer.kernel.dataSync(),
      layer.recurrentKernel.dataSync(),
      layer.bias.dataSync(),
    ];
    const expected: number[] = [];
    for (let b = 0; b < B; b++) {
      let h = new Array(U).fill(0);
      for (let t = 0; t < T; t++) {
        const mx = vecMat(xAt(b, t), k, 3 * U).map((v, j) => v + bias[j]);
        const mh = vecMat(h, r, 3 * U).map((v, j) => v + bias[3 * U + j]);
        const z = mx.slice(0, U).map((v, j) => sigmoid(v + mh[j]));
        const rr = mx.slice(U, 2 * U).map((v, j) => sigmoid(v + mh[U + j]));
        const hh = mx.slice(2 * U).map((v, j) => Math.tanh(v + rr[j] * mh[2 * U + j]));
        h = h.map((hv, j) => z[j] * hv + (1 - z[j]) * hh[j]);
      }
      expected.push(...h);
    }
    expectClose(y, expected, 1e-12);
  });

  test('GRU, resetAfter false: reset before the recurrent matmul', () => {
    const layer = gru({
      units: U,
      dtype: 'float64',
      seed: 4,
      resetAfter: false,
      biasInitializer: 'randomNormal',
    });
    const y = layer.call(x);
    const [k, r, bias] = [
      layer.kernel.dataSync(),
      layer.recurrentKernel.dataSync(),
      layer.bias.dataSync(),
    ];
    const expected: number[] = [];
    for (let b = 0; b < B; b++) {
      let h = new Array(U).fill(0);
      for (let t = 0; t < T; t++) {
        const mx = vecMat(xAt(b, t), k, 3 * U).map((v, j) => v + bias[j]);
        const mh = vecMat(h, r, 3 * U);
        const z = mx.slice(0, U).map((v, j) => sigmoid(v + mh[j]));
        const rr = mx.slice(U, 2 * U).map((v, j) => sigmoid(v + mh[U + j]));
        const rh = h.map((hv, j) => rr[j] * hv);
        // (r·h)·U_h: columns 2U..3U of the recurrent kernel.
        const rec = new Array(U).fill(0);
        for (let i = 0; i < U; i++)
          for (let j = 0; j < U; j++) rec[j] += rh[i] * r[i * 3 * U + 2 * U + j];
        const hh = mx.slice(2 * U).map((v, j) => Math.tanh(v + rec[j]));
        h = h.map((hv, j) => z[j] * hv + (1 - z[j]) * hh[j]);
      }
      expected.push(...h);
    }
    expectClose(y, expected, 1e-12);
  });

  test('SimpleRNN with a relu activation', () => {
    const layer = simpleRNN({
      units: U,
      dtype: 'float64',
      seed: 2,
      activation: 'relu',
      biasInitializer: tensorInit(),
    });
    const y = layer.call(x);
    const [k, r, bias] = [
      layer.kernel.dataSync(),
      layer.recurrentKernel.dataSync(),
      layer.bias.dataSync(),
    ];
    const expected: number[] = [];
    for (let b = 0; b < B; b++) {
      let h = new Array(U).fill(0);
      for (let t = 0; t < T; t++) {
        const zx = vecMat(xAt(b, t), k, U);
        const zh = vecMat(h, r, U);
        h = zx.map((v, j) => Math.max(0, v + zh[j] + bias[j]));
      }
      expected.push(...h);
    }
    expectClose(y, expected, 1e-12);
  });
});

function tensorInit() {
  return { className: 'Constant', config: { value: 0.1 } };
}
