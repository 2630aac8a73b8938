import { type Tensor, add, flushSubnormal, div, mul, sqrt, square, sub } from '@tsgrad/tensor';
import {
  Optimizer,
  type OptimizerOptions,
  type UpdateContext,
  type UpdateResult,
  option,
} from './optimizer.js';
import { check } from './validate.js';

/**
 * Options of `rmsprop` (besides the common ones in `OptimizerOptions`; default learning rate
 * 0.001).
 * @example
 * import { type RmspropOptions, rmsprop } from '@tsgrad/optim';
 * const options: RmspropOptions = { rho: 0.95, momentum: 0.9, centered: true };
 * rmsprop(options).getConfig().centered; // true
 */
export interface RmspropOptions extends OptimizerOptions {
  /** Decay of the moving average of squared gradients, in [0, 1) (default 0.9). */
  rho?: number;
  /** Momentum factor, in [0, 1) (default 0: none). */
  momentum?: number;
  /** Added to the denominator; >= 0 (default 1e-7). */
  epsilon?: number;
  /** Normalize by the variance (subtract the squared mean gradient; default false). */
  centered?: boolean;
  /** L2 penalty added to the gradient; >= 0 (default 0). */
  weightDecay?: number;
}

/**
 * RMSprop (Hinton, Srivastava & Swersky, Coursera lecture 6e, 2012), with momentum and the
 * centered variant of Graves (2013), as PyTorch's `RMSprop`:
 *
 * ```
 * g ← g + weightDecay·p
 * v ← rho·v + (1 − rho)·g²
 * d ← √v + epsilon, or √(v − ḡ²) + epsilon with ḡ ← rho·ḡ + (1 − rho)·g (centered)
 * b ← momentum·b + g/d;  p ← p − lr·b      (momentum > 0)
 * p ← p − lr·g/d                          (otherwise)
 * ```
 *
 * Default learning rate 0.001.
 * @throws {ValueError} for an invalid hyperparameter, naming it and its value.
 * @example const opt = rmsprop({ learningRate: 1e-3, momentum: 0.9, centered: true });
 */
export class RMSprop extends Optimizer {
  readonly rho: number;
  readonly momentum: number;
  readonly epsilon: number;
  readonly centered: boolean;
  readonly weightDecay: number;

  constructor(options: RmspropOptions = {}) {
    super('rmsprop', options, 0.001, ['rho', 'momentum', 'epsilon', 'centered', 'weightDecay']);
    this.rho = option(options.rho, 0.9);
    this.momentum = option(options.momentum, 0);
    this.epsilon = option(options.epsilon, 1e-7);
    this.centered = option(options.centered, false);
    this.weightDecay = option(options.weightDecay, 0);
    check.fraction('rmsprop', 'rho', this.rho);
    check.fraction('rmsprop', 'momentum', this.momentum);
    check.nonNegative('rmsprop', 'epsilon', this.epsilon);
    check.boolean('rmsprop', 'centered', this.centered);
    check.nonNegative('rmsprop', 'weightDecay', this.weightDecay);
  }

  protected update(
    p: Tensor,
    g: Tensor,
    slots: Readonly<Record<string, Tensor>>,
    { lr }: UpdateContext,
  ): UpdateResult {
    g = this.addWeightDecay(g, p, this.weightDecay);
    const out: Record<string, Tensor> = {};
    const rho = this.rho;
    // Averages decay where the gradient stays 0: flushed so they never turn subnormal (slow).
    const v = (out.squareAverage = slots.squareAverage
      ? flushSubnormal(add(mul(slots.squareAverage, rho), mul(square(g), 1 - rho)))
      : mul(square(g), 1 - rho));
    let variance = v;
    if (this.centered) {
      const mean = (out.gradAverage = slots.gradAverage
        ? flushSubnormal(add(mul(slots.gradAverage, rho), mul(g, 1 - rho)))
        : mul(g, 1 - rho));
      variance = sub(v, square(mean));
    }
    const scaled = div(g, add(sqrt(variance), this.epsilon));
    if (this.momentum === 0) return { value: sub(p, mul(scaled, lr)), slots: out };
    const b = (out.momentum = slots.momentum
      ? flushSubnormal(add(mul(slots.momentum, this.momentum), scaled))
      : scaled);
    return { value: sub(p, mul(b, lr)), slots: out };
  }

  protected slotNames(): string[] {
    return [
      'squareAverage',
      ...(this.centered ? ['gradAverage'] : []),
      ...(this.momentum > 0 ? ['momentum'] : []),
    ];
  }

  protected hyperparameters() {
    return {
      rho: this.rho,
      momentum: this.momentum,
      epsilon: this.epsilon,
      centered: this.centered,
      weightDecay: this.weightDecay,
    };
  }
}

/** `new RMSprop(options)`. @example const opt = rmsprop({ learningRate: 1e-3 }); */
export function rmsprop(options: RmspropOptions = {}): RMSprop {
  return new RMSprop(options);
}
