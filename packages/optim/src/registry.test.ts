import { describe, expect, it } from 'vitest';
import { Adam } from './adam.js';
import { getOptimizer, optimizerFromConfig, optimizerNames } from './registry.js';
import { SGD } from './sgd.js';

describe('optimizer registry', () => {
  it('lists the optimizers in order of increasing complexity', () => {
    expect(optimizerNames()).toEqual([
      'sgd',
      'adagrad',
      'rmsprop',
      'adam',
      'adamw',
      'adamax',
      'nadam',
    ]);
  });

  it('makes optimizers by name, with defaults or options', () => {
    expect(getOptimizer('adam')).toBeInstanceOf(Adam);
    expect(getOptimizer('Adam').learningRate).toBe(0.001);
    const s = getOptimizer('SGD', { learningRate: 0.1, momentum: 0.9 });
    expect(s).toBeInstanceOf(SGD);
    expect(s.getConfig()).toMatchObject({ learningRate: 0.1, momentum: 0.9 });
  });

  it('lists the known names for an unknown one', () => {
    expect(() => getOptimizer('adamm')).toThrow(
      'getOptimizer: unknown optimizer "adamm"; known optimizers: sgd, adagrad, rmsprop, adam, adamw, adamax, nadam',
    );
    expect(() => optimizerFromConfig({ name: 'lbfgs' })).toThrow(
      'optimizerFromConfig: unknown optimizer "lbfgs"',
    );
    expect(() => optimizerFromConfig({} as any)).toThrow(
      'optimizerFromConfig: expected { name, ...options }, got {}',
    );
  });

  it('reads configs with a schedule and validates hyperparameters', () => {
    const opt = optimizerFromConfig({
      name: 'adamw',
      learningRate: { name: 'stepDecay', initialLearningRate: 0.1, stepSize: 10 },
    });
    expect(opt.learningRate).toBe(0.1);
    expect(() => optimizerFromConfig({ name: 'adam', beta1: 1 })).toThrow(
      'adam: beta1 must be in [0, 1), got 1',
    );
  });
});
