import {
  DTypeError,
  Generator,
  ShapeError,
  Tensor,
  ValueError,
  defaultGenerator,
  formatShape,
  isFloat,
  tensor,
} from '@tsgrad/tensor';

/** Where the random numbers of an augmentation come from. */
export interface AugmentRandomOptions {
  /** A seed: the same seed and input give the same output. */
  seed?: number;
  /** A generator to draw from (successive calls then differ, reproducibly). Default: the global one. */
  generator?: Generator;
}

/** How pixels are resampled. */
export interface AugmentSamplingOptions {
  /** `'constant'` (default): outside pixels are `fillValue`; `'nearest'`: the nearest edge pixel. */
  fill?: 'constant' | 'nearest';
  /** The value of outside pixels with `fill: 'constant'` (default 0). */
  fillValue?: number;
  /** `'bilinear'` (default) or `'nearest'`. */
  interpolation?: 'bilinear' | 'nearest';
}

/** Options of {@link augment}; every range defaults to 0 (off). */
export interface AugmentOptions extends AugmentRandomOptions, AugmentSamplingOptions {
  /** Largest shift as a fraction of the height and width, `f` or `[fh, fw]` in [0, 1]: shifts are uniform in ±f·size pixels. */
  shift?: number | readonly [number, number];
  /** Largest rotation in degrees: angles are uniform in ±rotation. */
  rotation?: number;
  /** Largest zoom: scales are uniform in [1 − zoom, 1 + zoom] (> 1 enlarges the content). */
  zoom?: number;
  /** Flip at random (probability ½ per image and axis): `'horizontal'` (left–right), `'vertical'`, `'both'`, or `true` (= horizontal). */
  flip?: 'horizontal' | 'vertical' | 'both' | 'none' | boolean;
  /** Standard deviation of Gaussian noise added to every value (after the geometric transform). */
  noise?: number;
}

function checkRange(op: string, name: string, v: number, max = Infinity): void {
  if (!(Number.isFinite(v) && v >= 0 && v <= max)) {
    throw new ValueError(
      op,
      `${name} must be a number in [0, ${max === Infinity ? '∞' : max}], got ${v}`,
    );
  }
}

/**
 * Random augmentation of a batch of channels-last images `[N, H, W, C]` (or one image
 * `[H, W, C]`): per image, a random shift, rotation, zoom and flip combined into one affine
 * transform about the image centre and resampled once (bilinear, zero fill by default), then
 * Gaussian noise. Each image draws its own parameters; a seed makes it deterministic, and with
 * every range 0 the result equals the input.
 *
 * @returns A new tensor of the same shape and dtype.
 * @throws {ShapeError} for a rank other than 3 or 4; {DTypeError} for non-float images;
 *   {ValueError} for negative ranges, shift above 1 or zoom of 1 or more.
 * @example
 * const xAug = augment(xBatch, { shift: 0.1, rotation: 10, zoom: 0.1, seed: 7 });
 * // a fresh draw per batch, reproducible: pass one generator along
 * const g = new Generator(0);
 * ds.map(({ x, y }) => ({ x: augment(x, { rotation: 15, generator: g }), y }));
 */
export function augment(x: Tensor, opts: AugmentOptions = {}, op = 'augment'): Tensor {
  if (!(x instanceof Tensor))
    throw new ValueError(op, `expected a Tensor of images, got ${typeof x}`);
  if (x.rank !== 4 && x.rank !== 3) {
    throw new ShapeError(
      op,
      `expected images [N, H, W, C] (or one image [H, W, C]), got shape ${formatShape(x.shape)}`,
    );
  }
  if (!isFloat(x.dtype))
    throw new DTypeError(
      op,
      `expected float images, got ${x.dtype}; cast them or load them normalized`,
    );
  const [fh, fw] =
    typeof opts.shift === 'number' || opts.shift === undefined
      ? [opts.shift ?? 0, opts.shift ?? 0]
      : opts.shift;
  checkRange(op, 'shift', fh, 1);
  checkRange(op, 'shift', fw, 1);
  const rotation = opts.rotation ?? 0;
  checkRange(op, 'rotation', rotation, 360);
  const zoom = opts.zoom ?? 0;
  if (!(Number.isFinite(zoom) && zoom >= 0 && zoom < 1))
    throw new ValueError(op, `zoom must be a number in [0, 1), got ${zoom}`);
  const noise = opts.noise ?? 0;
  checkRange(op, 'noise', noise);
  const flip =
    opts.flip === true
      ? 'horizontal'
      : opts.flip === false || opts.flip === undefined
        ? 'none'
        : opts.flip;
  if (!['horizontal', 'vertical', 'both', 'none'].includes(flip)) {
    throw new ValueError(
      op,
      `flip must be 'horizontal', 'vertical', 'both' or 'none', got ${JSON.stringify(opts.flip)}`,
    );
  }
  const fill = opts.fill ?? 'constant';
  if (fill !== 'constant' && fill !== 'nearest')
    throw new ValueError(op, `fill must be 'constant' or 'nearest', got ${JSON.stringify(fill)}`);
  const fillValue = opts.fillValue ?? 0;
  const interpolation = opts.interpolation ?? 'bilinear';
  if (interpolation !== 'bilinear' && interpolation !== 'nearest') {
    throw new ValueError(
      op,
      `interpolation must be 'bilinear' or 'nearest', got ${JSON.stringify(interpolation)}`,
    );
  }
  const g =
    opts.generator ?? (opts.seed !== undefined ? new Generator(opts.seed) : defaultGenerator());

  const [n, h, w, c] = x.rank === 4 ? x.shape : [1, ...x.shape];
  const src = x.dataSync();
  const out = new (src.constructor as Float32ArrayConstructor)(src.length);
  const plane = h * w * c;
  const cy = (h - 1) / 2;
  const cx = (w - 1) / 2;
  const sample = (base: number, yy: number, xx: number, ch: number): number => {
    if (yy < 0 || yy >= h || xx < 0 || xx >= w) {
      if (fill === 'constant') return fillValue;
      yy = Math.min(h - 1, Math.max(0, yy));
      xx = Math.min(w - 1, Math.max(0, xx));
    }
    return src[base + (yy * w + xx) * c + ch];
  };
  for (let img = 0; img < n; img++) {
    // Always six draws per image, in this order, so each parameter's stream is stable.
    const ty = (2 * g.uniform() - 1) * fh * h;
    const tx = (2 * g.uniform() - 1) * fw * w;
    const theta = (((2 * g.uniform() - 1) * rotation) / 180) * Math.PI;
    const scale = 1 + (2 * g.uniform() - 1) * zoom;
    const coinX = g.uniform();
    const coinY = g.uniform();
    const flipX = (flip === 'horizontal' || flip === 'both') && coinX < 0.5 ? -1 : 1;
    const flipY = (flip === 'vertical' || flip === 'both') && coinY < 0.5 ? -1 : 1;
    const base = img * plane;
    // Destination → source: p_src = c + F · R(−θ) · (p_dst − c − t) / s.
    const cos = Math.cos(theta) / scale;
    const sin = Math.sin(theta) / scale;
    const identity =
      tx === 0 && ty === 0 && theta === 0 && scale === 1 && flipX === 1 && flipY === 1;
    if (identity) out.set(src.subarray(base, base + plane), base);
    else {
      for (let yd = 0; yd < h; yd++) {
        for (let xd = 0; xd < w; xd++) {
          const u = xd - cx - tx;
          const v = yd - cy - ty;
          const xs = cx + flipX * (cos * u + sin * v);
          const ys = cy + flipY * (-sin * u + cos * v);
          const o = base + (yd * w + xd) * c;
          if (interpolation === 'nearest') {
            const xi = Math.round(xs);
            const yi = Math.round(ys);
            for (let ch = 0; ch < c; ch++) out[o + ch] = sample(base, yi, xi, ch);
            continue;
          }
          const x0 = Math.floor(xs);
          const y0 = Math.floor(ys);
          const ax = xs - x0;
          const ay = ys - y0;
          for (let ch = 0; ch < c; ch++) {
            const top = sample(base, y0, x0, ch) * (1 - ax) + sample(base, y0, x0 + 1, ch) * ax;
            const bottom =
              sample(base, y0 + 1, x0, ch) * (1 - ax) + sample(base, y0 + 1, x0 + 1, ch) * ax;
            out[o + ch] = top * (1 - ay) + bottom * ay;
          }
        }
      }
    }
    if (noise > 0) for (let k = base; k < base + plane; k++) out[k] += noise * g.normal();
  }
  return tensor(out, x.shape, x.dtype);
}

type Common = AugmentRandomOptions & AugmentSamplingOptions;

/**
 * Shifts each image by a random fraction of its size, uniform in ±`factor` (one factor, or
 * `[height, width]`). See {@link augment}.
 * @example randomShift(x, 0.1, { seed: 0 }); // up to ±2.8 pixels on 28×28 images
 */
export function randomShift(
  x: Tensor,
  factor: number | readonly [number, number],
  opts: Common = {},
): Tensor {
  return augment(x, { ...opts, shift: factor }, 'randomShift');
}

/**
 * Rotates each image about its centre by a random angle, uniform in ±`degrees`. See {@link augment}.
 * @example randomRotation(x, 15, { seed: 0 });
 */
export function randomRotation(x: Tensor, degrees: number, opts: Common = {}): Tensor {
  return augment(x, { ...opts, rotation: degrees }, 'randomRotation');
}

/**
 * Zooms each image about its centre by a random scale, uniform in [1 − factor, 1 + factor].
 * See {@link augment}.
 * @example randomZoom(x, 0.1, { seed: 0 });
 */
export function randomZoom(x: Tensor, factor: number, opts: Common = {}): Tensor {
  return augment(x, { ...opts, zoom: factor }, 'randomZoom');
}

/**
 * Flips each image with probability ½: left–right (`'horizontal'`), top–bottom
 * (`'vertical'`), or each independently (`'both'`). See {@link augment}.
 * @example randomFlip(x, 'horizontal', { seed: 0 });
 */
export function randomFlip(
  x: Tensor,
  mode: 'horizontal' | 'vertical' | 'both' = 'horizontal',
  opts: AugmentRandomOptions = {},
): Tensor {
  return augment(x, { ...opts, flip: mode }, 'randomFlip');
}

/**
 * Adds Gaussian noise with standard deviation `std` to every value (any float tensor shape).
 * @throws {ValueError} for a negative std; {DTypeError} for non-float input.
 * @example gaussianNoise(x, 0.05, { seed: 0 });
 */
export function gaussianNoise(x: Tensor, std: number, opts: AugmentRandomOptions = {}): Tensor {
  const op = 'gaussianNoise';
  if (!(x instanceof Tensor)) throw new ValueError(op, `expected a Tensor, got ${typeof x}`);
  if (!isFloat(x.dtype)) throw new DTypeError(op, `expected a float tensor, got ${x.dtype}`);
  checkRange(op, 'std', std);
  const g =
    opts.generator ?? (opts.seed !== undefined ? new Generator(opts.seed) : defaultGenerator());
  const v = x.dataSync();
  if (std > 0) for (let k = 0; k < v.length; k++) v[k] += std * g.normal();
  return tensor(v, x.shape, x.dtype);
}
