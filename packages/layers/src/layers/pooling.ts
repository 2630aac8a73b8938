import { type Tensor, avgPool2d as avgPoolOp, maxPool2d as maxPoolOp } from '@tsgrad/tensor';
import { Layer, type LayerOptions, type LayerShape, formatLayerShape } from '../layer.js';
import { checkPadding, checkPair, convOutputLength } from './common.js';

/** Options of `MaxPool2D` and `AvgPool2D`. */
export interface Pool2DOptions extends LayerOptions {
  /** Window size: one number or `[height, width]` (default 2). */
  poolSize?: number | readonly [number, number];
  /** Step between windows (default: the pool size). */
  strides?: number | readonly [number, number];
  /** `'valid'` (default) or `'same'`. */
  padding?: 'valid' | 'same';
}

abstract class Pool2D extends Layer {
  readonly poolSize: readonly [number, number];
  readonly strides: readonly [number, number];
  readonly padding: 'valid' | 'same';

  constructor(options: Pool2DOptions = {}) {
    super(options);
    this.poolSize = checkPair(this.label, 'poolSize', options.poolSize ?? 2);
    this.strides = checkPair(this.label, 'strides', options.strides ?? this.poolSize);
    this.padding = checkPadding(this.label, options.padding);
  }

  /** Pooling computes in floating point: int32/bool inputs are cast to the layer's dtype. */
  protected override get castsIntegerInput(): boolean {
    return true;
  }

  protected override checkInput(shape: LayerShape): void {
    super.checkInput(shape);
    if (shape.length !== 4)
      throw this.shapeError(
        `expected input of rank 4 [batch, height, width, channels], got shape ${formatLayerShape(shape)}`,
      );
    for (let a = 0; a < 2; a++) {
      if (convOutputLength(shape[1 + a], this.poolSize[a], this.strides[a], this.padding) === 0) {
        throw this.shapeError(
          `input of shape ${formatLayerShape(shape)} is smaller than the pool window ${formatLayerShape(this.poolSize)} with padding 'valid'`,
        );
      }
    }
  }

  override computeOutputShape(inputShape: LayerShape): LayerShape {
    this.checkInput(inputShape);
    const [n, h, w, c] = inputShape;
    return [
      n,
      convOutputLength(h, this.poolSize[0], this.strides[0], this.padding),
      convOutputLength(w, this.poolSize[1], this.strides[1], this.padding),
      c,
    ];
  }

  protected get opOptions() {
    return { poolSize: this.poolSize, strides: this.strides, padding: this.padding };
  }

  override getConfig(): Record<string, unknown> {
    return {
      ...super.getConfig(),
      poolSize: [...this.poolSize],
      strides: [...this.strides],
      padding: this.padding,
    };
  }
}

/**
 * Max pooling over spatial windows: `[batch, height, width, channels]` →
 * `[batch, outHeight, outWidth, channels]`; the gradient goes to each window's maximum.
 * @throws {ShapeError} for inputs that are not rank 4, or smaller than the window with `'valid'`.
 * @example maxPool2d({ poolSize: 2 }).call(zeros([1, 26, 26, 32])).shape; // [1, 13, 13, 32]
 */
export class MaxPool2D extends Pool2D {
  static override readonly className: string = 'MaxPool2D';
  static readonly defaultName: string = 'max_pooling2d';
  protected forward(x: Tensor): Tensor {
    return maxPoolOp(x, this.opOptions);
  }
}

/**
 * Average pooling over spatial windows (with `'same'`, padded cells are not counted).
 * @example avgPool2d({ poolSize: 2 }).call(zeros([1, 8, 8, 3])).shape; // [1, 4, 4, 3]
 */
export class AvgPool2D extends Pool2D {
  static override readonly className: string = 'AvgPool2D';
  static readonly defaultName: string = 'average_pooling2d';
  protected forward(x: Tensor): Tensor {
    return avgPoolOp(x, this.opOptions);
  }
}

/** A `MaxPool2D` layer. @throws {ValueError} for invalid poolSize, strides or padding. @example maxPool2d({ poolSize: 2 }); */
export function maxPool2d(options: Pool2DOptions = {}): MaxPool2D {
  return new MaxPool2D(options);
}

/** An `AvgPool2D` layer. @throws {ValueError} for invalid poolSize, strides or padding. @example avgPool2d({ poolSize: [2, 2], strides: 1 }); */
export function avgPool2d(options: Pool2DOptions = {}): AvgPool2D {
  return new AvgPool2D(options);
}
