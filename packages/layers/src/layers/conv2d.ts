import { type Tensor, add, conv2d as conv2dOp } from '@tsgrad/tensor';
import {
  type ActivationFn,
  type ActivationIdentifier,
  canonicalActivation,
  getActivation,
} from '../activations.js';
import type { Initializer, InitializerIdentifier } from '../initializers.js';
import { Layer, type LayerOptions, type LayerShape, formatLayerShape } from '../layer.js';
import type { Regularizer, RegularizerIdentifier } from '../regularizers.js';
import {
  checkInt,
  checkPadding,
  checkPair,
  convOutputLength,
  initConfig,
  initOption,
  regConfig,
  regOption,
} from './common.js';

/** Options of `Conv2D`. */
export interface Conv2DOptions extends LayerOptions {
  /** Output channels. */
  filters: number;
  /** Window size: one number or `[height, width]`. */
  kernelSize: number | readonly [number, number];
  /** Step between windows (default 1). */
  strides?: number | readonly [number, number];
  /** `'valid'` (default, no padding) or `'same'` (output size ceil(size / stride), TensorFlow's padding). */
  padding?: 'valid' | 'same';
  /** Spacing between kernel taps (default 1). */
  dilationRate?: number | readonly [number, number];
  /** Applied to the output (default linear). */
  activation?: ActivationIdentifier;
  /** Add a bias per filter (default true). */
  useBias?: boolean;
  /** Default `'glorotUniform'` (fans count the receptive field: KH·KW·C in, KH·KW·F out). */
  kernelInitializer?: InitializerIdentifier;
  /** Default `'zeros'`. */
  biasInitializer?: InitializerIdentifier;
  kernelRegularizer?: RegularizerIdentifier | null;
  biasRegularizer?: RegularizerIdentifier | null;
}

/**
 * 2-D convolution over channels-last images.
 *
 * Input `[batch, height, width, channels]` → `[batch, outHeight, outWidth, filters]`, with
 * outHeight = floor((height − (KH − 1)·dilation − 1) / stride) + 1 for `'valid'` and
 * ceil(height / stride) for `'same'`. Weights: `kernel` [KH, KW, channels, filters], `bias`
 * [filters].
 *
 * @throws {ShapeError} `Conv2D 'conv2d': expected input of rank 4 [batch, height, width, channels], got shape [32,784]`
 * @example
 * const c = conv2d({ filters: 32, kernelSize: 3, activation: 'relu', inputShape: [28, 28, 1] });
 * c.outputShape; // [null, 26, 26, 32]
 * c.countParams(); // 320
 */
export class Conv2D extends Layer {
  static override readonly className: string = 'Conv2D';
  readonly filters: number;
  readonly kernelSize: readonly [number, number];
  readonly strides: readonly [number, number];
  readonly padding: 'valid' | 'same';
  readonly dilationRate: readonly [number, number];
  readonly activation: string;
  readonly useBias: boolean;
  private readonly activationFn: ActivationFn;
  private readonly kernelInitializer: Initializer;
  private readonly biasInitializer: Initializer;
  private readonly kernelRegularizer: Regularizer | null;
  private readonly biasRegularizer: Regularizer | null;

  constructor(options: Conv2DOptions) {
    super(options);
    this.filters = checkInt(this.label, 'filters', options?.filters);
    this.kernelSize = checkPair(this.label, 'kernelSize', options.kernelSize);
    this.strides = checkPair(this.label, 'strides', options.strides ?? 1);
    this.padding = checkPadding(this.label, options.padding);
    this.dilationRate = checkPair(this.label, 'dilationRate', options.dilationRate ?? 1);
    this.activation = canonicalActivation(options.activation);
    this.activationFn = getActivation(this.activation);
    this.useBias = options.useBias ?? true;
    this.kernelInitializer = initOption(options.kernelInitializer, 'glorotUniform');
    this.biasInitializer = initOption(options.biasInitializer, 'zeros');
    this.kernelRegularizer = regOption(options.kernelRegularizer);
    this.biasRegularizer = regOption(options.biasRegularizer);
  }

  /** `[KH, KW, channels, filters]`. */
  get kernel(): Tensor {
    return this.weight('kernel');
  }

  /** `[filters]` (when `useBias`). */
  get bias(): Tensor {
    return this.weight('bias');
  }

  protected override checkInput(shape: LayerShape): void {
    super.checkInput(shape);
    if (shape.length !== 4)
      throw this.shapeError(
        `expected input of rank 4 [batch, height, width, channels], got shape ${formatLayerShape(shape)}`,
      );
    const c = shape[3];
    if (c === null)
      throw this.shapeError(
        `needs a known channel dimension, got shape ${formatLayerShape(shape)}`,
      );
    if (this.built && c !== this.kernel.shape[2]) {
      throw this.shapeError(
        `expected input with ${this.kernel.shape[2]} channels [batch, height, width, ${this.kernel.shape[2]}], got shape ${formatLayerShape(shape)}`,
      );
    }
    for (let a = 0; a < 2; a++) {
      if (
        convOutputLength(
          shape[1 + a],
          this.kernelSize[a],
          this.strides[a],
          this.padding,
          this.dilationRate[a],
        ) === 0
      ) {
        const window = (this.kernelSize[a] - 1) * this.dilationRate[a] + 1;
        throw this.shapeError(
          `input of shape ${formatLayerShape(shape)} is smaller than the ${window}-wide (dilated) kernel with padding 'valid'`,
        );
      }
    }
  }

  override build(inputShape: LayerShape): void {
    const [kh, kw] = this.kernelSize;
    this.addWeight('kernel', [kh, kw, inputShape[3] as number, this.filters], {
      initializer: this.kernelInitializer,
      regularizer: this.kernelRegularizer,
    });
    if (this.useBias)
      this.addWeight('bias', [this.filters], {
        initializer: this.biasInitializer,
        regularizer: this.biasRegularizer,
      });
  }

  override computeOutputShape(inputShape: LayerShape): LayerShape {
    this.checkInput(inputShape);
    const [n, h, w] = inputShape;
    return [
      n,
      convOutputLength(h, this.kernelSize[0], this.strides[0], this.padding, this.dilationRate[0]),
      convOutputLength(w, this.kernelSize[1], this.strides[1], this.padding, this.dilationRate[1]),
      this.filters,
    ];
  }

  protected forward(x: Tensor): Tensor {
    let y = conv2dOp(x, this.kernel, {
      strides: this.strides,
      padding: this.padding,
      dilation: this.dilationRate,
    });
    if (this.useBias) y = add(y, this.bias);
    return this.activationFn(y);
  }

  override getConfig(): Record<string, unknown> {
    return {
      ...super.getConfig(),
      filters: this.filters,
      kernelSize: [...this.kernelSize],
      strides: [...this.strides],
      padding: this.padding,
      dilationRate: [...this.dilationRate],
      activation: this.activation,
      useBias: this.useBias,
      kernelInitializer: initConfig(this.kernelInitializer),
      biasInitializer: initConfig(this.biasInitializer),
      kernelRegularizer: regConfig(this.kernelRegularizer),
      biasRegularizer: regConfig(this.biasRegularizer),
    };
  }
}

/**
 * A `Conv2D` layer.
 * @throws {ValueError} for filters, kernelSize, strides or dilationRate that are not positive integers, or an unknown padding.
 * @example conv2d({ filters: 32, kernelSize: 3, activation: 'relu', inputShape: [28, 28, 1] });
 */
export function conv2d(options: Conv2DOptions): Conv2D {
  return new Conv2D(options);
}
