import { ValueError } from '@tsgrad/tensor';
import { Adagrad } from './adagrad.js';
import { Adam } from './adam.js';
import { AdamW } from './adamw.js';
import { Adamax } from './adamax.js';
import { Nadam } from './nadam.js';
import { learningRateFromConfig, type Optimizer, type OptimizerConfig } from './optimizer.js';
import { RMSprop } from './rmsprop.js';
import { SGD } from './sgd.js';
import { show } from './validate.js';

const OPTIMIZERS: Record<string, (options: any) => Optimizer> = {
  sgd: (o) => new SGD(o),
  adagrad: (o) => new Adagrad(o),
  rmsprop: (o) => new RMSprop(o),
  adam: (o) => new Adam(o),
  adamw: (o) => new AdamW(o),
  adamax: (o) => new Adamax(o),
  nadam: (o) => new Nadam(o),
};

/**
 * The registered optimizer names, in order of increasing complexity: what `getOptimizer` and
 * `optimizerFromConfig` accept.
 * @example optimizerNames(); // ['sgd', 'adagrad', 'rmsprop', 'adam', 'adamw', 'adamax', 'nadam']
 */
export function optimizerNames(): string[] {
  return Object.keys(OPTIMIZERS);
}

function factory(op: string, name: unknown): (options: any) => Optimizer {
  const make = typeof name === 'string' ? OPTIMIZERS[name.toLowerCase()] : undefined;
  if (!make)
    throw new ValueError(
      op,
      `unknown optimizer ${show(name)}; known optimizers: ${optimizerNames().join(', ')}`,
    );
  return make;
}

/**
 * A new optimizer by name (case-insensitive: `'adam'`, `'Adam'`), with its defaults or the given
 * options — what `compile({ optimizer: 'adam' })` uses.
 * @throws {ValueError} for an unknown name (listing the known ones) or invalid options.
 * @example const opt = getOptimizer('sgd', { learningRate: 0.1, momentum: 0.9 });
 */
export function getOptimizer(name: string, options: Record<string, unknown> = {}): Optimizer {
  return factory('getOptimizer', name)(options);
}

/**
 * Rebuilds an optimizer from `getConfig()` output: `{ name, learningRate, ...hyperparameters }`,
 * the learning rate a number or a schedule config.
 * @throws {ValueError} for a malformed config, an unknown name or invalid hyperparameters.
 * @example
 * const opt = optimizerFromConfig({ name: 'adam', learningRate: 1e-3, amsgrad: true });
 * optimizerFromConfig(opt.getConfig()); // an equal, fresh optimizer
 */
export function optimizerFromConfig(
  config: OptimizerConfig | (Record<string, unknown> & { name: string }),
): Optimizer {
  if (config === null || typeof config !== 'object' || typeof config.name !== 'string') {
    throw new ValueError(
      'optimizerFromConfig',
      `expected { name, ...options }, got ${show(config)}`,
    );
  }
  const { name, learningRate, ...rest } = config;
  const make = factory('optimizerFromConfig', name);
  const lr = learningRateFromConfig(learningRate);
  return make(lr === undefined ? rest : { ...rest, learningRate: lr });
}
