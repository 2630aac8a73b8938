import type { Tensor } from '@tsgrad/tensor';
import { Container, type LayerOptions, type LayerShape } from './layer.js';
import { ValueError } from '@tsgrad/tensor';

/**
 * Base class for models with a custom forward pass (a Q-network, an autoencoder, a two-tower
 * model). Child layers and modules are registered **automatically**: any layer held in an own
 * property, or in an array in an own property, is a child — found each time parameters,
 * state dicts or summaries are asked for, so assigning in the constructor or later both work.
 * `this.register(name, layer)` registers one explicitly (for layers kept elsewhere, e.g. in a
 * Map). Raw parameters come from `this.addWeight(name, shape, { initializer })`; read them in
 * `forward` with `this.weight(name)` so `functionalCall` can substitute them.
 *
 * Subclasses implement `forward(input, context)` and call children with `child.call(x)`; the
 * training mode flows to them by itself. The input and output may be any type (a pair of
 * tensors for a two-tower model, say).
 *
 * To rebuild a module with `layerFromConfig`, register its class (`registerLayer(MyNet)`),
 * give it a static `className`, and make its constructor accept what `getConfig()` returns.
 *
 * @example
 * class QNetwork extends Module {
 *   hidden = dense({ units: 64, activation: 'relu' });
 *   out = dense({ units: 2 });
 *   protected forward(x: Tensor) { return this.out.call(this.hidden.call(x)); }
 * }
 * const q = new QNetwork();
 * q.call(randn([8, 4])).shape; // [8, 2]
 * q.trainableParameters().length; // 4
 */
export abstract class Module<In = Tensor, Out = Tensor> extends Container<In, Out> {
  static override readonly className: string = 'Module';

  constructor(options: LayerOptions = {}) {
    super(options);
  }

  /** A custom forward pass decides itself what an integer input means (ids, counts, ...). */
  protected override get castsIntegerInput(): boolean {
    return false;
  }

  /** Modules know their output shape only by running; `summary()` shows the last call's. */
  protected override knowsOutputShape(): boolean {
    return false;
  }

  /** @throws {ValueError} always: a custom forward pass has no static shape rule. */
  override computeOutputShape(_inputShape: LayerShape): LayerShape {
    throw new ValueError(
      this.label,
      'computeOutputShape is not known for a custom forward pass; call the module and read outputShape',
    );
  }
}
