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
 * Options of `nadam` (besides the common ones in `OptimizerOptions`; default learning rate
 * 0.002).
 * @example
 * import { type NadamOptions, nadam } from '@tsgrad/optim';
 * const options: NadamOptions = { momentumDecay: 0.002 };
 * nadam(options).getConfig().momentumDecay; // 0.002
 */
export interface NadamOptions extends OptimizerOptions {
  /** Decay of the first-moment average, in [0, 1) (default 0.9). */
  beta1?: number;
  /** Decay of the second-moment average, in [0, 1) (default 0.999). */
  beta2?: number;
  /** Added to the denominator; >= 0 (default 1e-7). */
  epsilon?: number;
  /** ψ of the momentum schedule μₜ = β1·(1 − ½·0.96^(t·ψ)); >= 0 (default 0.004). */
  momentumDecay?: number;
  /** L2 penalty added to the gradient; >= 0 (default 0). */
  weightDecay?: number;
}

/**
 * Nadam (Dozat, 2016, "Incorporating Nesterov Momentum into Adam"): Adam with Nesterov momentum
 * and the momentum schedule μₜ = β1·(1 − ½·0.96^(t·ψ)), as PyTorch's `NAdam` and Keras' `Nadam`:
 *
 * ```
 * g ← g + weightDecay·p
 * m ← β1·m + (1 − β1)·g,   v ← β2·v + (1 − β2)·g²
 * Πₜ = μ1···μₜ,   d = √(v / (1 − β2ᵗ)) + epsilon
 * p ← p − lr·(1 − μₜ)/(1 − Πₜ)·g/d − lr·μₜ₊₁/(1 − Πₜ·μₜ₊₁)·m/d
 * ```
 *
 * Default learning rate 0.002 (the paper's).
 * @throws {ValueError} for an invalid hyperparameter, naming it and its value.
 * @example const opt = nadam({ learningRate: 2e-3 });
 */
export class Nadam extends Optimizer {
  readonly beta1: number;
  readonly beta2: number;
  readonly epsilon: number;
  readonly momentumDecay: number;
  readonly weightDecay: number;
  /** Π μ₁..μₜ by t, computed once (it depends on the step only, so it needs no saved state). */
  private readonly muProducts: number[] = [1];

  constructor(options: NadamOptions = {}) {
    super('nadam', options, 0.002, ['beta1', 'beta2', 'epsilon', 'momentumDecay', 'weightDecay']);
    this.beta1 = option(options.beta1, 0.9);
    this.beta2 = option(options.beta2, 0.999);
    this.epsilon = option(options.epsilon, 1e-7);
    this.momentumDecay = option(options.momentumDecay, 0.004);
    this.weightDecay = option(options.weightDecay, 0);
    check.fraction('nadam', 'beta1', this.beta1);
    check.fraction('nadam', 'beta2', this.beta2);
    check.nonNegative('nadam', 'epsilon', this.epsilon);
    check.nonNegative('nadam', 'momentumDecay', this.momentumDecay);
    check.nonNegative('nadam', 'weightDecay', this.weightDecay);
  }

  private mu(t: number): number {
    return this.beta1 * (1 - 0.5 * 0.96 ** (t * this.momentumDecay));
  }

  private muProduct(t: number): number {
    for (let i = this.muProducts.length; i <= t; i++)
      this.muProducts.push(this.muProducts[i - 1] * this.mu(i));
    return this.muProducts[t];
  }

  protected update(
    p: Tensor,
    g: Tensor,
    slots: Readonly<Record<string, Tensor>>,
    { lr, step }: UpdateContext,
  ): UpdateResult {
    g = this.addWeightDecay(g, p, this.weightDecay);
    const { beta1: b1, beta2: b2 } = this;
    // Moments decay where the gradient stays 0: flushed so they never turn subnormal (slow).
    const m = slots.m ? flushSubnormal(add(mul(slots.m, b1), mul(g, 1 - b1))) : mul(g, 1 - b1);
    const v = slots.v
      ? flushSubnormal(add(mul(slots.v, b2), mul(square(g), 1 - b2)))
      : mul(square(g), 1 - b2);
    const mu = this.mu(step);
    const muNext = this.mu(step + 1);
    const prod = this.muProduct(step);
    const d = add(sqrt(div(v, 1 - b2 ** step)), this.epsilon);
    const gradPart = mul(div(g, d), (lr * (1 - mu)) / (1 - prod));
    const momentumPart = mul(div(m, d), (lr * muNext) / (1 - prod * muNext));
    return { value: sub(sub(p, gradPart), momentumPart), slots: { m, v } };
  }

  protected slotNames(): string[] {
    return ['m', 'v'];
  }

  protected hyperparameters() {
    return {
      beta1: this.beta1,
      beta2: this.beta2,
      epsilon: this.epsilon,
      momentumDecay: this.momentumDecay,
      weightDecay: this.weightDecay,
    };
  }
}

/** `new Nadam(options)`. @example const opt = nadam(); */
export function nadam(options: NadamOptions = {}): Nadam {
  return new Nadam(options);
}
