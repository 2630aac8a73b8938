import {
  FUSED_ACTIVATIONS,
  type FusedActivation,
  type Tensor,
  fusedMatmul,
  reshape,
} from '@tsgrad/tensor';
import {
  type ActivationFn,
  type ActivationIdentifier,
  canonicalActivation,
  getActivation,
} from '../activations.js';
import type { Initializer, InitializerIdentifier } from '../initializers.js';
import {
  type ForwardContext,
  Layer,
  type LayerOptions,
  type LayerShape,
  formatLayerShape,
} from '../layer.js';
import type { Regularizer, RegularizerIdentifier } from '../regularizers.js';
import { checkInt, initConfig, initOption, regConfig, regOption } from './common.js';

/** Options of `Dense`. */
export interface DenseOptions extends LayerOptions {
  /** Output features. */
  units: number;
  /** Applied to the output (default linear). */
  activation?: ActivationIdentifier;
  /** Add a bias (default true). */
  useBias?: boolean;
  /** Default `'glorotUniform'`. */
  kernelInitializer?: InitializerIdentifier;
  /** Default `'zeros'`. */
  biasInitializer?: InitializerIdentifier;
  kernelRegularizer?: RegularizerIdentifier | null;
  biasRegularizer?: RegularizerIdentifier | null;
}

/**
 * A fully connected layer: `activation(x·kernel + bias)` over the last axis.
 *
 * Input `[batch, ..., inFeatures]` (rank >= 2) → output `[batch, ..., units]`. Weights:
 * `kernel` [inFeatures, units], `bias` [units].
 *
 * @throws {ShapeError} `Dense 'dense_2': expected input with last dimension 128, got shape [32,64]`
 * @example
 * const layer = dense({ units: 10, activation: 'relu' });
 * layer.call(randn([32, 784])).shape; // [32, 10]
 */
export class Dense extends Layer {
  static override readonly className: string = 'Dense';
  readonly units: number;
  readonly activation: string;
  readonly useBias: boolean;
  private readonly activationFn: ActivationFn;
  private readonly kernelInitializer: Initializer;
  private readonly biasInitializer: Initializer;
  private readonly kernelRegularizer: Regularizer | null;
  private readonly biasRegularizer: Regularizer | null;

  constructor(options: DenseOptions) {
    super(options);
    this.units = checkInt(this.label, 'units', options?.units);
    this.activation = canonicalActivation(options.activation);
    this.activationFn = getActivation(this.activation);
    this.useBias = options.useBias ?? true;
    this.kernelInitializer = initOption(options.kernelInitializer, 'glorotUniform');
    this.biasInitializer = initOption(options.biasInitializer, 'zeros');
    this.kernelRegularizer = regOption(options.kernelRegularizer);
    this.biasRegularizer = regOption(options.biasRegularizer);
  }

  /** `[inFeatures, units]`. */
  get kernel(): Tensor {
    return this.weight('kernel');
  }

  /** `[units]` (when `useBias`). */
  get bias(): Tensor {
    return this.weight('bias');
  }

  protected override checkInput(shape: LayerShape): void {
    super.checkInput(shape);
    if (shape.length < 2)
      throw this.shapeError(
        `expected input of rank >= 2 [batch, ..., features], got shape ${formatLayerShape(shape)}`,
      );
    const last = shape[shape.length - 1];
    if (this.built && last !== null && last !== this.kernel.shape[0]) {
      throw this.shapeError(
        `expected input with last dimension ${this.kernel.shape[0]}, got shape ${formatLayerShape(shape)}`,
      );
    }
    if (last === null)
      throw this.shapeError(`needs a known last dimension, got shape ${formatLayerShape(shape)}`);
  }

  override build(inputShape: LayerShape): void {
    const inDim = inputShape[inputShape.length - 1] as number;
    this.addWeight('kernel', [inDim, this.units], {
      initializer: this.kernelInitializer,
      regularizer: this.kernelRegularizer,
    });
    if (this.useBias)
      this.addWeight('bias', [this.units], {
        initializer: this.biasInitializer,
        regularizer: this.biasRegularizer,
      });
  }

  override computeOutputShape(inputShape: LayerShape): LayerShape {
    this.checkInput(inputShape);
    return [...inputShape.slice(0, -1), this.units];
  }

  protected forward(x: Tensor, _context: ForwardContext): Tensor {
    const k = this.kernel;
    const bias = this.useBias ? this.bias : undefined;
    const fused = (FUSED_ACTIVATIONS as readonly string[]).includes(this.activation);
    const x2 = x.rank === 2 ? x : reshape(x, [-1, k.shape[0]]);
    // One op (one kernel on backends that have it) for product, bias and the common
    // activations; any other activation follows as its own op.
    let y = fusedMatmul(x2, k, {
      bias,
      activation: fused ? (this.activation as FusedActivation) : 'linear',
    });
    if (x.rank !== 2) y = reshape(y, [...x.shape.slice(0, -1), this.units]);
    return fused ? y : this.activationFn(y);
  }

  override getConfig(): Record<string, unknown> {
    return {
      ...super.getConfig(),
      units: this.units,
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
 * A `Dense` layer. @example dense({ units: 64, activation: 'relu', inputShape: [784] });
 * @throws {ValueError} for units that are not a positive integer, or an unknown activation.
 */
export function dense(options: DenseOptions): Dense {
  return new Dense(options);
}
