import { type Tensor, add, div, mul, sqrt, square, sub, fullLike } from '@tsgrad/tensor';
import {
  Optimizer,
  type OptimizerOptions,
  type UpdateContext,
  type UpdateResult,
  option,
} from './optimizer.js';
import { check } from './validate.js';

/**
 * Options of `adagrad` (besides the common ones in `OptimizerOptions`; default learning rate
 * 0.01).
 * @example
 * import { type AdagradOptions, adagrad } from '@tsgrad/optim';
 * const options: AdagradOptions = { learningRate: 0.1, initialAccumulatorValue: 0 };
 * adagrad(options).getConfig().initialAccumulatorValue; // 0
 */
export interface AdagradOptions extends OptimizerOptions {
  /** Starting value of the sum of squared gradients; >= 0 (default 0.1, as Keras). */
  initialAccumulatorValue?: number;
  /** Added to the denominator; >= 0 (default 1e-7). */
  epsilon?: number;
  /** L2 penalty added to the gradient; >= 0 (default 0). */
  weightDecay?: number;
}

/**
 * Adagrad (Duchi, Hazan & Singer, 2011): per-element rates that shrink with the sum of squared
 * gradients.
 *
 * ```
 * g ← g + weightDecay·p
 * s ← s + g²                       (s starts at initialAccumulatorValue)
 * p ← p − lr·g / (√s + epsilon)
 * ```
 *
 * Default learning rate 0.01.
 * @throws {ValueError} for an invalid hyperparameter, naming it and its value.
 * @example const opt = adagrad({ learningRate: 0.1 });
 */
export class Adagrad extends Optimizer {
  readonly initialAccumulatorValue: number;
  readonly epsilon: number;
  readonly weightDecay: number;

  constructor(options: AdagradOptions = {}) {
    super('adagrad', options, 0.01, ['initialAccumulatorValue', 'epsilon', 'weightDecay']);
    this.initialAccumulatorValue = option(options.initialAccumulatorValue, 0.1);
    this.epsilon = option(options.epsilon, 1e-7);
    this.weightDecay = option(options.weightDecay, 0);
    check.nonNegative('adagrad', 'initialAccumulatorValue', this.initialAccumulatorValue);
    check.nonNegative('adagrad', 'epsilon', this.epsilon);
    check.nonNegative('adagrad', 'weightDecay', this.weightDecay);
  }

  protected update(
    p: Tensor,
    g: Tensor,
    slots: Readonly<Record<string, Tensor>>,
    { lr }: UpdateContext,
  ): UpdateResult {
    g = this.addWeightDecay(g, p, this.weightDecay);
    const s = add(slots.accumulator ?? fullLike(p, this.initialAccumulatorValue), square(g));
    const value = sub(p, div(mul(g, lr), add(sqrt(s), this.epsilon)));
    return { value, slots: { accumulator: s } };
  }

  protected slotNames(): string[] {
    return ['accumulator'];
  }

  protected hyperparameters() {
    return {
      initialAccumulatorValue: this.initialAccumulatorValue,
      epsilon: this.epsilon,
      weightDecay: this.weightDecay,
    };
  }
}

/** `new Adagrad(options)`. @example const opt = adagrad({ learningRate: 0.1 }); */
export function adagrad(options: AdagradOptions = {}): Adagrad {
  return new Adagrad(options);
}
