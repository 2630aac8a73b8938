import { type AnyLayer, Layer, layerFromConfig, serializeLayer } from '@tsgrad/layers';
import { type Tensor, ValueError } from '@tsgrad/tensor';
import type { Network } from './network.js';

/**
 * The `Network` view of a `@tsgrad/layers` layer or container (`Sequential`, a `Module`
 * subclass, or a single layer): the forward pass with a training flag, parameters, the state
 * dict by stable names, penalties, the config the registry rebuilds it from, and the summary.
 * @example
 * import { LayerNetwork, layers, ones } from 'tsgrad';
 * const net = new LayerNetwork(layers.dense({ units: 2, inputShape: [3] }));
 * console.log(net.call(ones([4, 3]), { training: false }).shape); // [4, 2]
 */
export class LayerNetwork implements Network {
  constructor(readonly layer: AnyLayer) {}

  call(x: Tensor, options: { training: boolean }): Tensor {
    const out = this.layer.call(x, { training: options.training });
    if (Array.isArray(out)) {
      throw new ValueError(
        this.layer.label,
        'returns several tensors (returnState?); a Model trains a layer with one output',
      );
    }
    return out as Tensor;
  }

  trainableParameters(): Tensor[] {
    return this.layer.trainableParameters();
  }

  namedWeights(): Map<string, Tensor> {
    return this.layer.stateDict();
  }

  loadWeights(weights: Map<string, Tensor>): void {
    this.layer.loadStateDict(weights);
  }

  regularizationLoss(): Tensor | null {
    return this.layer.regularizationLoss();
  }

  getConfig(): unknown {
    return serializeLayer(this.layer);
  }

  summary(): string {
    return this.layer.summary();
  }

  randomState(): Record<string, number[][]> {
    return this.layer.randomState();
  }

  setRandomState(state: Record<string, number[][]>): void {
    this.layer.setRandomState(state);
  }

  inputShape(): readonly (number | null)[] | undefined {
    return this.layer.builtInputShape;
  }
}

/**
 * Wraps a layers model as the `Network` a `Model` trains; an object that already implements
 * `Network` is returned as it is.
 * @throws {ValueError} for anything else.
 * @example
 * import { Model, asNetwork, layers } from 'tsgrad';
 * const model = new Model(asNetwork(layers.sequential([layers.dense({ units: 1, inputShape: [2] })])));
 * console.log(model.summary().includes('Total params: 3')); // true
 */
export function asNetwork(model: AnyLayer | Network): Network {
  if (model instanceof Layer) return new LayerNetwork(model);
  const n = model as Partial<Network>;
  if (
    typeof n?.call === 'function' &&
    typeof n.trainableParameters === 'function' &&
    typeof n.namedWeights === 'function' &&
    typeof n.loadWeights === 'function'
  ) {
    return model as Network;
  }
  throw new ValueError(
    'Model',
    'expects a layer or container from @tsgrad/layers (Sequential, a Module subclass) or an object implementing Network',
  );
}

/** Rebuilds a network from `Network.getConfig()` output, through the layers registry only. */
export function networkFromConfig(config: unknown): Network {
  return new LayerNetwork(layerFromConfig(config as Parameters<typeof layerFromConfig>[0]));
}
