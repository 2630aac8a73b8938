import {
  Generator,
  type Tensor,
  ValueError,
  cast,
  defaultGenerator,
  div,
  greaterEqual,
  mul,
  rand,
} from '@tsgrad/tensor';
import { type ForwardContext, Layer, type LayerOptions } from '../layer.js';

/** Options of `Dropout`. */
export interface DropoutOptions extends LayerOptions {
  /** Fraction of inputs to drop, in [0, 1). */
  rate: number;
}

/**
 * Inverted dropout: in training, zeroes each element with probability `rate` and scales the
 * rest by 1/(1 − rate), so inference is the identity. Masks come from the layer's own
 * generator: seeded by `seed`, or forked from the global default generator when the layer is
 * made — so seeded runs are reproducible either way.
 * @throws {ValueError} for a rate outside [0, 1).
 * @example
 * const d = dropout({ rate: 0.5, seed: 1 });
 * d.call(ones([2, 4]), { training: true }); // zeros and 2s
 * d.call(ones([2, 4]));                     // ones (inference)
 */
export class Dropout extends Layer {
  static override readonly className: string = 'Dropout';
  readonly rate: number;
  private readonly masks: Generator;

  constructor(options: DropoutOptions) {
    super(options);
    const rate = options?.rate;
    if (typeof rate !== 'number' || !(rate >= 0 && rate < 1))
      throw new ValueError(this.label, `rate must be in [0, 1), got ${JSON.stringify(rate)}`);
    this.rate = rate;
    this.masks = this.seed !== undefined ? new Generator(this.seed) : defaultGenerator().fork();
  }

  protected override randomGenerators(): Generator[] {
    return [this.masks];
  }

  /** Inverted scaling makes fractions: int32/bool inputs are cast to the layer's dtype. */
  protected override get castsIntegerInput(): boolean {
    return true;
  }

  protected forward(x: Tensor, { training }: ForwardContext): Tensor {
    if (!training || this.rate === 0) return x;
    const keepMask = cast(
      greaterEqual(rand(x.shape, { generator: this.masks, dtype: x.dtype }), this.rate),
      x.dtype,
    );
    return mul(x, div(keepMask, 1 - this.rate));
  }

  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), rate: this.rate };
  }
}

/** A `Dropout` layer. @example dropout({ rate: 0.5, seed: 1 }); */
export function dropout(options: DropoutOptions): Dropout {
  return new Dropout(options);
}
