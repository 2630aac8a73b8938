import { noGrad } from '@tsgrad/autograd';
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
import {
  type ForwardContext,
  Layer,
  type LayerOptions,
  type LayerShape,
  formatLayerShape,
} from '../layer.js';
import type { Regularizer, RegularizerIdentifier } from '../regularizers.js';
import { initConfig, initOption, regConfig, regOption } from './common.js';

/** Options of `BatchNormalization` (defaults as in Keras). */
export interface BatchNormalizationOptions extends LayerOptions {
  /** The feature (channel) axis (default -1). */
  axis?: number;
  /** Moving statistics: `moving = momentum·moving + (1 − momentum)·batch` (default 0.99). */
  momentum?: number;
  /** Added to the variance (default 1e-3). */
  epsilon?: number;
  /** Learn an offset `beta` (default true). */
  center?: boolean;
  /** Learn a scale `gamma` (default true). */
  scale?: boolean;
  betaInitializer?: InitializerIdentifier;
  gammaInitializer?: InitializerIdentifier;
  movingMeanInitializer?: InitializerIdentifier;
  movingVarianceInitializer?: InitializerIdentifier;
  betaRegularizer?: RegularizerIdentifier | null;
  gammaRegularizer?: RegularizerIdentifier | null;
}

/**
 * Batch normalization (Ioffe & Szegedy, 2015) over every axis but `axis`.
 *
 * Training: normalizes with the batch mean and (biased) variance, and updates the moving
 * statistics with `assign`. Inference: normalizes with the moving statistics. Then
 * `gamma·x̂ + beta`. Weights, each `[channels]`: `gamma`, `beta` (parameters), `moving_mean`,
 * `moving_variance` (state: in the state dict, not in `parameters()`).
 *
 * @throws {ValueError} for momentum outside [0, 1] or epsilon <= 0.
 * @example
 * const bn = batchNormalization();
 * bn.call(x, { training: true }); // batch statistics; moving stats move toward them
 * bn.call(x);                     // moving statistics
 */
export class BatchNormalization extends Layer {
  static override readonly className: string = 'BatchNormalization';
  readonly axis: number;
  readonly momentum: number;
  readonly epsilon: number;
  readonly center: boolean;
  readonly scale: boolean;
  private readonly inits: Record<'beta' | 'gamma' | 'movingMean' | 'movingVariance', Initializer>;
  private readonly betaRegularizer: Regularizer | null;
  private readonly gammaRegularizer: Regularizer | null;
  private featureAxis = -1;

  constructor(options: BatchNormalizationOptions = {}) {
    super(options);
    this.axis = options.axis ?? -1;
    this.momentum = options.momentum ?? 0.99;
    this.epsilon = options.epsilon ?? 1e-3;
    if (!Number.isInteger(this.axis))
      throw new ValueError(this.label, `axis must be an integer, got ${this.axis}`);
    if (!(this.momentum >= 0 && this.momentum <= 1))
      throw new ValueError(this.label, `momentum must be in [0, 1], got ${this.momentum}`);
    if (!(this.epsilon > 0))
      throw new ValueError(this.label, `epsilon must be > 0, got ${this.epsilon}`);
    this.center = options.center ?? true;
    this.scale = options.scale ?? true;
    this.inits = {
      beta: initOption(options.betaInitializer, 'zeros'),
      gamma: initOption(options.gammaInitializer, 'ones'),
      movingMean: initOption(options.movingMeanInitializer, 'zeros'),
      movingVariance: initOption(options.movingVarianceInitializer, 'ones'),
    };
    this.betaRegularizer = regOption(options.betaRegularizer);
    this.gammaRegularizer = regOption(options.gammaRegularizer);
  }

  /** Moving mean `[channels]` (state). */
  get movingMean(): Tensor {
    return this.weight('moving_mean');
  }

  /** Moving variance `[channels]` (state). */
  get movingVariance(): Tensor {
    return this.weight('moving_variance');
  }

  protected override checkInput(shape: LayerShape): void {
    super.checkInput(shape);
    const a = this.axis < 0 ? shape.length + this.axis : this.axis;
    if (shape.length < 2 || a < 1 || a >= shape.length) {
      throw this.shapeError(
        `axis ${this.axis} is not a feature axis of input shape ${formatLayerShape(shape)}`,
      );
    }
    if (shape[a] === null)
      throw this.shapeError(
        `axis ${this.axis} of input shape ${formatLayerShape(shape)} must be known`,
      );
    if (this.built && shape[a] !== this.movingMean.shape[0]) {
      throw this.shapeError(
        `expected ${this.movingMean.shape[0]} features on axis ${this.axis}, got shape ${formatLayerShape(shape)}`,
      );
    }
  }

  override build(inputShape: LayerShape): void {
    this.featureAxis = this.axis < 0 ? inputShape.length + this.axis : this.axis;
    const c = [inputShape[this.featureAxis] as number];
    if (this.scale)
      this.addWeight('gamma', c, {
        initializer: this.inits.gamma,
        regularizer: this.gammaRegularizer,
      });
    if (this.center)
      this.addWeight('beta', c, {
        initializer: this.inits.beta,
        regularizer: this.betaRegularizer,
      });
    this.addWeight('moving_mean', c, { initializer: this.inits.movingMean, trainable: false });
    this.addWeight('moving_variance', c, {
      initializer: this.inits.movingVariance,
      trainable: false,
    });
  }

  override computeOutputShape(inputShape: LayerShape): LayerShape {
    this.checkInput(inputShape);
    return inputShape;
  }

  protected forward(x: Tensor, { training }: ForwardContext): Tensor {
    const axes = x.shape.map((_, i) => i).filter((i) => i !== this.featureAxis);
    const bshape = x.shape.map((d, i) => (i === this.featureAxis ? d : 1));
    const asFeature = (t: Tensor) => reshape(t, bshape);
    let m: Tensor;
    let v: Tensor;
    if (training) {
      m = mean(x, axes, true);
      v = variance(x, axes, true);
      const mm = this.movingMean;
      const mv = this.movingVariance;
      noGrad(() => {
        const k = 1 - this.momentum;
        mm.assign(add(mul(mm, this.momentum), mul(reshape(m.detach(), mm.shape), k)));
        mv.assign(add(mul(mv, this.momentum), mul(reshape(v.detach(), mv.shape), k)));
      });
    } else {
      m = asFeature(this.movingMean);
      v = asFeature(this.movingVariance);
    }
    let y = mul(sub(x, m), rsqrt(add(v, this.epsilon)));
    if (this.scale) y = mul(y, asFeature(this.weight('gamma')));
    if (this.center) y = add(y, asFeature(this.weight('beta')));
    return y;
  }

  override getConfig(): Record<string, unknown> {
    return {
      ...super.getConfig(),
      axis: this.axis,
      momentum: this.momentum,
      epsilon: this.epsilon,
      center: this.center,
      scale: this.scale,
      betaInitializer: initConfig(this.inits.beta),
      gammaInitializer: initConfig(this.inits.gamma),
      movingMeanInitializer: initConfig(this.inits.movingMean),
      movingVarianceInitializer: initConfig(this.inits.movingVariance),
      betaRegularizer: regConfig(this.betaRegularizer),
      gammaRegularizer: regConfig(this.gammaRegularizer),
    };
  }
}

/** A `BatchNormalization` layer. @example batchNormalization({ momentum: 0.9 }); */
export function batchNormalization(options: BatchNormalizationOptions = {}): BatchNormalization {
  return new BatchNormalization(options);
}
