import { type Tensor, max, mean } from '@tsgrad/tensor';
import { Layer, type LayerOptions, type LayerShape, formatLayerShape } from '../layer.js';

/** Options of the global pooling layers. */
export interface GlobalPoolingOptions extends LayerOptions {
  /** Keep the pooled axes as size 1: `[batch, 1, 1, channels]` (default false). */
  keepDims?: boolean;
}

abstract class GlobalPooling2D extends Layer {
  readonly keepDims: boolean;

  constructor(options: GlobalPoolingOptions = {}) {
    super(options);
    this.keepDims = options.keepDims ?? false;
  }

  protected override checkInput(shape: LayerShape): void {
    super.checkInput(shape);
    if (shape.length !== 4)
      throw this.shapeError(
        `expected input of rank 4 [batch, height, width, channels], got shape ${formatLayerShape(shape)}`,
      );
  }

  override computeOutputShape(inputShape: LayerShape): LayerShape {
    this.checkInput(inputShape);
    return this.keepDims ? [inputShape[0], 1, 1, inputShape[3]] : [inputShape[0], inputShape[3]];
  }

  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), keepDims: this.keepDims };
  }
}

/**
 * Mean over height and width: `[batch, height, width, channels]` → `[batch, channels]`.
 * @throws {ShapeError} for inputs that are not rank 4.
 * @example globalAveragePooling2d().call(zeros([8, 7, 7, 64])).shape; // [8, 64]
 */
export class GlobalAveragePooling2D extends GlobalPooling2D {
  static override readonly className: string = 'GlobalAveragePooling2D';
  protected forward(x: Tensor): Tensor {
    return mean(x, [1, 2], this.keepDims);
  }
}

/**
 * Maximum over height and width: `[batch, height, width, channels]` → `[batch, channels]`.
 * @throws {ShapeError} for inputs that are not rank 4.
 * @example globalMaxPooling2d().call(zeros([8, 7, 7, 64])).shape; // [8, 64]
 */
export class GlobalMaxPooling2D extends GlobalPooling2D {
  static override readonly className: string = 'GlobalMaxPooling2D';
  protected forward(x: Tensor): Tensor {
    return max(x, [1, 2], this.keepDims);
  }
}

/**
 * A `GlobalAveragePooling2D` layer: the mean over height and width, `[N, H, W, C]` → `[N, C]`
 * (`[N, 1, 1, C]` with `keepDims`).
 * @throws {ShapeError} when called on an input that is not rank 4.
 * @example
 * const x = tensor([1, 2, 3, 4, 10, 20, 30, 40], [1, 2, 2, 2]);
 * globalAveragePooling2d().call(x).toArray(); // [[11, 16.5]]
 * globalAveragePooling2d({ keepDims: true }).call(x).shape; // [1, 1, 1, 2]
 */
export function globalAveragePooling2d(options: GlobalPoolingOptions = {}): GlobalAveragePooling2D {
  return new GlobalAveragePooling2D(options);
}

/**
 * A `GlobalMaxPooling2D` layer: the maximum over height and width, `[N, H, W, C]` → `[N, C]`
 * (`[N, 1, 1, C]` with `keepDims`).
 * @throws {ShapeError} when called on an input that is not rank 4.
 * @example
 * const x = tensor([1, 2, 3, 4, 10, 20, 30, 40], [1, 2, 2, 2]);
 * globalMaxPooling2d().call(x).toArray(); // [[30, 40]]
 */
export function globalMaxPooling2d(options: GlobalPoolingOptions = {}): GlobalMaxPooling2D {
  return new GlobalMaxPooling2D(options);
}
