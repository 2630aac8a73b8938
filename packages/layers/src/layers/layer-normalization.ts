import {
  type Tensor,
  ValueError,
  add,
  mean,
  mul,
  reshape,
  rsqrt,
  sub,
  variance,
} from '@tsgrad/tensor';
import type { Initializer, InitializerIdentifier } from '../initializers.js';
import { Layer, type LayerOptions, type LayerShape, formatLayerShape } from '../layer.js';
import type { Regularizer, RegularizerIdentifier } from '../regularizers.js';
import { initConfig, initOption, regConfig, regOption } from './common.js';

/** Options of `LayerNormalization` (defaults as in Keras). */
export interface LayerNormalizationOptions extends LayerOptions {
  /** Axis or axes normalized over (default -1). */
  axis?: number | readonly number[];
  /** Added to the variance (default 1e-3). */
  epsilon?: number;
  /** Learn an offset `beta` (default true). */
  center?: boolean;
  /** Learn a scale `gamma` (default true). */
  scale?: boolean;
  betaInitializer?: InitializerIdentifier;
  gammaInitializer?: InitializerIdentifier;
  betaRegularizer?: RegularizerIdentifier | null;
  gammaRegularizer?: RegularizerIdentifier | null;
}

/**
 * Layer normalization (Ba et al., 2016): each sample is normalized over `axis` with its own
 * mean and variance, then scaled by `gamma` and shifted by `beta` (shaped like the normalized
 * axes). The same in training and inference.
 * @example layerNormalization().call(randn([2, 5, 16])).shape; // [2, 5, 16]
 */
export class LayerNormalization extends Layer {
  static override readonly className: string = 'LayerNormalization';
  readonly axis: number | readonly number[];
  readonly epsilon: number;
  readonly center: boolean;
  readonly scale: boolean;
  private readonly betaInitializer: Initializer;
  private readonly gammaInitializer: Initializer;
  private readonly betaRegularizer: Regularizer | null;
  private readonly gammaRegularizer: Regularizer | null;

  constructor(options: LayerNormalizationOptions = {}) {
    super(options);
    this.axis = options.axis ?? -1;
    this.epsilon = options.epsilon ?? 1e-3;
    const axes = typeof this.axis === 'number' ? [this.axis] : this.axis;
    if (!Array.isArray(axes) || axes.length === 0 || !axes.every(Number.isInteger)) {
      throw new ValueError(
        this.label,
        `axis must be an integer or a non-empty array of integers, got ${JSON.stringify(this.axis)}`,
      );
    }
    if (!(this.epsilon > 0))
      throw new ValueError(this.label, `epsilon must be > 0, got ${this.epsilon}`);
    this.center = options.center ?? true;
    this.scale = options.scale ?? true;
    this.betaInitializer = initOption(options.betaInitializer, 'zeros');
    this.gammaInitializer = initOption(options.gammaInitializer, 'ones');
    this.betaRegularizer = regOption(options.betaRegularizer);
    this.gammaRegularizer = regOption(options.gammaRegularizer);
  }

  private axesFor(rank: number): number[] {
    const axes = typeof this.axis === 'number' ? [this.axis] : [...this.axis];
    return [...new Set(axes.map((a) => (a < 0 ? rank + a : a)))].sort((p, q) => p - q);
  }

  protected override checkInput(shape: LayerShape): void {
    super.checkInput(shape);
    const axes = this.axesFor(shape.length);
    if (axes.some((a) => a < 1 || a >= shape.length))
      throw this.shapeError(
        `axis ${JSON.stringify(this.axis)} does not fit input shape ${formatLayerShape(shape)}`,
      );
    if (axes.some((a) => shape[a] === null))
      throw this.shapeError(
        `normalized axes of input shape ${formatLayerShape(shape)} must be known`,
      );
    if (this.built && (this.scale || this.center)) {
      const w = this.weight(this.scale ? 'gamma' : 'beta');
      if (axes.some((a, i) => shape[a] !== w.shape[i])) {
        throw this.shapeError(
          `expected ${formatLayerShape(w.shape)} on axes ${JSON.stringify(axes)}, got shape ${formatLayerShape(shape)}`,
        );
      }
    }
  }

  override build(inputShape: LayerShape): void {
    const shape = this.axesFor(inputShape.length).map((a) => inputShape[a] as number);
    if (this.scale)
      this.addWeight('gamma', shape, {
        initializer: this.gammaInitializer,
        regularizer: this.gammaRegularizer,
      });
    if (this.center)
      this.addWeight('beta', shape, {
        initializer: this.betaInitializer,
        regularizer: this.betaRegularizer,
      });
  }

  override computeOutputShape(inputShape: LayerShape): LayerShape {
    this.checkInput(inputShape);
    return inputShape;
  }

  protected forward(x: Tensor): Tensor {
    const axes = this.axesFor(x.rank);
    const bshape = x.shape.map((d, i) => (axes.includes(i) ? d : 1));
    const m = mean(x, axes, true);
    const v = variance(x, axes, true);
    let y = mul(sub(x, m), rsqrt(add(v, this.epsilon)));
    if (this.scale) y = mul(y, reshape(this.weight('gamma'), bshape));
    if (this.center) y = add(y, reshape(this.weight('beta'), bshape));
    return y;
  }

  override getConfig(): Record<string, unknown> {
    return {
      ...super.getConfig(),
      axis: typeof this.axis === 'number' ? this.axis : [...this.axis],
      epsilon: this.epsilon,
      center: this.center,
      scale: this.scale,
      betaInitializer: initConfig(this.betaInitializer),
      gammaInitializer: initConfig(this.gammaInitializer),
      betaRegularizer: regConfig(this.betaRegularizer),
      gammaRegularizer: regConfig(this.gammaRegularizer),
    };
  }
}

/** A `LayerNormalization` layer. @example layerNormalization({ epsilon: 1e-5 }); */
export function layerNormalization(options: LayerNormalizationOptions = {}): LayerNormalization {
  return new LayerNormalization(options);
}
