import { type Tensor, mul, ones } from '@tsgrad/tensor';
import { beforeEach, describe, expect, test } from 'vitest';
import { Layer } from './layer.js';
import { dense } from './layers/dense.js';
import { resetLayerNames } from './names.js';
import {
  layerFromConfig,
  registerLayer,
  registeredLayerNames,
  serializeLayer,
} from './registry.js';
import { sequential } from './sequential.js';

beforeEach(() => resetLayerNames());

class Doubler extends Layer {
  static override readonly className = 'Doubler';
  readonly factor: number;
  constructor(config: { factor?: number; name?: string } = {}) {
    super(config);
    this.factor = config.factor ?? 2;
  }
  protected forward(x: Tensor): Tensor {
    return mul(x, this.factor);
  }
  override getConfig() {
    return { ...super.getConfig(), factor: this.factor };
  }
}

describe('registry', () => {
  test('custom layers register and round-trip inside a Sequential', () => {
    registerLayer(Doubler);
    expect(registeredLayerNames()).toContain('Doubler');
    const model = sequential([dense({ units: 2, inputShape: [2] }), new Doubler({ factor: 3 })]);
    const copy = layerFromConfig(JSON.parse(JSON.stringify(serializeLayer(model))));
    copy.loadStateDict(model.stateDict());
    expect(copy.call(ones([1, 2])).toArray()).toEqual(model.call(ones([1, 2])).toArray());
  });

  test('a different class under a taken name is refused', () => {
    class Dense extends Layer {
      protected forward(x: Tensor) {
        return x;
      }
    }
    expect(() => registerLayer(Dense)).toThrow(
      "registerLayer: a different class is already registered as 'Dense'",
    );
    expect(() => layerFromConfig({} as any)).toThrow(
      'layerFromConfig: expected { className, config }, got {}',
    );
  });
});
