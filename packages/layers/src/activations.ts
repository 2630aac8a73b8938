import {
  type Tensor,
  ValueError,
  elu,
  gelu,
  leakyRelu,
  logSoftmax,
  mul,
  relu,
  selu,
  sigmoid,
  softmax,
  softplus,
  tanh,
} from '@tsgrad/tensor';

/** An elementwise (or, for softmax, last-axis) function of a tensor. */
export type ActivationFn = (x: Tensor) => Tensor;

/** An activation by registered name (`'relu'`), or null/undefined for `'linear'`. */
export type ActivationIdentifier = string | null | undefined;

const linear: ActivationFn = (x) => x;

const ACTIVATIONS = new Map<string, ActivationFn>([
  ['linear', linear],
  ['relu', relu],
  ['sigmoid', sigmoid],
  ['tanh', tanh],
  ['softmax', (x) => softmax(x, -1)],
  ['logSoftmax', (x) => logSoftmax(x, -1)],
  ['gelu', gelu],
  ['elu', (x) => elu(x, 1)],
  ['selu', selu],
  ['leakyRelu', (x) => leakyRelu(x, 0.2)],
  ['softplus', softplus],
  ['swish', (x) => mul(x, sigmoid(x))],
]);

// Lookup ignores case and '_': 'leaky_relu' and 'LeakyReLU' find 'leakyRelu'.
const normalize = (name: string) => name.replace(/[_\-\s]/g, '').toLowerCase();
const BY_KEY = new Map<string, string>();
for (const name of ACTIVATIONS.keys()) BY_KEY.set(normalize(name), name);

/** Names of the registered activations. @example activationNames().includes('gelu'); // true */
export function activationNames(): string[] {
  return [...ACTIVATIONS.keys()];
}

/**
 * The canonical name of an activation (`'leaky_relu'` → `'leakyRelu'`; null/undefined →
 * `'linear'`).
 * @throws {ValueError} for an unknown name, listing the known ones.
 * @example canonicalActivation('LeakyReLU'); // 'leakyRelu'
 */
export function canonicalActivation(name: ActivationIdentifier): string {
  if (name === null || name === undefined) return 'linear';
  const canonical = typeof name === 'string' ? BY_KEY.get(normalize(name)) : undefined;
  if (!canonical) {
    throw new ValueError(
      'getActivation',
      `unknown activation ${JSON.stringify(name)}; known activations: ${activationNames().join(', ')}`,
    );
  }
  return canonical;
}

/**
 * The activation function registered under `name` (case and `_` ignored). `softmax` and
 * `logSoftmax` act on the last axis; `leakyRelu` uses α = 0.2; `elu` α = 1; `gelu` is the exact
 * erf form.
 * @throws {ValueError} `getActivation: unknown activation "rleu"; known activations: linear, relu, ...`
 * @example getActivation('relu')(tensor([-1, 2])); // [0, 2]
 */
export function getActivation(name: ActivationIdentifier): ActivationFn {
  return ACTIVATIONS.get(canonicalActivation(name))!;
}

/**
 * Registers a custom activation so layers can name it (and configs that name it load back).
 * @throws {ValueError} when the name is already taken.
 * @example registerActivation('mish', (x) => mul(x, tanh(softplus(x))));
 */
export function registerActivation(name: string, fn: ActivationFn): void {
  if (BY_KEY.has(normalize(name))) {
    throw new ValueError(
      'registerActivation',
      `an activation named ${JSON.stringify(name)} is already registered`,
    );
  }
  ACTIVATIONS.set(name, fn);
  BY_KEY.set(normalize(name), name);
}
