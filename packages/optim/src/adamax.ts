import { type Tensor, abs, add, flushSubnormal, div, maximum, mul, sub } from '@tsgrad/tensor';
import {
  Optimizer,
  type OptimizerOptions,
  type UpdateContext,
  type UpdateResult,
  option,
} from './optimizer.js';
import { check } from './validate.js';

/**
 * Options of `adamax` (besides the common ones in `OptimizerOptions`; default learning rate
 * 0.002).
 * @example
 * import { type AdamaxOptions, adamax } from '@tsgrad/optim';
 * const options: AdamaxOptions = { beta1: 0.8 };
 * adamax(options).getConfig().beta1; // 0.8
 */
export interface AdamaxOptions extends OptimizerOptions {
  /** Decay of the first-moment average, in [0, 1) (default 0.9). */
  beta1?: number;
  /** Decay of the infinity norm, in [0, 1) (default 0.999). */
  beta2?: number;
  /** Added to the denominator; >= 0 (default 1e-7). */
  epsilon?: number;
  /** L2 penalty added to the gradient; >= 0 (default 0). */
  weightDecay?: number;
}

/**
 * Adamax (Kingma & Ba, 2015, section 7.1): Adam with the infinity norm in place of the second
 * moment, as Keras' `Adamax`:
 *
 * ```
 * g ← g + weightDecay·p
 * m ← β1·m + (1 − β1)·g
 * u ← max(β2·u, |g|)
 * p ← p − (lr / (1 − β1ᵗ))·m / (u + epsilon)
 * ```
 *
 * Default learning rate 0.002 (the paper's).
 * @throws {ValueError} for an invalid hyperparameter, naming it and its value.
 * @example const opt = adamax({ learningRate: 2e-3 });
 */
export class Adamax extends Optimizer {
  readonly beta1: number;
  readonly beta2: number;
  readonly epsilon: number;
  readonly weightDecay: number;

  constructor(options: AdamaxOptions = {}) {
    super('adamax', options, 0.002, ['beta1', 'beta2', 'epsilon', 'weightDecay']);
    this.beta1 = option(options.beta1, 0.9);
    this.beta2 = option(options.beta2, 0.999);
    this.epsilon = option(options.epsilon, 1e-7);
    this.weightDecay = option(options.weightDecay, 0);
    check.fraction('adamax', 'beta1', this.beta1);
    check.fraction('adamax', 'beta2', this.beta2);
    check.nonNegative('adamax', 'epsilon', this.epsilon);
    check.nonNegative('adamax', 'weightDecay', this.weightDecay);
  }

  protected update(
    p: Tensor,
    g: Tensor,
    slots: Readonly<Record<string, Tensor>>,
    { lr, step }: UpdateContext,
  ): UpdateResult {
    g = this.addWeightDecay(g, p, this.weightDecay);
    const { beta1: b1, beta2: b2 } = this;
    // State decays where the gradient stays 0: flushed so it never turns subnormal (slow).
    const m = slots.m ? flushSubnormal(add(mul(slots.m, b1), mul(g, 1 - b1))) : mul(g, 1 - b1);
    const u = slots.u ? flushSubnormal(maximum(mul(slots.u, b2), abs(g))) : abs(g);
    const value = sub(p, mul(div(m, add(u, this.epsilon)), lr / (1 - b1 ** step)));
    return { value, slots: { m, u } };
  }

  protected slotNames(): string[] {
    return ['m', 'u'];
  }

  protected hyperparameters() {
    return {
      beta1: this.beta1,
      beta2: this.beta2,
      epsilon: this.epsilon,
      weightDecay: this.weightDecay,
    };
  }
}

/** `new Adamax(options)`. @example const opt = adamax(); */
export function adamax(options: AdamaxOptions = {}): Adamax {
  return new Adamax(options);
}
