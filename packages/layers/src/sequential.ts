import { type Tensor, ValueError } from '@tsgrad/tensor';
import { Container, Layer, type LayerShape, type SerializedLayer } from './layer.js';
import { layerFromConfig, serializeLayer } from './registry.js';

/** Options of `Sequential`. */
export interface SequentialOptions {
  name?: string;
  trainable?: boolean;
}

/**
 * A stack of layers, each feeding the next. Give the first layer an `inputShape` to build the
 * whole stack at once (for `summary()` and loading weights before any call); otherwise each
 * layer builds on the first call.
 *
 * @example
 * const model = sequential([
 *   dense({ units: 128, activation: 'relu', inputShape: [784] }),
 *   dense({ units: 10 }),
 * ]);
 * model.call(x, { training: true }); // [N, 784] → [N, 10]
 * model.countParams(); // 101,770
 */
export class Sequential extends Container<Tensor, Tensor> {
  static override readonly className: string = 'Sequential';

  private readonly _layers: Layer<Tensor, Tensor>[] = [];

  constructor(layers: readonly Layer<Tensor, Tensor>[] = [], options: SequentialOptions = {}) {
    super(options);
    for (const l of layers) this.add(l);
    if (options.trainable === false) this.trainable = false;
  }

  /** The layers, in order. */
  get layers(): readonly Layer<Tensor, Tensor>[] {
    return this._layers;
  }

  /**
   * Appends a layer. When the stack is already built, the new layer is built from the
   * previous output shape.
   * @throws {ValueError} for a non-layer, or a name already used in this model.
   */
  add(layer: Layer<Tensor, Tensor>): this {
    if (!(layer instanceof Layer))
      throw new ValueError(
        this.label,
        `add() needs a Layer, got ${layer === null ? 'null' : typeof layer}`,
      );
    if (this._layers.some((l) => l.name === layer.name)) {
      throw new ValueError(
        this.label,
        `a layer named '${layer.name}' is already in this model; layer names must be unique`,
      );
    }
    if (this._layers.length > 0 && layer.inputShape) {
      throw new ValueError(
        this.label,
        `only the first layer may have an inputShape; '${layer.name}' has ${JSON.stringify(layer.inputShape)}`,
      );
    }
    const inputShape = this.built ? this.outputShapeBefore(this._layers.length) : undefined;
    this._layers.push(layer);
    if (inputShape) layer._build(inputShape);
    return this;
  }

  /** The input shape of layer `index` of a built stack, when known. */
  private outputShapeBefore(index: number): LayerShape | undefined {
    const first = this._layers[0];
    let shape: LayerShape | undefined = first?.inputShape
      ? [null, ...first.inputShape]
      : this._layers[0]?.builtInputShape;
    for (let i = 0; i < index && shape; i++) shape = this._layers[i]._outputShapeFor(shape);
    return shape;
  }

  protected override knownInputShape(): LayerShape | undefined {
    return this._layers[0]?.inputShape;
  }

  /** Builds the layers one after the other, as far as their output shapes are known. */
  override build(inputShape: LayerShape): void {
    let shape: LayerShape | undefined = inputShape;
    for (const l of this._layers) {
      if (!shape) break;
      l._build(shape);
      shape = l._outputShapeFor(shape);
    }
  }

  override computeOutputShape(inputShape: LayerShape): LayerShape {
    return this._layers.reduce((s, l) => l.computeOutputShape(s), inputShape);
  }

  protected override checkInput(shape: LayerShape): void {
    if (this._layers.length === 0)
      throw new ValueError(this.label, 'has no layers; add some first');
    super.checkInput(shape);
  }

  protected forward(x: Tensor): Tensor {
    let out = x;
    for (const l of this._layers) out = l.call(out);
    return out;
  }

  override getConfig(): Record<string, unknown> {
    return {
      name: this.name,
      trainable: this.trainable,
      layers: this._layers.map((l) => serializeLayer(l)),
    };
  }

  /** Rebuilds a stack from `getConfig()` output. */
  static fromConfig(config: Record<string, unknown>): Sequential {
    const layers = ((config.layers as SerializedLayer[]) ?? []).map(
      (c) => layerFromConfig(c) as Layer<Tensor, Tensor>,
    );
    return new Sequential(layers, {
      name: config.name as string | undefined,
      trainable: config.trainable as boolean | undefined,
    });
  }
}

/**
 * A `Sequential` model over `layers`.
 * @example sequential([flatten({ inputShape: [28, 28] }), dense({ units: 10 })]);
 */
export function sequential(
  layers: readonly Layer<Tensor, Tensor>[] = [],
  options: SequentialOptions = {},
): Sequential {
  return new Sequential(layers, options);
}
