import { type Tensor, add, concat, matmul, mul, ones, split } from '@tsgrad/tensor';
import {
  type ActivationFn,
  type ActivationIdentifier,
  canonicalActivation,
  getActivation,
} from '../activations.js';
import type { Initializer } from '../initializers.js';
import { RecurrentLayer, type RecurrentOptions } from './recurrent.js';

/** Options of `LSTM`. */
export interface LSTMOptions<R extends boolean = boolean> extends RecurrentOptions<R> {
  /** Activation of the gates (default `'sigmoid'`). */
  recurrentActivation?: ActivationIdentifier;
  /** Initialize the forget gate's bias to 1 (default true, as in Keras). */
  unitForgetBias?: boolean;
}

/**
 * Long short-term memory (Hochreiter & Schmidhuber, 1997), Keras' formulation and weight layout.
 *
 * Weights: `kernel` [features, 4·units], `recurrent_kernel` [units, 4·units], `bias`
 * [4·units], gate blocks in the order **i, f, c, o**:
 * `z = x_t·kernel + h·recurrent_kernel + bias`; `i, f, o = σ(z_i, z_f, z_o)`;
 * `c = f·c + i·tanh(z_c)`; `h = o·tanh(c)` (σ = recurrentActivation, tanh = activation).
 * Input `[batch, time, features]` → `[batch, units]` (or every step with `returnSequences`;
 * `[output, h, c]` with `returnState`; `initialState: [h, c]`).
 * @example lstm({ units: 32, returnSequences: true }).call(randn([4, 10, 8])).shape; // [4, 10, 32]
 */
export class LSTM<R extends boolean = false> extends RecurrentLayer<R> {
  static override readonly className: string = 'LSTM';
  protected readonly gates = 4;
  protected readonly stateCount = 2;
  readonly recurrentActivation: string;
  readonly unitForgetBias: boolean;
  private readonly gateFn: ActivationFn;

  constructor(options: LSTMOptions<R>) {
    super(options);
    this.recurrentActivation = canonicalActivation(options.recurrentActivation ?? 'sigmoid');
    this.gateFn = getActivation(this.recurrentActivation);
    this.unitForgetBias = options.unitForgetBias ?? true;
  }

  protected override biasInit(): Initializer {
    if (!this.unitForgetBias) return this.biasInitializer;
    const base = this.biasInitializer;
    const u = this.units;
    return {
      className: base.className,
      // Keras: [biasInitializer(units), ones(units), biasInitializer(2·units)].
      init: (_shape, dtype, g) =>
        concat([base.init([u], dtype, g), ones([u], dtype), base.init([2 * u], dtype, g)], 0),
      getConfig: () => base.getConfig(),
    };
  }

  protected step(xt: Tensor, [h, c]: readonly Tensor[]): Tensor[] {
    const [zi, zf, zc, zo] = split(add(xt, matmul(h, this.recurrentKernel)), 4, 1);
    const i = this.gateFn(zi);
    const f = this.gateFn(zf);
    const o = this.gateFn(zo);
    const cNext = add(mul(f, c), mul(i, this.activationFn(zc)));
    return [mul(o, this.activationFn(cNext)), cNext];
  }

  override getConfig(): Record<string, unknown> {
    return {
      ...super.getConfig(),
      recurrentActivation: this.recurrentActivation,
      unitForgetBias: this.unitForgetBias,
    };
  }
}

/** An `LSTM` layer. @example lstm({ units: 32 }); lstm({ units: 32, returnState: true }); */
export function lstm<R extends boolean = false>(options: LSTMOptions<R>): LSTM<R> {
  return new LSTM<R>(options);
}
