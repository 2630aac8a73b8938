import {
  ShapeError,
  type Tensor,
  ValueError,
  add,
  cast,
  div,
  formatShape,
  isFloat,
  mul,
  sub,
  tensor,
} from '@tsgrad/tensor';

/** Options of {@link normalizeImages}. */
export interface NormalizeImagesOptions {
  /** Multiply pixels by this first (default `1/255` without mean/std, `1` with them). */
  scale?: number;
  /** Subtracted per channel after scaling (length C). */
  mean?: readonly number[];
  /** Divides per channel after subtracting the mean (length C, each > 0). */
  std?: readonly number[];
  /** Added at the end (default 0); e.g. `{ scale: 2 / 255, offset: -1 }` maps 0..255 to [-1, 1]. */
  offset?: number;
}

/**
 * Normalizes channels-last images `[N, H, W, C]` (or one image `[H, W, C]`):
 * `(x * scale - mean[c]) / std[c] + offset`. Without options it scales 0..255 pixels to [0, 1].
 * Built from tensor ops, so it runs on any backend; the result is float (int32 input becomes
 * float32).
 *
 * @throws {ShapeError} for a rank other than 3 or 4, or mean/std whose length is not C.
 * @throws {ValueError} for a non-finite scale or a std that is not > 0.
 * @example
 * normalizeImages(images);                                          // x / 255
 * normalizeImages(images, { scale: 1 / 255, mean: [0.1307], std: [0.3081] }); // MNIST standardization
 */
export function normalizeImages(x: Tensor, opts: NormalizeImagesOptions = {}): Tensor {
  const op = 'normalizeImages';
  if (x.rank !== 4 && x.rank !== 3) {
    throw new ShapeError(
      op,
      `expected images [N, H, W, C] (or one image [H, W, C]), got shape ${formatShape(x.shape)}`,
    );
  }
  const c = x.shape[x.rank - 1];
  const perChannel = opts.mean !== undefined || opts.std !== undefined;
  const scale = opts.scale ?? (perChannel ? 1 : 1 / 255);
  if (!Number.isFinite(scale))
    throw new ValueError(op, `scale must be a finite number, got ${scale}`);
  const dtype = x.dtype === 'float64' ? 'float64' : 'float32';
  const channels = (name: string, v: readonly number[] | undefined) => {
    if (v === undefined) return undefined;
    if (!Array.isArray(v) || v.length !== c) {
      throw new ShapeError(
        op,
        `${name} needs one value per channel (${c} for shape ${formatShape(x.shape)}), got ${Array.isArray(v) ? v.length : typeof v}`,
      );
    }
    return tensor(v as number[], [c], dtype);
  };
  if (opts.std?.some((s) => !(s > 0 && Number.isFinite(s)))) {
    throw new ValueError(op, `std values must be finite and > 0, got [${opts.std.join(', ')}]`);
  }
  const mean = channels('mean', opts.mean);
  const std = channels('std', opts.std);
  let y = isFloat(x.dtype) ? x : cast(x, 'float32');
  if (scale !== 1) y = mul(y, scale);
  if (mean) y = sub(y, mean);
  if (std) y = div(y, std);
  if (opts.offset) y = add(y, opts.offset);
  return y;
}
