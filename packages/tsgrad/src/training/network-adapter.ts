import * as layers from '@tsgrad/layers';
import type { Network } from './network.js';

/** Wraps a layers model (Sequential or Module) as the Network a `Model` trains. */
export function asNetwork(model: any): Network {
  return model as Network;
}

/** Rebuilds a network from `Network.getConfig()` output, through the layers registry only. */
export function networkFromConfig(config: unknown): Network {
  return asNetwork((layers as any).layerFromConfig(config));
}
