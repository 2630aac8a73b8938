import { mul, tensor } from '@tsgrad/tensor';
import { describe, expect, test } from 'vitest';
import {
  activationNames,
  canonicalActivation,
  getActivation,
  registerActivation,
} from './activations.js';
import { expectClose } from './test-helpers.js';

describe('activations', () => {
  test('every name in the spec resolves', () => {
    for (const name of [
      'relu',
      'sigmoid',
      'tanh',
      'softmax',
      'linear',
      'gelu',
      'elu',
      'selu',
      'leakyRelu',
      'softplus',
      'logSoftmax',
    ]) {
      expect(activationNames()).toContain(name);
      expect(getActivation(name)(tensor([[0.5, -1]])).shape).toEqual([1, 2]);
    }
  });

  test('values', () => {
    const x = tensor([[-1, 0, 2]]);
    expectClose(getActivation('relu')(x), [0, 0, 2]);
    expectClose(getActivation('leaky_relu')(x), [-0.2, 0, 2]);
    expectClose(getActivation('linear')(x), [-1, 0, 2]);
    expectClose(getActivation(null)(x), [-1, 0, 2]);
    const sm = getActivation('softmax')(x).dataSync();
    expect(sm[0] + sm[1] + sm[2]).toBeCloseTo(1, 6);
  });

  test('names ignore case and underscores', () => {
    expect(canonicalActivation('LeakyReLU')).toBe('leakyRelu');
    expect(canonicalActivation('log_softmax')).toBe('logSoftmax');
    expect(canonicalActivation(undefined)).toBe('linear');
  });

  test('unknown names list the known ones', () => {
    expect(() => getActivation('rleu')).toThrow(
      'getActivation: unknown activation "rleu"; known activations: linear, relu, sigmoid, tanh, softmax, logSoftmax, gelu, elu, selu, leakyRelu, softplus, swish',
    );
  });

  test('custom activations can be registered once', () => {
    registerActivation('double', (x) => mul(x, 2));
    expectClose(getActivation('Double')(tensor([1, 2])), [2, 4]);
    expect(() => registerActivation('relu', (x) => x)).toThrow(
      'registerActivation: an activation named "relu" is already registered',
    );
  });
});
