import { type Tensor, mul } from '@tsgrad/tensor';
import { Adam, type AdamOptions } from './adam.js';

/**
 * Options of `adamw`: those of `adam`, with `weightDecay` decoupled from the gradient (default
 * learning rate 0.001).
 * @example
 * import { type AdamWOptions, adamw } from '@tsgrad/optim';
 * const options: AdamWOptions = { learningRate: 1e-3, weightDecay: 0.05 };
 * adamw(options).getConfig().weightDecay; // 0.05
 */
export interface AdamWOptions extends AdamOptions {
  /**
   * Decoupled weight decay, p ← p·(1 − lr·weightDecay) before the Adam step; >= 0 (default
   * 0.01).
   */
  weightDecay?: number;
}

/**
 * AdamW (Loshchilov & Hutter, 2019, "Decoupled Weight Decay Regularization"): Adam whose weight
 * decay shrinks the weights directly instead of entering the gradient (and so the moment
 * estimates), as PyTorch's `AdamW`:
 *
 * ```
 * p ← p·(1 − lr·weightDecay)
 * then the Adam update of p with the unmodified gradient
 * ```
 *
 * Default learning rate 0.001, weightDecay 0.01.
 * @throws {ValueError} for an invalid hyperparameter, naming it and its value.
 * @example const opt = adamw({ learningRate: 1e-3, weightDecay: 0.05 });
 */
export class AdamW extends Adam {
  constructor(options: AdamWOptions = {}) {
    super(options, 'adamw', 0.01);
  }

  protected override decay(p: Tensor, g: Tensor, lr: number): { p: Tensor; g: Tensor } {
    return { p: this.weightDecay === 0 ? p : mul(p, 1 - lr * this.weightDecay), g };
  }
}

/** `new AdamW(options)`. @example const opt = adamw({ learningRate: 1e-3 }); */
export function adamw(options: AdamWOptions = {}): AdamW {
  return new AdamW(options);
}
