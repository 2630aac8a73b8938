import {
  type Tensor,
  adamUpdate,
  add,
  flushSubnormal,
  div,
  maximum,
  mul,
  sqrt,
  square,
  sub,
} from '@tsgrad/tensor';
import {
  Optimizer,
  type OptimizerOptions,
  type UpdateContext,
  type UpdateResult,
  option,
} from './optimizer.js';
import { check } from './validate.js';

/**
 * Options of `adam` (besides the common ones in `OptimizerOptions`; default learning rate
 * 0.001). `adamw` takes the same, with decoupled weight decay.
 * @example
 * import { type AdamOptions, adam } from '@tsgrad/optim';
 * const options: AdamOptions = { learningRate: 3e-4, beta2: 0.99, amsgrad: true };
 * adam(options).getConfig().beta2; // 0.99
 */
export interface AdamOptions extends OptimizerOptions {
  /** Decay of the first-moment average, in [0, 1) (default 0.9). */
  beta1?: number;
  /** Decay of the second-moment average, in [0, 1) (default 0.999). */
  beta2?: number;
  /** Added to the denominator; >= 0 (default 1e-7, as Keras; PyTorch uses 1e-8). */
  epsilon?: number;
  /** Use the maximum of past second moments (Reddi, Kale & Kumar, 2018; default false). */
  amsgrad?: boolean;
  /** L2 penalty added to the gradient; >= 0 (default 0). For decoupled decay use `adamw`. */
  weightDecay?: number;
}

/**
 * Adam (Kingma & Ba, 2015, "Adam: A Method for Stochastic Optimization"), with AMSGrad:
 *
 * ```
 * g ← g + weightDecay·p
 * m ← β1·m + (1 − β1)·g
 * v ← β2·v + (1 − β2)·g²            (AMSGrad: v̂max ← max(v̂max, v), used in place of v)
 * m̂ ← m / (1 − β1ᵗ),  v̂ ← v / (1 − β2ᵗ)
 * p ← p − lr·m̂ / (√v̂ + epsilon)
 * ```
 *
 * Default learning rate 0.001.
 * @throws {ValueError} for an invalid hyperparameter, naming it and its value.
 * @example const opt = adam({ learningRate: 1e-3 });
 */
export class Adam extends Optimizer {
  readonly beta1: number;
  readonly beta2: number;
  readonly epsilon: number;
  readonly amsgrad: boolean;
  readonly weightDecay: number;

  /**
   * @param options hyperparameters (see `AdamOptions`).
   * @param name @internal the registered name (`'adamw'` for the subclass).
   * @param defaultWeightDecay @internal the subclass's default.
   */
  constructor(options: AdamOptions = {}, name = 'adam', defaultWeightDecay = 0) {
    super(name, options, 0.001, ['beta1', 'beta2', 'epsilon', 'amsgrad', 'weightDecay']);
    this.beta1 = option(options.beta1, 0.9);
    this.beta2 = option(options.beta2, 0.999);
    this.epsilon = option(options.epsilon, 1e-7);
    this.amsgrad = option(options.amsgrad, false);
    this.weightDecay = option(options.weightDecay, defaultWeightDecay);
    check.fraction(name, 'beta1', this.beta1);
    check.fraction(name, 'beta2', this.beta2);
    check.nonNegative(name, 'epsilon', this.epsilon);
    check.boolean(name, 'amsgrad', this.amsgrad);
    check.nonNegative(name, 'weightDecay', this.weightDecay);
  }

  /** Adam adds weight decay to the gradient; AdamW overrides this to decay the weights. */
  protected decay(p: Tensor, g: Tensor, _lr: number): { p: Tensor; g: Tensor } {
    return { p, g: this.addWeightDecay(g, p, this.weightDecay) };
  }

  protected update(
    param: Tensor,
    grad: Tensor,
    slots: Readonly<Record<string, Tensor>>,
    { lr, step }: UpdateContext,
  ): UpdateResult {
    const { p, g } = this.decay(param, grad, lr);
    const { beta1: b1, beta2: b2 } = this;
    if (!this.amsgrad && slots.m && slots.v) {
      // The same update below, in one pass where the backend has the fused kernel.
      const next = adamUpdate(p, g, slots.m, slots.v, {
        lr,
        beta1: b1,
        beta2: b2,
        epsilon: this.epsilon,
        step,
      });
      return { value: next.param, slots: { m: next.m, v: next.v } };
    }
    // Moments are flushed as adamUpdate stores them (subnormal values are slow; see there).
    const m = slots.m ? flushSubnormal(add(mul(slots.m, b1), mul(g, 1 - b1))) : mul(g, 1 - b1);
    const v = slots.v
      ? flushSubnormal(add(mul(slots.v, b2), mul(square(g), 1 - b2)))
      : mul(square(g), 1 - b2);
    const out: Record<string, Tensor> = { m, v };
    let second = v;
    if (this.amsgrad) second = out.vMax = slots.vMax ? maximum(slots.vMax, v) : v;
    // lr·m̂/(√v̂ + ε) = (lr/(1 − β1ᵗ))·m / (√v/√(1 − β2ᵗ) + ε), with the scalars folded in JS.
    const stepSize = lr / (1 - b1 ** step);
    const denom = add(mul(sqrt(second), 1 / Math.sqrt(1 - b2 ** step)), this.epsilon);
    return { value: sub(p, mul(div(m, denom), stepSize)), slots: out };
  }

  protected slotNames(): string[] {
    return this.amsgrad ? ['m', 'v', 'vMax'] : ['m', 'v'];
  }

  protected hyperparameters() {
    return {
      beta1: this.beta1,
      beta2: this.beta2,
      epsilon: this.epsilon,
      amsgrad: this.amsgrad,
      weightDecay: this.weightDecay,
    };
  }
}

/** `new Adam(options)`. @example const opt = adam({ learningRate: 1e-3, amsgrad: true }); */
export function adam(options: AdamOptions = {}): Adam {
  return new Adam(options);
}
