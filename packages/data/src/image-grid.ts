import { ShapeError, Tensor, formatShape } from '@tsgrad/tensor';
import { DataError } from './errors.js';
import { type EncodePngOptions, type RasterImage, encodePng } from './png.js';

/** Options of {@link imageGrid}. */
export interface ImageGridOptions {
  /** Tiles per row (default ⌈√N⌉); rows follow from N. */
  columns?: number;
  /** Pixels between tiles and around the grid, before scaling (default 1). */
  padding?: number;
  /** Value of the padding, on the images' own scale (default: the middle of `range`). */
  padValue?: number;
  /**
   * The values mapped to 0 and 255 (default `[0, 1]`, as `loadMnist` images); values outside are
   * clipped. `'auto'`: the minimum and maximum over all the images.
   */
  range?: readonly [number, number] | 'auto';
  /** Integer upscaling by pixel repetition, so small images are visible (default 1). */
  scale?: number;
}

/**
 * Lays a batch of images out as one 8-bit image, in rows of `columns` tiles — for looking at a
 * batch, or at originals beside reconstructions. Pair it with {@link encodePng}, or use
 * {@link imageGridPng}.
 *
 * `images` is `[N, H, W, C]` (channels-last, C = 1, 2, 3 or 4) or `[N, H, W]` (gray). Its
 * values are read synchronously (CPU-readable backends).
 *
 * @throws {ShapeError} for another rank, an empty batch or an unsupported channel count.
 * @throws {DataError} for bad options or a NaN value (naming the image and pixel).
 * @example
 * const images = rand([32, 28, 28, 1], { seed: 0 }); // or loadMnist()'s images
 * const grid = imageGrid(images, { columns: 8, scale: 2 }); // 8 × 4 tiles
 * grid.width; // 466 (8 · (28 + 1) + 1, times 2)
 * grid.height; // 234
 */
export function imageGrid(images: Tensor, options: ImageGridOptions = {}): RasterImage {
  const op = 'imageGrid';
  if (!(images instanceof Tensor))
    throw new DataError(op, `images must be a Tensor [N, H, W, C], got ${typeof images}`);
  const shape = images.shape;
  if (shape.length !== 3 && shape.length !== 4)
    throw new ShapeError(
      op,
      `images must be [N, H, W, C] or [N, H, W], got shape ${formatShape(shape)}`,
    );
  const [n, h, w] = shape;
  const c = shape.length === 4 ? shape[3] : 1;
  if (n === 0 || h === 0 || w === 0)
    throw new ShapeError(op, `images is empty: shape ${formatShape(shape)}`);
  if (c < 1 || c > 4)
    throw new ShapeError(
      op,
      `images must have 1, 2, 3 or 4 channels (last axis), got shape ${formatShape(shape)}`,
    );
  const known = ['columns', 'padding', 'padValue', 'range', 'scale'];
  for (const key of Object.keys(options))
    if (!known.includes(key))
      throw new DataError(op, `unknown option '${key}' (known options: ${known.join(', ')})`);
  const columns = options.columns ?? Math.ceil(Math.sqrt(n));
  const padding = options.padding ?? 1;
  const scale = options.scale ?? 1;
  if (!Number.isInteger(columns) || columns < 1)
    throw new DataError(op, `columns must be a positive integer, got ${columns}`);
  if (!Number.isInteger(padding) || padding < 0)
    throw new DataError(op, `padding must be an integer >= 0, got ${padding}`);
  if (!Number.isInteger(scale) || scale < 1)
    throw new DataError(op, `scale must be a positive integer, got ${scale}`);

  const src = images.dataSync();
  for (let i = 0; i < src.length; i++) {
    if (Number.isNaN(src[i])) {
      const pixel = Math.floor(i / c);
      throw new DataError(
        op,
        `image ${Math.floor(pixel / (h * w))} has NaN at row ${Math.floor((pixel % (h * w)) / w)}, column ${pixel % w}`,
      );
    }
  }
  let lo: number;
  let hi: number;
  if (options.range === 'auto') {
    lo = Number.POSITIVE_INFINITY;
    hi = Number.NEGATIVE_INFINITY;
    for (let i = 0; i < src.length; i++) {
      if (src[i] < lo) lo = src[i];
      if (src[i] > hi) hi = src[i];
    }
    if (hi === lo) hi = lo + 1; // a constant batch: everything maps to 0
  } else {
    [lo, hi] = options.range ?? [0, 1];
    if (!(Number.isFinite(lo) && Number.isFinite(hi) && hi > lo))
      throw new DataError(
        op,
        `range must be two finite numbers [low, high] with high > low, got [${lo}, ${hi}]`,
      );
  }
  const toByte = (v: number) => {
    const t = (v - lo) / (hi - lo);
    return t <= 0 ? 0 : t >= 1 ? 255 : Math.round(t * 255);
  };
  const pad = toByte(options.padValue ?? (lo + hi) / 2);

  const rows = Math.ceil(n / columns);
  const cellW = w + padding;
  const cellH = h + padding;
  const gw = columns * cellW + padding;
  const gh = rows * cellH + padding;
  const width = gw * scale;
  const height = gh * scale;
  const data = new Uint8Array(width * height * c).fill(pad);
  for (let k = 0; k < n; k++) {
    const x0 = padding + (k % columns) * cellW;
    const y0 = padding + Math.floor(k / columns) * cellH;
    for (let y = 0; y < h; y++) {
      for (let x = 0; x < w; x++) {
        const from = ((k * h + y) * w + x) * c;
        for (let sy = 0; sy < scale; sy++) {
          const rowStart = ((y0 + y) * scale + sy) * width;
          for (let sx = 0; sx < scale; sx++) {
            const to = (rowStart + (x0 + x) * scale + sx) * c;
            for (let ch = 0; ch < c; ch++) data[to + ch] = toByte(src[from + ch]);
          }
        }
      }
    }
  }
  return { width, height, channels: c as RasterImage['channels'], data };
}

/**
 * {@link imageGrid} then {@link encodePng}: a batch of images as the bytes of one PNG file.
 *
 * @throws as `imageGrid` and `encodePng`.
 * @example
 * const png = imageGridPng(rand([10, 28, 28, 1], { seed: 0 }), { columns: 10, scale: 3 });
 * png.length > 1000; // true
 * // In Node: writeFileSync('digits.png', png)
 */
export function imageGridPng(
  images: Tensor,
  options: ImageGridOptions & EncodePngOptions = {},
): Uint8Array {
  const { level, ...grid } = options;
  return encodePng(imageGrid(images, grid), level === undefined ? {} : { level });
}
