import { type Tensor, add, matmul } from '@tsgrad/tensor';
import { RecurrentLayer, type RecurrentOptions } from './recurrent.js';

/**
 * A fully connected recurrent layer (Elman): `h_t = activation(x_t·kernel + h_{t−1}·recurrent_kernel + bias)`.
 *
 * Input `[batch, time, features]` → `[batch, units]` (or `[batch, time, units]` with
 * `returnSequences`; plus the final `h` with `returnState`). Weights (Keras layout): `kernel`
 * [features, units], `recurrent_kernel` [units, units], `bias` [units].
 * @throws {ShapeError} for inputs that are not `[batch, time, features]`.
 * @example simpleRNN({ units: 32 }).call(randn([4, 10, 8])).shape; // [4, 32]
 */
export class SimpleRNN<R extends boolean = false> extends RecurrentLayer<R> {
  static override readonly className: string = 'SimpleRNN';
  protected readonly gates = 1;
  protected readonly stateCount = 1;

  protected step(xt: Tensor, [h]: readonly Tensor[]): Tensor[] {
    return [this.activationFn(add(xt, matmul(h, this.recurrentKernel)))];
  }
}

/** A `SimpleRNN` layer. @example simpleRNN({ units: 16, returnSequences: true }); */
export function simpleRNN<R extends boolean = false>(options: RecurrentOptions<R>): SimpleRNN<R> {
  return new SimpleRNN<R>(options);
}
