import { type Tensor, ValueError, reshape as reshapeOp } from '@tsgrad/tensor';
import { Layer, type LayerOptions, type LayerShape, formatLayerShape } from '../layer.js';

/** Options of `Reshape`. */
export interface ReshapeOptions extends LayerOptions {
  /** The output shape without the batch dimension; one entry may be -1 (inferred). */
  targetShape: readonly number[];
}

/**
 * Reshapes each sample: `[batch, ...]` → `[batch, ...targetShape]`.
 * @throws {ValueError} for an invalid target shape; {ShapeError} when the sizes differ.
 * @example reshape({ targetShape: [7, 7, 64] }).call(zeros([2, 3136])).shape; // [2, 7, 7, 64]
 */
export class Reshape extends Layer {
  static override readonly className: string = 'Reshape';
  readonly targetShape: readonly number[];

  constructor(options: ReshapeOptions) {
    super(options);
    const t = options?.targetShape;
    if (
      !Array.isArray(t) ||
      !t.every((d) => Number.isInteger(d) && (d >= 0 || d === -1)) ||
      t.filter((d) => d === -1).length > 1
    ) {
      throw new ValueError(
        this.label,
        `targetShape must hold non-negative integers and at most one -1, got ${JSON.stringify(t)}`,
      );
    }
    this.targetShape = Object.freeze([...t]);
  }

  override computeOutputShape(inputShape: LayerShape): LayerShape {
    this.checkInput(inputShape);
    const rest = inputShape.slice(1);
    const known = this.targetShape.filter((d) => d !== -1).reduce((p, d) => p * d, 1);
    if (rest.includes(null))
      return [inputShape[0], ...this.targetShape.map((d) => (d === -1 ? null : d))];
    const size = (rest as number[]).reduce((p, d) => p * d, 1);
    const fits = this.targetShape.includes(-1) ? known > 0 && size % known === 0 : size === known;
    if (!fits) {
      throw this.shapeError(
        `cannot reshape input of shape ${formatLayerShape(inputShape)} (${size} values per sample) to ${formatLayerShape([null, ...this.targetShape])}`,
      );
    }
    return [inputShape[0], ...this.targetShape.map((d) => (d === -1 ? size / known : d))];
  }

  protected override checkInput(shape: LayerShape): void {
    super.checkInput(shape);
    if (shape.length < 1)
      throw this.shapeError(
        `expected input with a batch dimension, got shape ${formatLayerShape(shape)}`,
      );
  }

  protected forward(x: Tensor): Tensor {
    const [, ...target] = this.computeOutputShape(x.shape) as number[];
    return reshapeOp(x, [x.shape[0], ...target]);
  }

  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), targetShape: [...this.targetShape] };
  }
}

/** A `Reshape` layer. @example reshape({ targetShape: [28, 28, 1], inputShape: [784] }); */
export function reshape(options: ReshapeOptions): Reshape {
  return new Reshape(options);
}
