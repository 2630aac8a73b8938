import {
  type Tensor,
  ValueError,
  elu,
  gelu,
  leakyRelu,
  logSoftmax,
  relu,
  sigmoid,
  softmax,
  tanh,
} from '@tsgrad/tensor';
import {
  type ActivationFn,
  type ActivationIdentifier,
  canonicalActivation,
  getActivation,
} from '../activations.js';
import { Layer, type LayerOptions } from '../layer.js';

/** Options of `Activation`. */
export interface ActivationOptions extends LayerOptions {
  /** A registered activation name (see `activationNames()`). */
  activation: ActivationIdentifier;
}

/**
 * Applies a named activation: `activation('relu')`. Shape unchanged.
 * @throws {ValueError} for an unknown name, listing the known ones.
 * @example activation('relu').call(tensor([-1, 2])).toArray(); // [0, 2]
 */
export class Activation extends Layer {
  static override readonly className: string = 'Activation';
  readonly activation: string;
  private readonly fn: ActivationFn;

  constructor(options: ActivationOptions) {
    super(options);
    this.activation = canonicalActivation(options?.activation);
    this.fn = getActivation(this.activation);
  }

  protected forward(x: Tensor): Tensor {
    return this.fn(x);
  }

  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), activation: this.activation };
  }
}

/**
 * An `Activation` layer, by name or options.
 * @throws {ValueError} for an unknown name, listing the known ones.
 * @example
 * activation('relu').call(tensor([-1, 2])).toArray(); // [0, 2]
 * activation({ activation: 'tanh', name: 'squash' }).name; // 'squash'
 */
export function activation(nameOrOptions: string | ActivationOptions): Activation {
  return new Activation(
    typeof nameOrOptions === 'string' ? { activation: nameOrOptions } : nameOrOptions,
  );
}

/** max(x, 0), elementwise; shape unchanged. @example new ReLU().call(tensor([-1, 2])).toArray(); // [0, 2] */
export class ReLU extends Layer {
  static override readonly className: string = 'ReLU';
  static readonly defaultName: string = 'relu';
  protected forward(x: Tensor): Tensor {
    return relu(x);
  }
}

/** Options of `LeakyReLU`. */
export interface LeakyReLUOptions extends LayerOptions {
  /** Slope for x < 0 (default 0.3, Keras' layer default). */
  alpha?: number;
}

/**
 * x for x > 0, αx otherwise (α = 0.3 by default); shape unchanged.
 * @throws {ValueError} for a non-finite `alpha`.
 * @example new LeakyReLU({ alpha: 0.1 }).call(tensor([-2, 3])).toArray(); // [-0.2, 3]
 */
export class LeakyReLU extends Layer {
  static override readonly className: string = 'LeakyReLU';
  static readonly defaultName: string = 'leaky_relu';
  readonly alpha: number;
  constructor(options: LeakyReLUOptions = {}) {
    super(options);
    this.alpha = options.alpha ?? 0.3;
    if (!Number.isFinite(this.alpha))
      throw new ValueError(this.label, `alpha must be a finite number, got ${this.alpha}`);
  }
  protected forward(x: Tensor): Tensor {
    return leakyRelu(x, this.alpha);
  }
  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), alpha: this.alpha };
  }
}

/** Options of `ELU`. */
export interface ELUOptions extends LayerOptions {
  /** Scale of the negative part (default 1). */
  alpha?: number;
}

/**
 * x for x > 0, α(eˣ − 1) otherwise (α = 1 by default); shape unchanged.
 * @throws {ValueError} for a non-finite `alpha`.
 * @example new ELU().call(tensor([-1, 2])).toArray(); // [-0.6321, 2]
 */
export class ELU extends Layer {
  static override readonly className: string = 'ELU';
  static readonly defaultName: string = 'elu';
  readonly alpha: number;
  constructor(options: ELUOptions = {}) {
    super(options);
    this.alpha = options.alpha ?? 1;
    if (!Number.isFinite(this.alpha))
      throw new ValueError(this.label, `alpha must be a finite number, got ${this.alpha}`);
  }
  protected forward(x: Tensor): Tensor {
    return elu(x, this.alpha);
  }
  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), alpha: this.alpha };
  }
}

/** x·Φ(x) (exact erf form); shape unchanged. @example new GELU().call(tensor([1])).toArray(); // [0.8413] */
export class GELU extends Layer {
  static override readonly className: string = 'GELU';
  static readonly defaultName: string = 'gelu';
  protected forward(x: Tensor): Tensor {
    return gelu(x);
  }
}

/** 1/(1 + e⁻ˣ), elementwise; shape unchanged. @example new Sigmoid().call(tensor([0])).toArray(); // [0.5] */
export class Sigmoid extends Layer {
  static override readonly className: string = 'Sigmoid';
  protected forward(x: Tensor): Tensor {
    return sigmoid(x);
  }
}

/** Hyperbolic tangent, elementwise; shape unchanged. @example new Tanh().call(tensor([0, 100])).toArray(); // [0, 1] */
export class Tanh extends Layer {
  static override readonly className: string = 'Tanh';
  protected forward(x: Tensor): Tensor {
    return tanh(x);
  }
}

/** Options of `Softmax` and `LogSoftmax`. */
export interface SoftmaxOptions extends LayerOptions {
  /** The axis normalized over (default -1). */
  axis?: number;
}

/**
 * softmax along `axis` (default -1); shape unchanged, values along `axis` sum to 1.
 * @throws {ValueError} for a non-integer `axis`.
 * @example new Softmax().call(tensor([[0, 0], [0, 0]])).toArray(); // [[0.5, 0.5], [0.5, 0.5]]
 */
export class Softmax extends Layer {
  static override readonly className: string = 'Softmax';
  readonly axis: number;
  constructor(options: SoftmaxOptions = {}) {
    super(options);
    this.axis = options.axis ?? -1;
    if (!Number.isInteger(this.axis))
      throw new ValueError(this.label, `axis must be an integer, got ${this.axis}`);
  }
  protected forward(x: Tensor): Tensor {
    return softmax(x, this.axis);
  }
  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), axis: this.axis };
  }
}

/**
 * log softmax along `axis` (default -1), computed stably; shape unchanged.
 * @example new LogSoftmax().call(tensor([[0, 0]])).toArray(); // [[-0.6931, -0.6931]]
 */
export class LogSoftmax extends Softmax {
  static override readonly className: string = 'LogSoftmax';
  protected override forward(x: Tensor): Tensor {
    return logSoftmax(x, this.axis);
  }
}

/** A `ReLU` layer: max(x, 0). @example reluLayer().call(tensor([-1, 2])).toArray(); // [0, 2] */
export const reluLayer = (options: LayerOptions = {}): ReLU => new ReLU(options);
/**
 * A `LeakyReLU` layer (α = 0.3 by default, as Keras' layer).
 * @throws {ValueError} for a non-finite `alpha`.
 * @example leakyReluLayer().call(tensor([-1, 2])).toArray(); // [-0.3, 2]
 */
export const leakyReluLayer = (options: LeakyReLUOptions = {}): LeakyReLU => new LeakyReLU(options);
/**
 * An `ELU` layer (α = 1 by default).
 * @throws {ValueError} for a non-finite `alpha`.
 * @example eluLayer({ alpha: 2 }).call(tensor([-1, 2])).toArray(); // [-1.2642, 2]
 */
export const eluLayer = (options: ELUOptions = {}): ELU => new ELU(options);
/** A `GELU` layer: x·Φ(x). @example geluLayer().call(tensor([0, 1])).toArray(); // [0, 0.8413] */
export const geluLayer = (options: LayerOptions = {}): GELU => new GELU(options);
/** A `Sigmoid` layer. @example sigmoidLayer().call(tensor([0])).toArray(); // [0.5] */
export const sigmoidLayer = (options: LayerOptions = {}): Sigmoid => new Sigmoid(options);
/** A `Tanh` layer. @example tanhLayer().call(tensor([0])).toArray(); // [0] */
export const tanhLayer = (options: LayerOptions = {}): Tanh => new Tanh(options);
/**
 * A `Softmax` layer over `axis` (default -1).
 * @throws {ValueError} for a non-integer `axis`.
 * @example softmaxLayer({ axis: 0 }).call(tensor([[1], [1]])).toArray(); // [[0.5], [0.5]]
 */
export const softmaxLayer = (options: SoftmaxOptions = {}): Softmax => new Softmax(options);
/**
 * A `LogSoftmax` layer over `axis` (default -1).
 * @throws {ValueError} for a non-integer `axis`.
 * @example logSoftmaxLayer().call(tensor([[0, 0]])).toArray(); // [[-0.6931, -0.6931]]
 */
export const logSoftmaxLayer = (options: SoftmaxOptions = {}): LogSoftmax =>
  new LogSoftmax(options);
