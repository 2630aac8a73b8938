import { describe, expect, it } from 'vitest';
import {
  constant,
  cosineDecay,
  exponentialDecay,
  linearWarmup,
  oneCycle,
  piecewiseConstant,
  scheduleFromConfig,
  stepDecay,
} from './schedules.js';

describe('schedules', () => {
  it('constant', () => {
    expect([0, 10, 1e6].map(constant(0.01))).toEqual([0.01, 0.01, 0.01]);
  });

  it('stepDecay matches PyTorch StepLR(step_size=30, gamma=0.1) from 0.05', () => {
    const s = stepDecay({ initialLearningRate: 0.05, stepSize: 30 });
    expect(s(0)).toBe(0.05);
    expect(s(29)).toBe(0.05);
    expect(s(30)).toBeCloseTo(0.005, 15);
    expect(s(59)).toBeCloseTo(0.005, 15);
    expect(s(60)).toBeCloseTo(0.0005, 15);
  });

  it('exponentialDecay: lr·rate^(step/decaySteps), floored with staircase', () => {
    const s = exponentialDecay({ initialLearningRate: 0.1, decaySteps: 100, decayRate: 0.5 });
    expect(s(0)).toBe(0.1);
    expect(s(50)).toBeCloseTo(0.1 * Math.SQRT1_2, 15);
    expect(s(200)).toBeCloseTo(0.025, 15);
    const st = exponentialDecay({
      initialLearningRate: 0.1,
      decaySteps: 100,
      decayRate: 0.5,
      staircase: true,
    });
    expect(st(99)).toBe(0.1);
    expect(st(150)).toBe(0.05);
  });

  it('piecewiseConstant follows Keras’ boundaries (step <= boundary)', () => {
    const s = piecewiseConstant({ boundaries: [100, 200], values: [1, 0.5, 0.1] });
    expect([0, 100, 101, 200, 201, 1e6].map(s)).toEqual([1, 1, 0.5, 0.5, 0.1, 0.1]);
  });

  it('linearWarmup ramps to the wrapped schedule, which then starts counting', () => {
    const s = linearWarmup({
      warmupSteps: 10,
      schedule: stepDecay({ initialLearningRate: 0.1, stepSize: 5, gamma: 0.5 }),
    });
    expect(s(0)).toBe(0);
    expect(s(5)).toBeCloseTo(0.05, 15);
    expect(s(10)).toBe(0.1);
    expect(s(15)).toBe(0.05);
    const fromStart = linearWarmup({ warmupSteps: 4, schedule: 0.2, startLearningRate: 0.1 });
    expect([0, 2, 4, 100].map(fromStart)).toEqual([0.1, 0.15000000000000002, 0.2, 0.2]);
  });

  it('cosineDecay follows Keras’ CosineDecay', () => {
    const s = cosineDecay({ initialLearningRate: 0.1, decaySteps: 100 });
    expect(s(0)).toBe(0.1);
    expect(s(50)).toBeCloseTo(0.05, 15);
    expect(s(25)).toBeCloseTo(0.1 * 0.5 * (1 + Math.cos(Math.PI / 4)), 15);
    expect(s(100)).toBeCloseTo(0, 15);
    expect(s(500)).toBeCloseTo(0, 15);
    const a = cosineDecay({ initialLearningRate: 0.1, decaySteps: 100, alpha: 0.1 });
    expect(a(100)).toBeCloseTo(0.01, 15);
    expect(a(50)).toBeCloseTo(0.1 * (0.9 * 0.5 + 0.1), 15);
  });

  it('cosineDecay with warmup rises linearly to warmupTarget, then decays from it', () => {
    const s = cosineDecay({
      initialLearningRate: 0,
      warmupTarget: 1e-3,
      warmupSteps: 100,
      decaySteps: 1000,
    });
    expect(s(0)).toBe(0);
    expect(s(50)).toBeCloseTo(5e-4, 15);
    expect(s(100)).toBe(1e-3);
    expect(s(600)).toBeCloseTo(5e-4, 15);
    expect(s(1100)).toBeCloseTo(0, 15);
    expect(s(5000)).toBeCloseTo(0, 15);
  });

  it('oneCycle matches PyTorch OneCycleLR(max_lr=0.1, total_steps=100)', () => {
    const s = oneCycle({ maxLr: 0.1, totalSteps: 100 });
    // initial = 0.1/25 = 0.004; peak at step 0.3·100 − 1 = 29; final = 0.004/1e4 = 4e-7 at step 99
    expect(s(0)).toBeCloseTo(0.004, 15);
    expect(s(29)).toBeCloseTo(0.1, 15);
    expect(s(99)).toBeCloseTo(4e-7, 15);
    const anneal = (a: number, b: number, pct: number) =>
      b + ((a - b) / 2) * (Math.cos(Math.PI * pct) + 1);
    expect(s(10)).toBeCloseTo(anneal(0.004, 0.1, 10 / 29), 15);
    expect(s(64)).toBeCloseTo(anneal(0.1, 4e-7, (64 - 29) / (99 - 29)), 15);
    expect(s(150)).toBeCloseTo(4e-7, 15);
    const short = oneCycle({ maxLr: 1, totalSteps: 2 });
    expect(Number.isFinite(short(0)) && Number.isFinite(short(1))).toBe(true);
  });

  it('round-trips every schedule through its JSON config', () => {
    const all = [
      constant(0.3),
      stepDecay({ initialLearningRate: 0.1, stepSize: 3 }),
      exponentialDecay({
        initialLearningRate: 0.1,
        decaySteps: 7,
        decayRate: 0.9,
        staircase: true,
      }),
      piecewiseConstant({ boundaries: [3, 8], values: [0.1, 0.01, 0.001] }),
      linearWarmup({
        warmupSteps: 5,
        schedule: cosineDecay({ initialLearningRate: 0.1, decaySteps: 20 }),
      }),
      cosineDecay({
        initialLearningRate: 0,
        decaySteps: 20,
        warmupSteps: 5,
        warmupTarget: 0.1,
        alpha: 0.2,
      }),
      oneCycle({ maxLr: 0.5, totalSteps: 30, pctStart: 0.25 }),
    ];
    for (const s of all) {
      const again = scheduleFromConfig(JSON.parse(JSON.stringify(s.getConfig())));
      expect(again.getConfig()).toEqual(s.getConfig());
      for (const step of [0, 1, 4, 5, 9, 17, 29, 40]) expect(again(step)).toBe(s(step));
    }
  });

  it('validates parameters with the bad value', () => {
    expect(() => constant(0)).toThrow('constant: value must be > 0, got 0');
    expect(() => stepDecay({ initialLearningRate: 0.1, stepSize: 2.5 })).toThrow(
      'stepDecay: stepSize must be an integer >= 1, got 2.5',
    );
    expect(() =>
      exponentialDecay({ initialLearningRate: 0.1, decaySteps: 10, decayRate: -1 }),
    ).toThrow('exponentialDecay: decayRate must be > 0, got -1');
    expect(() => piecewiseConstant({ boundaries: [10, 5], values: [1, 2, 3] })).toThrow(
      'piecewiseConstant: boundaries must be increasing finite numbers, got [10,5]',
    );
    expect(() => piecewiseConstant({ boundaries: [10], values: [1] })).toThrow(
      'piecewiseConstant: needs one more value than boundaries, got [10] and [1]',
    );
    expect(() => cosineDecay({ initialLearningRate: 0.1, decaySteps: 10, warmupSteps: 5 })).toThrow(
      'cosineDecay: warmupSteps needs warmupTarget (the learning rate reached at the end of the warmup)',
    );
    expect(() => cosineDecay({ initialLearningRate: 0.1, decaySteps: 10, alpha: 2 })).toThrow(
      'cosineDecay: alpha must be in [0, 1], got 2',
    );
    expect(() => oneCycle({ maxLr: 0.1, totalSteps: 100, pctStart: 1 })).toThrow(
      'oneCycle: pctStart must be in (0, 1), got 1',
    );
    expect(() => linearWarmup({ warmupSteps: 0, schedule: 0.1 })).toThrow(
      'linearWarmup: warmupSteps must be an integer >= 1, got 0',
    );
    expect(() => linearWarmup({ warmupSteps: 3, schedule: ((s: number) => s) as any })).toThrow(
      'linearWarmup: schedule must be a number or a schedule (with getConfig), got a function',
    );
    expect(() => stepDecay({ initialLearningRate: 0.1, stepSize: 3, gama: 0.5 } as any)).toThrow(
      "stepDecay: unknown option 'gama' (known options: initialLearningRate, stepSize, gamma)",
    );
    expect(() => scheduleFromConfig({ name: 'cyclic' })).toThrow(
      "scheduleFromConfig: unknown schedule 'cyclic' (known: constant, stepDecay, exponentialDecay, piecewiseConstant, linearWarmup, cosineDecay, oneCycle)",
    );
  });
});
