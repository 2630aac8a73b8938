import { type Tensor, add, matmul, mul, reshape, slice, split, sub } from '@tsgrad/tensor';
import {
  type ActivationFn,
  type ActivationIdentifier,
  canonicalActivation,
  getActivation,
} from '../activations.js';
import { RecurrentLayer, type RecurrentOptions } from './recurrent.js';

/** Options of `GRU`. */
export interface GRUOptions<R extends boolean = boolean> extends RecurrentOptions<R> {
  /** Activation of the gates (default `'sigmoid'`). */
  recurrentActivation?: ActivationIdentifier;
  /**
   * Apply the reset gate after the recurrent matmul (default true: Keras' default, and
   * cuDNN's formulation), which needs separate input and recurrent biases.
   */
  resetAfter?: boolean;
}

/**
 * Gated recurrent unit (Cho et al., 2014), Keras' formulation and weight layout.
 *
 * Weights: `kernel` [features, 3·units] and `recurrent_kernel` [units, 3·units], gate blocks
 * in the order **z (update), r (reset), h (candidate)**. With `resetAfter` (default), `bias` is
 * [2, 3·units]: row 0 the input bias, row 1 the recurrent bias, and
 * `x_z, x_r, x_h = x_t·kernel + bias[0]`; `r_z, r_r, r_h = h·recurrent_kernel + bias[1]`;
 * `z = σ(x_z + r_z)`; `r = σ(x_r + r_r)`; `ĥ = tanh(x_h + r·r_h)`; `h = z·h + (1 − z)·ĥ`.
 * With `resetAfter: false`, `bias` is [3·units] and `ĥ = tanh(x_h + (r·h)·recurrent_kernel_h)`.
 * Input `[batch, time, features]` → `[batch, units]` (or every step; `[output, h]` with
 * `returnState`).
 * @example gru({ units: 32 }).call(randn([4, 10, 8])).shape; // [4, 32]
 */
export class GRU<R extends boolean = false> extends RecurrentLayer<R> {
  static override readonly className: string = 'GRU';
  protected readonly gates = 3;
  protected readonly stateCount = 1;
  readonly recurrentActivation: string;
  readonly resetAfter: boolean;
  private readonly gateFn: ActivationFn;

  constructor(options: GRUOptions<R>) {
    super(options);
    this.recurrentActivation = canonicalActivation(options.recurrentActivation ?? 'sigmoid');
    this.gateFn = getActivation(this.recurrentActivation);
    this.resetAfter = options.resetAfter ?? true;
  }

  protected override biasShape(): number[] {
    return this.resetAfter ? [2, 3 * this.units] : [3 * this.units];
  }

  protected override inputBias(): Tensor | null {
    if (!this.useBias) return null;
    return this.resetAfter
      ? reshape(slice(this.bias, [0, 0], [1, -1]), [3 * this.units])
      : this.bias;
  }

  protected step(xt: Tensor, [h]: readonly Tensor[]): Tensor[] {
    const u = this.units;
    const [xz, xr, xh] = split(xt, 3, 1);
    const rk = this.recurrentKernel;
    let z: Tensor;
    let candidate: Tensor;
    if (this.resetAfter) {
      let inner = matmul(h, rk);
      if (this.useBias) inner = add(inner, reshape(slice(this.bias, [1, 0], [1, -1]), [3 * u]));
      const [rz, rr, rh] = split(inner, 3, 1);
      z = this.gateFn(add(xz, rz));
      const r = this.gateFn(add(xr, rr));
      candidate = this.activationFn(add(xh, mul(r, rh)));
    } else {
      const [rz, rr] = split(matmul(h, slice(rk, [0, 0], [u, 2 * u])), 2, 1);
      z = this.gateFn(add(xz, rz));
      const r = this.gateFn(add(xr, rr));
      candidate = this.activationFn(add(xh, matmul(mul(r, h), slice(rk, [0, 2 * u], [u, u]))));
    }
    // h = z·h + (1 − z)·ĥ, written as ĥ + z·(h − ĥ).
    return [add(candidate, mul(z, sub(h, candidate)))];
  }

  override getConfig(): Record<string, unknown> {
    return {
      ...super.getConfig(),
      recurrentActivation: this.recurrentActivation,
      resetAfter: this.resetAfter,
    };
  }
}

/** A `GRU` layer. @example gru({ units: 32, returnSequences: true }); */
export function gru<R extends boolean = false>(options: GRUOptions<R>): GRU<R> {
  return new GRU<R>(options);
}
