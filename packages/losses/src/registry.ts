import { ValueError } from '@tsgrad/tensor';
import { binaryCrossentropy } from './binary-crossentropy.js';
import { categoricalCrossentropy } from './categorical-crossentropy.js';
import { hinge, squaredHinge } from './hinge.js';
import { huber } from './huber.js';
import { kullbackLeiblerDivergence } from './kullback-leibler-divergence.js';
import { logCosh } from './log-cosh.js';
import type { Loss, LossConfig } from './loss.js';
import { meanAbsoluteError } from './mean-absolute-error.js';
import { meanSquaredError } from './mean-squared-error.js';
import { sparseCategoricalCrossentropy } from './sparse-categorical-crossentropy.js';

const LOSSES: readonly Loss<any>[] = [
  meanSquaredError,
  meanAbsoluteError,
  huber,
  logCosh,
  binaryCrossentropy,
  categoricalCrossentropy,
  sparseCategoricalCrossentropy,
  kullbackLeiblerDivergence,
  hinge,
  squaredHinge,
];

/** Short names, as Keras accepts them. */
const ALIASES: Readonly<Record<string, string>> = {
  mse: 'meanSquaredError',
  mae: 'meanAbsoluteError',
  kld: 'kullbackLeiblerDivergence',
  klDivergence: 'kullbackLeiblerDivergence',
  huberLoss: 'huber',
  logcosh: 'logCosh',
};

// Lookup ignores case, '_' and '-': 'sparse_categorical_crossentropy' finds the camelCase name.
const normalize = (name: string) => name.replace(/[_\-\s]/g, '').toLowerCase();
const BY_KEY = new Map<string, Loss<any>>();
for (const loss of LOSSES) BY_KEY.set(normalize(loss.lossName), loss);
for (const [alias, target] of Object.entries(ALIASES))
  BY_KEY.set(normalize(alias), BY_KEY.get(normalize(target))!);

/** The canonical names of the built-in losses. @example lossNames().includes('huber'); // true */
export function lossNames(): string[] {
  return LOSSES.map((l) => l.lossName);
}

/**
 * The built-in loss called `name`: a canonical camelCase name (`'sparseCategoricalCrossentropy'`),
 * its snake_case form (`'sparse_categorical_crossentropy'`) or an alias (`'mse'`, `'mae'`,
 * `'kld'`, `'huber_loss'`, `'logcosh'`). The result is the plain loss, callable as
 * `(yTrue, yPred, options?)`, with its `lossName`.
 *
 * @throws {ValueError} for an unknown name, listing the known ones.
 * @example
 * const loss = getLoss('mse');
 * loss.lossName; // 'meanSquaredError'
 * loss(tensor([1, 2]), tensor([1, 4])).item(); // 2
 */
export function getLoss(name: string): Loss<any> {
  const loss = typeof name === 'string' ? BY_KEY.get(normalize(name)) : undefined;
  if (!loss) {
    throw new ValueError(
      'getLoss',
      `unknown loss ${JSON.stringify(name)}; known losses: ${lossNames().join(', ')} (aliases: ${Object.keys(ALIASES).join(', ')})`,
    );
  }
  return loss;
}

/**
 * A configured loss from a name and options, or from a saved config `{ name, options }` (what
 * `loss.getConfig()` returns). Equivalent to `getLoss(name).with(options)`.
 *
 * @throws {ValueError} for an unknown name (listing the known ones) or invalid options.
 * @example
 * const loss = createLoss('sparseCategoricalCrossentropy', { fromLogits: true });
 * const again = createLoss(loss.getConfig()); // same loss, e.g. after loading a model
 */
export function createLoss(
  spec: string | LossConfig,
  options?: Record<string, unknown>,
): Loss<any> {
  if (typeof spec === 'string') return getLoss(spec).with(options ?? {});
  if (spec === null || typeof spec !== 'object' || typeof spec.name !== 'string') {
    throw new ValueError(
      'createLoss',
      `expected a loss name or a config { name, options }, got ${JSON.stringify(spec)}`,
    );
  }
  return getLoss(spec.name).with({ ...(spec.options ?? {}), ...(options ?? {}) });
}
