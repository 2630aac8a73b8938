import { ValueError, type Tensor, add, mul, sgdUpdate, sub } from '@tsgrad/tensor';
import {
  Optimizer,
  type OptimizerOptions,
  type UpdateContext,
  type UpdateResult,
  option,
} from './optimizer.js';
import { check } from './validate.js';

/**
 * Options of `sgd` (besides the common ones in `OptimizerOptions`; default learning rate 0.01).
 * @example
 * import { type SgdOptions, sgd } from '@tsgrad/optim';
 * const options: SgdOptions = { learningRate: 0.1, momentum: 0.9, nesterov: true };
 * sgd(options).getConfig().momentum; // 0.9
 */
export interface SgdOptions extends OptimizerOptions {
  /** Momentum factor, in [0, 1) (default 0: plain SGD). */
  momentum?: number;
  /** Dampening of the gradient added to the momentum buffer, in [0, 1] (default 0). */
  dampening?: number;
  /** Nesterov momentum (needs momentum > 0 and dampening 0; default false). */
  nesterov?: boolean;
  /** L2 penalty added to the gradient, g + weightDecay·p; >= 0 (default 0). */
  weightDecay?: number;
}

/**
 * Stochastic gradient descent (Robbins & Monro, 1951), with momentum (Polyak, 1964) and Nesterov
 * momentum (Sutskever et al., 2013), as PyTorch's `SGD`:
 *
 * ```
 * g ← g + weightDecay·p
 * b ← g (first step), else momentum·b + (1 − dampening)·g
 * g ← g + momentum·b (Nesterov) or b
 * p ← p − lr·g
 * ```
 *
 * Default learning rate 0.01.
 * @throws {ValueError} for an invalid hyperparameter, naming it and its value.
 * @example const opt = sgd({ learningRate: 0.1, momentum: 0.9, nesterov: true });
 */
export class SGD extends Optimizer {
  readonly momentum: number;
  readonly dampening: number;
  readonly nesterov: boolean;
  readonly weightDecay: number;

  constructor(options: SgdOptions = {}) {
    super('sgd', options, 0.01, ['momentum', 'dampening', 'nesterov', 'weightDecay']);
    this.momentum = option(options.momentum, 0);
    this.dampening = option(options.dampening, 0);
    this.nesterov = option(options.nesterov, false);
    this.weightDecay = option(options.weightDecay, 0);
    check.fraction('sgd', 'momentum', this.momentum);
    check.unit('sgd', 'dampening', this.dampening);
    check.boolean('sgd', 'nesterov', this.nesterov);
    check.nonNegative('sgd', 'weightDecay', this.weightDecay);
    if (this.nesterov && (this.momentum === 0 || this.dampening !== 0)) {
      throw new ValueError(
        'sgd',
        `nesterov needs momentum > 0 and dampening 0, got momentum ${this.momentum} and dampening ${this.dampening}`,
      );
    }
  }

  protected update(
    p: Tensor,
    g: Tensor,
    slots: Readonly<Record<string, Tensor>>,
    { lr }: UpdateContext,
  ): UpdateResult {
    g = this.addWeightDecay(g, p, this.weightDecay);
    const prev = slots.momentum;
    if (this.momentum === 0 || prev !== undefined) {
      // The same update as below, in one pass where the backend has the fused kernel.
      const next = sgdUpdate(p, g, prev ?? null, {
        lr,
        momentum: this.momentum,
        dampening: this.dampening,
        nesterov: this.nesterov,
      });
      return { value: next.param, slots: next.buffer ? { momentum: next.buffer } : {} };
    }
    const b =
      prev === undefined
        ? g
        : add(mul(prev, this.momentum), this.dampening === 0 ? g : mul(g, 1 - this.dampening));
    const direction = this.nesterov ? add(g, mul(b, this.momentum)) : b;
    return { value: sub(p, mul(direction, lr)), slots: { momentum: b } };
  }

  protected slotNames(): string[] {
    return this.momentum === 0 ? [] : ['momentum'];
  }

  protected hyperparameters() {
    return {
      momentum: this.momentum,
      dampening: this.dampening,
      nesterov: this.nesterov,
      weightDecay: this.weightDecay,
    };
  }
}

/** `new SGD(options)`. @example const opt = sgd({ learningRate: 0.1, momentum: 0.9 }); */
export function sgd(options: SgdOptions = {}): SGD {
  return new SGD(options);
}
