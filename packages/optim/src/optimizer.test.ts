import {
  type Tensor,
  add,
  matmul,
  memory,
  randn,
  scope,
  square,
  sub,
  sum,
  tensor,
} from '@tsgrad/tensor';
import { describe, expect, it } from 'vitest';
import { adam } from './adam.js';
import { clipByGlobalNorm } from './clip.js';
import { getOptimizer, optimizerFromConfig, optimizerNames } from './registry.js';
import { constant, cosineDecay, stepDecay } from './schedules.js';
import { sgd } from './sgd.js';
import { rmsprop } from './rmsprop.js';
import '@tsgrad/autograd';

const f64 = (v: number[]) => tensor(v, undefined, 'float64');

/** A small least-squares problem on named or unnamed parameters. */
function problem(names: (string | undefined)[] = ['w', 'b']) {
  const x = randn([8, 3], { seed: 1 });
  const y = randn([8, 1], { seed: 2 });
  const w = randn([3, 1], { seed: 3 }).requireGrad();
  const b = tensor([0.5]).requireGrad();
  w.name = names[0];
  b.name = names[1];
  return { params: [w, b], x, y };
}

interface Steppable {
  step(p: Iterable<Tensor>): void;
  zeroGrad(p: Iterable<Tensor>): void;
}

/** `steps` steps of least squares, each in a scope so nothing is left to the garbage collector. */
function train(opt: Steppable, params: Tensor[], x: Tensor, y: Tensor, steps: number) {
  const [w, b] = params;
  for (let i = 0; i < steps; i++) {
    scope(() => {
      sum(square(sub(add(matmul(x, w), b), y))).backward();
      opt.step(params);
      opt.zeroGrad(params);
    });
  }
}

const values = (ts: Tensor[]) => ts.map((t) => Array.from(t.dataSync()));

describe('Optimizer.step', () => {
  it('skips parameters without a gradient and clears them with zeroGrad', () => {
    const a = f64([1]);
    const b = f64([1]);
    a.grad = f64([1]);
    const opt = sgd({ learningRate: 0.5 });
    opt.step([a, b]);
    expect(values([a, b])).toEqual([[0.5], [1]]);
    opt.zeroGrad([a, b]);
    expect(a.grad).toBeNull();
    expect(opt.iterations).toBe(1);
  });

  it('updates in place, keeps the dtype and records nothing for backward', () => {
    const p = tensor([1, 2]).requireGrad();
    sum(square(p)).backward();
    const opt = adam({ learningRate: 0.1 });
    opt.step([p]);
    expect(p.dtype).toBe('float32');
    expect(p.node).toBeNull();
    expect(p.requiresGrad).toBe(true);
    const v = p.dataSync();
    expect(v[0]).toBeCloseTo(0.9, 5);
    expect(v[1]).toBeCloseTo(1.9, 5);
  });

  it('casts a gradient of another float dtype to the parameter’s', () => {
    const p = tensor([1]);
    p.grad = f64([1]);
    sgd({ learningRate: 0.25 }).step([p]);
    expect(p.dtype).toBe('float32');
    expect(p.dataSync()[0]).toBe(0.75);
  });

  it('names the parameter in errors', () => {
    const p = f64([1, 2]);
    p.name = 'dense/kernel';
    p.grad = f64([1]);
    expect(() => sgd().step([p])).toThrow(
      "sgd: gradient of parameter 'dense/kernel' has shape [1] but the parameter has shape [2]",
    );
    const q = f64([1]);
    q.grad = f64([1]);
    expect(() => sgd().step([q, q])).toThrow('sgd: parameter #1 appears twice in the list');
    const i = tensor([1], undefined, 'int32');
    i.grad = tensor([1], undefined, 'int32');
    expect(() => sgd().step([i])).toThrow(
      'sgd: parameter #0 is int32; only float parameters can be optimized',
    );
    expect(() => sgd().step(42 as any)).toThrow(
      'sgd: step needs an iterable of parameter tensors, got 42',
    );
  });

  it('keeps the number of live tensors flat over many steps (slots replaced, not piled up)', () => {
    const { params, x, y } = problem();
    const opt = adam({ learningRate: 0.01, amsgrad: true, clipGlobalNorm: 1, weightDecay: 0.1 });
    train(opt, params, x, y, 2);
    const before = memory().numTensors;
    train(opt, params, x, y, 20);
    // The garbage collector may only lower the count (finalizing unrelated garbage).
    expect(memory().numTensors).toBeLessThanOrEqual(before);
  });
});

describe('learning rate', () => {
  it('is readable and settable; setting replaces a schedule', () => {
    const opt = adam({
      learningRate: stepDecay({ initialLearningRate: 0.1, stepSize: 2, gamma: 0.5 }),
    });
    const p = f64([0]);
    const rates: number[] = [];
    for (let i = 0; i < 5; i++) {
      rates.push(opt.learningRate);
      p.grad = f64([1]);
      opt.step([p]);
    }
    expect(rates).toEqual([0.1, 0.1, 0.05, 0.05, 0.025]);
    expect(opt.schedule).toBeDefined();
    opt.learningRate = 0.003;
    expect(opt.learningRate).toBe(0.003);
    expect(opt.schedule).toBeUndefined();
    expect(() => {
      opt.learningRate = -1;
    }).toThrow('adam: learningRate must be > 0, got -1');
  });

  it('uses the schedule’s value at each step in the update', () => {
    const p = f64([0]);
    const opt = sgd({
      learningRate: stepDecay({ initialLearningRate: 1, stepSize: 1, gamma: 0.5 }),
    });
    for (let i = 0; i < 3; i++) {
      p.grad = f64([1]);
      opt.step([p]);
    }
    expect(p.dataSync()[0]).toBe(-(1 + 0.5 + 0.25));
  });

  it('rejects a schedule that gives a bad value, and plain functions', () => {
    const bad = Object.assign((step: number) => (step === 0 ? 0.1 : Number.NaN), {
      getConfig: () => ({ name: 'bad' }),
    });
    const opt = sgd({ learningRate: bad });
    const p = f64([0]);
    p.grad = f64([1]);
    opt.step([p]);
    expect(() => opt.step([p])).toThrow(
      'sgd: the learning-rate schedule gave NaN at step 1; it must be a finite number >= 0',
    );
    expect(() => sgd({ learningRate: ((s: number) => 0.1 / (s + 1)) as any })).toThrow(
      'sgd: learningRate must be a number or a schedule (a function of the step with getConfig())',
    );
  });
});

describe('gradient clipping options', () => {
  it('clipValue limits each element before the update', () => {
    const p = f64([0, 0]);
    p.grad = f64([5, -0.5]);
    sgd({ learningRate: 1, clipValue: 1 }).step([p]);
    expect(Array.from(p.dataSync())).toEqual([-1, 0.5]);
  });

  it('clipNorm rescales each tensor on its own', () => {
    const a = f64([0, 0]);
    const b = f64([0]);
    a.grad = f64([3, 4]);
    b.grad = f64([0.5]);
    sgd({ learningRate: 1, clipNorm: 1 }).step([a, b]);
    expect(Array.from(a.dataSync()).map((v) => +v.toFixed(12))).toEqual([-0.6, -0.8]);
    expect(b.dataSync()[0]).toBe(-0.5);
  });

  it('clipGlobalNorm rescales all tensors together, as clipByGlobalNorm', () => {
    const a = f64([0, 0]);
    const b = f64([0]);
    a.grad = f64([3, 4]);
    b.grad = f64([12]); // global norm 13
    sgd({ learningRate: 1, clipGlobalNorm: 2.6 }).step([a, b]);
    const { grads } = clipByGlobalNorm([f64([3, 4]), f64([12])], 2.6);
    expect(values([a, b])).toEqual(values(grads).map((g) => g.map((v) => -v)));
    expect(b.dataSync()[0]).toBeCloseTo(-2.4, 12);
  });

  it('validates clipping options', () => {
    expect(() => adam({ clipNorm: 0 })).toThrow('adam: clipNorm must be > 0, got 0');
    expect(() => adam({ clipValue: -1 })).toThrow('adam: clipValue must be > 0, got -1');
    expect(() => adam({ clipNorm: 1, clipGlobalNorm: 1 })).toThrow(
      'adam: set at most one of clipNorm and clipGlobalNorm',
    );
  });
});

describe('state save and restore', () => {
  for (const [name, options] of [
    ['adam', { learningRate: 0.01, amsgrad: true }],
    ['sgd', { learningRate: 0.01, momentum: 0.9, nesterov: true }],
    ['rmsprop', { learningRate: 0.01, momentum: 0.5, centered: true }],
    ['adagrad', {}],
    ['adamw', { learningRate: cosineDecay({ initialLearningRate: 0.01, decaySteps: 10 }) }],
    ['adamax', {}],
    ['nadam', { clipGlobalNorm: 0.5 }],
  ] as const) {
    it(`${name}: 5 steps, save, 5 more equals restore and 5 more, bit for bit`, () => {
      const { params, x, y } = problem();
      const opt = getOptimizer(name, { ...options });
      train(opt, params, x, y, 5);
      const savedParams = params.map((p) => tensor(p.dataSync(), p.shape, p.dtype));
      const state = opt.getState();
      train(opt, params, x, y, 5);
      const direct = values(params);

      // A fresh optimizer (as after loading a model) and parameters reset to the saved values.
      const fresh = savedParams.map((p, i) => {
        const t = tensor(p.dataSync(), p.shape, p.dtype).requireGrad();
        t.name = params[i].name;
        return t;
      });
      const opt2 = optimizerFromConfig(JSON.parse(JSON.stringify(opt.getConfig())));
      opt2.setState(state, fresh);
      expect(opt2.iterations).toBe(5);
      train(opt2, fresh, x, y, 5);
      expect(values(fresh)).toEqual(direct);

      // Without the state the same 5 steps end elsewhere: the state matters.
      const cold = savedParams.map((p) => tensor(p.dataSync(), p.shape, p.dtype).requireGrad());
      train(optimizerFromConfig(opt.getConfig()), cold, x, y, 5);
      expect(values(cold)).not.toEqual(direct);
    });
  }

  it('keys unnamed parameters by position and keeps state views valid while training goes on', () => {
    const { params, x, y } = problem([undefined, undefined]);
    const opt = adam({ learningRate: 0.01 });
    train(opt, params, x, y, 2);
    const state = opt.getState();
    expect(Object.keys(state.params)).toEqual(['0', '1']);
    expect(state).toMatchObject({ name: 'adam', iterations: 2, learningRate: 0.01 });
    expect(state.params['0'].step).toBe(2);
    expect(Object.keys(state.params['0'].slots)).toEqual(['m', 'v']);
    const m = Array.from(state.params['0'].slots.m.dataSync());
    train(opt, params, x, y, 3);
    expect(Array.from(state.params['0'].slots.m.dataSync())).toEqual(m);
  });

  it('restores a learning rate changed during training (ReduceLROnPlateau)', () => {
    const opt = sgd({ learningRate: 0.1 });
    opt.learningRate = 0.02;
    const opt2 = sgd({ learningRate: 0.1 });
    opt2.setState(opt.getState(), []);
    expect(opt2.learningRate).toBe(0.02);
  });

  it('explains state that does not fit', () => {
    const { params, x, y } = problem();
    const opt = adam({ learningRate: 0.01 });
    train(opt, params, x, y, 1);
    const state = opt.getState();
    expect(() => sgd().setState(state, params)).toThrow(
      "sgd: cannot load the state of a 'adam' optimizer",
    );
    expect(() => adam({ amsgrad: true }).setState(state, params)).toThrow(
      "adam: state for parameter 'w' has slots [m,v] but this configuration keeps [m,v,vMax]",
    );
    const renamed = params.map((p) => tensor(p.dataSync(), p.shape));
    renamed[0].name = 'kernel';
    renamed[1].name = 'b';
    expect(() => adam().setState(state, renamed)).toThrow(
      "adam: the state has parameters 'w' that match none of the given parameters (keyed by name, else by position)",
    );
    const wrongShape = [tensor([1, 2]), params[1]];
    wrongShape[0].name = 'w';
    expect(() => adam().setState(state, wrongShape)).toThrow(
      "adam: slot 'm' of parameter 'w' has shape [3,1] but the parameter has shape [2]",
    );
    expect(() => adam().setState({} as any, params)).toThrow(
      'adam: setState expects { name, iterations, params }, got {}',
    );
    expect(() => adam().setState({ ...state, iterations: -1 }, params)).toThrow(
      'adam: state.iterations must be an integer >= 0, got -1',
    );
  });

  it('refuses to key two parameters by the same name', () => {
    const a = f64([1]);
    const b = f64([1]);
    a.name = b.name = 'same';
    a.grad = f64([1]);
    b.grad = f64([1]);
    const opt = sgd({ momentum: 0.5 });
    opt.step([a, b]);
    expect(() => opt.getState()).toThrow(
      "sgd: two parameters are keyed 'same'; give parameters distinct names (or none, to key them by position)",
    );
  });
});

describe('config', () => {
  it('round-trips every optimizer through JSON', () => {
    for (const name of optimizerNames()) {
      const opt = getOptimizer(name, { learningRate: 0.05, clipValue: 2 });
      const config = JSON.parse(JSON.stringify(opt.getConfig()));
      const again = optimizerFromConfig(config);
      expect(again.getConfig()).toEqual(config);
      expect(config).toMatchObject({ name, learningRate: 0.05, clipValue: 2 });
    }
  });

  it('saves a schedule as its config and rebuilds it', () => {
    const opt = rmsprop({
      learningRate: cosineDecay({ initialLearningRate: 0.1, decaySteps: 100, alpha: 0.1 }),
      centered: true,
    });
    const config = opt.getConfig();
    expect(config.learningRate).toEqual({
      name: 'cosineDecay',
      initialLearningRate: 0.1,
      decaySteps: 100,
      alpha: 0.1,
      warmupSteps: 0,
    });
    const again = optimizerFromConfig(JSON.parse(JSON.stringify(config)));
    expect(again.schedule?.(50)).toBe(opt.schedule?.(50));
    expect(again.getConfig()).toEqual(config);
    expect(constant(0.1).getConfig()).toEqual({ name: 'constant', value: 0.1 });
  });
});
