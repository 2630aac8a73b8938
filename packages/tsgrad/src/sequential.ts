import * as layers from '@tsgrad/layers';
import { Model } from './model.js';
import { asNetwork } from './training/network-adapter.js';

export { Model };

/**
 * A `Model` over a stack of layers, Keras style.
 * @example
 * const model = sequential([
 *   layers.dense({ units: 128, activation: 'relu', inputShape: [784] }),
 *   layers.dense({ units: 10 }),
 * ]);
 */
export function sequential(stack: readonly unknown[]): Model {
  return new Model(asNetwork(new (layers as any).Sequential(stack)));
}
