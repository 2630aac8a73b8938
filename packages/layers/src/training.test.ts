import { valueAndGrad } from '@tsgrad/autograd';
import {
  Generator,
  type Tensor,
  add,
  argmax,
  cast,
  div,
  equal,
  log,
  logSoftmax,
  mean,
  mul,
  neg,
  sigmoid,
  sqrt,
  square,
  sub,
  sum,
  tensor,
  zerosLike,
} from '@tsgrad/tensor';
import { beforeEach, describe, expect, test } from 'vitest';
import { functionalCall } from './layer.js';
import { conv2d } from './layers/conv2d.js';
import { dense } from './layers/dense.js';
import { flatten } from './layers/flatten.js';
import { maxPool2d } from './layers/pooling.js';
import { resetLayerNames } from './names.js';
import { sequential } from './sequential.js';

beforeEach(() => resetLayerNames());

/** A tiny Adam written for the test (the optim package is separate). */
export function adam(params: Tensor[], lr = 0.05, b1 = 0.9, b2 = 0.999, eps = 1e-8) {
  const m = params.map((p) => zerosLike(p));
  const v = params.map((p) => zerosLike(p));
  let t = 0;
  return (grads: Tensor[]) => {
    t++;
    params.forEach((p, i) => {
      m[i] = add(mul(m[i], b1), mul(grads[i], 1 - b1));
      v[i] = add(mul(v[i], b2), mul(square(grads[i]), 1 - b2));
      const mh = div(m[i], 1 - b1 ** t);
      const vh = div(v[i], 1 - b2 ** t);
      p.assign(sub(p, mul(div(mh, add(sqrt(vh), eps)), lr)).detach());
    });
  };
}

describe('custom training loops', () => {
  test('an MLP learns XOR with backward() and a tiny Adam', () => {
    const model = sequential([
      dense({ units: 8, activation: 'tanh', inputShape: [2], seed: 1 }),
      dense({ units: 1, seed: 2 }),
    ]);
    const x = tensor([
      [0, 0],
      [0, 1],
      [1, 0],
      [1, 1],
    ]);
    const y = tensor([[0], [1], [1], [0]]);
    const params = model.trainableParameters();
    const step = adam(params, 0.05);
    // Binary cross-entropy from logits: mean(softplus(z) − y·z), written with basic ops.
    const bce = (z: Tensor) => mean(sub(neg(log(sigmoid(neg(z)))), mul(y, z)));
    let loss = Infinity;
    for (let i = 0; i < 300; i++) {
      const l = bce(model.call(x, { training: true }));
      l.backward();
      step(params.map((p) => p.grad!));
      for (const p of params) p.grad = null;
      loss = l.item();
    }
    expect(loss).toBeLessThan(0.02);
    const pred = sigmoid(model.call(x)).dataSync();
    expect(Array.from(pred, (p) => (p > 0.5 ? 1 : 0))).toEqual([0, 1, 1, 0]);
  });

  test('the same with valueAndGrad over the parameters (functional style)', () => {
    const model = sequential([
      dense({ units: 8, activation: 'relu', inputShape: [2], seed: 3 }),
      dense({ units: 2, seed: 4 }),
    ]);
    const x = tensor([
      [0, 0],
      [0, 1],
      [1, 0],
      [1, 1],
    ]);
    const labels = tensor([0, 1, 1, 0], undefined, 'int32');
    const onehot = tensor([
      [1, 0],
      [0, 1],
      [0, 1],
      [1, 0],
    ]);
    const params = model.trainableParameters();
    const names = params.map((p) => p.name!);
    const lossOf = (...ps: Tensor[]) => {
      const logits = functionalCall(model, new Map(names.map((n, i) => [n, ps[i]])), x, {
        training: true,
      });
      return neg(mean(sum(mul(onehot, logSoftmax(logits)), -1)));
    };
    const step = adam(params, 0.05);
    const vg = valueAndGrad(
      lossOf,
      names.map((_, i) => i),
    );
    let loss = Infinity;
    for (let i = 0; i < 200; i++) {
      const [l, grads] = vg(...params);
      step(grads);
      loss = l.item();
    }
    expect(loss).toBeLessThan(0.02);
    const acc = mean(cast(equal(argmax(model.call(x), 1), labels), 'float32')).item();
    expect(acc).toBe(1);
  });
});

/** 8×8 images with one vertical (label 1) or horizontal (label 0) bar, plus a little noise. */
function bars(n: number, seed: number): { x: Tensor; labels: Tensor; onehot: Tensor } {
  const g = new Generator(seed);
  const pixels = new Float32Array(n * 64);
  const labels = new Int32Array(n);
  const onehot = new Float32Array(n * 2);
  for (let i = 0; i < n; i++) {
    const vertical = i % 2;
    const pos = g.integer(0, 8);
    for (let r = 0; r < 8; r++) {
      for (let c = 0; c < 8; c++) {
        const on = vertical ? c === pos : r === pos;
        pixels[i * 64 + r * 8 + c] = (on ? 1 : 0) + 0.1 * (g.uniform() - 0.5);
      }
    }
    labels[i] = vertical;
    onehot[i * 2 + vertical] = 1;
  }
  return {
    x: tensor(pixels, [n, 8, 8, 1]),
    labels: tensor(labels, [n]),
    onehot: tensor(onehot, [n, 2]),
  };
}

describe('a tiny CNN', () => {
  test('tells vertical from horizontal bars (100% accuracy, near-zero loss)', () => {
    const model = sequential([
      conv2d({ filters: 4, kernelSize: 3, activation: 'relu', inputShape: [8, 8, 1], seed: 1 }),
      maxPool2d({ poolSize: 2 }),
      flatten(),
      dense({ units: 2, seed: 2 }),
    ]);
    const train = bars(32, 0);
    const test_ = bars(32, 1);
    const params = model.trainableParameters();
    const step = adam(params, 0.03);
    const lossOf = (x: Tensor, onehot: Tensor) =>
      neg(mean(sum(mul(onehot, logSoftmax(model.call(x, { training: true }))), -1)));
    let loss = Infinity;
    for (let i = 0; i < 60; i++) {
      const l = lossOf(train.x, train.onehot);
      l.backward();
      step(params.map((p) => p.grad!));
      for (const p of params) p.grad = null;
      loss = l.item();
    }
    expect(loss).toBeLessThan(0.05);
    const accuracy = mean(
      cast(equal(argmax(model.call(test_.x), 1), test_.labels), 'float32'),
    ).item();
    expect(accuracy).toBe(1);
  });
});
