import { type AnyLayer, Sequential, type SequentialOptions } from '@tsgrad/layers';
import { Model } from './model.js';

/**
 * A `Model` over a stack of layers, Keras style: the layers run in order, the first one may
 * declare `inputShape` so the model is built (and `summary()` complete) before any data.
 * @throws {ValueError} for an entry that is not a layer.
 * @example
 * const model = sequential([
 *   layers.dense({ units: 128, activation: 'relu', inputShape: [784] }),
 *   layers.dense({ units: 10 }),
 * ]);
 * model.compile({ optimizer: 'adam', loss: 'sparseCategoricalCrossentropy', metrics: ['accuracy'] });
 */
export function sequential(stack: readonly AnyLayer[], options: SequentialOptions = {}): Model {
  return new Model(new Sequential(stack as any, options));
}
