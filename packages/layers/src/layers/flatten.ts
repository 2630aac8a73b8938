import { type Tensor, reshape } from '@tsgrad/tensor';
import { Layer, type LayerOptions, type LayerShape, formatLayerShape } from '../layer.js';

/**
 * Flattens every axis but the batch: `[batch, d1, d2, ...]` → `[batch, d1·d2·...]`. Free
 * (a reshape of contiguous data).
 * @throws {ShapeError} for inputs of rank < 2.
 * @example flatten().call(zeros([32, 7, 7, 64])).shape; // [32, 3136]
 */
export class Flatten extends Layer {
  static override readonly className: string = 'Flatten';

  protected override checkInput(shape: LayerShape): void {
    super.checkInput(shape);
    if (shape.length < 2)
      throw this.shapeError(
        `expected input of rank >= 2 [batch, ...], got shape ${formatLayerShape(shape)}`,
      );
  }

  override computeOutputShape(inputShape: LayerShape): LayerShape {
    this.checkInput(inputShape);
    const rest = inputShape.slice(1);
    return [
      inputShape[0],
      rest.includes(null) ? null : (rest as number[]).reduce((p, d) => p * d, 1),
    ];
  }

  protected forward(x: Tensor): Tensor {
    return reshape(x, [x.shape[0], -1]);
  }
}

/** A `Flatten` layer. @example flatten({ inputShape: [28, 28, 1] }); */
export function flatten(options: LayerOptions = {}): Flatten {
  return new Flatten(options);
}
