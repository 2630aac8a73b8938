import { type Tensor, tensor } from '@tsgrad/tensor';
import { DataError } from './errors.js';
import { type IdxData, parseIdx } from './idx.js';

/**
 * The standard names of the four MNIST / Fashion-MNIST files (each may also end in `.gz`): what
 * `loadMnist({ dir })` and `loadFashionMnist` look for.
 * @example
 * MNIST_FILES.trainImages; // 'train-images-idx3-ubyte'
 * MNIST_FILES.testLabels; // 't10k-labels-idx1-ubyte'
 */
export const MNIST_FILES = {
  trainImages: 'train-images-idx3-ubyte',
  trainLabels: 'train-labels-idx1-ubyte',
  testImages: 't10k-images-idx3-ubyte',
  testLabels: 't10k-labels-idx1-ubyte',
} as const;

/** One split: images `[N, H, W, 1]` and int32 labels `[N]`. */
export interface MnistSplit {
  images: Tensor;
  labels: Tensor;
}

/** What the MNIST loaders return. */
export interface Mnist {
  train: MnistSplit;
  test: MnistSplit;
}

/** How images are converted and how much is read. */
export interface MnistOptions {
  /**
   * Scale pixels to [0, 1] (default true). With `false`, float32 images keep the raw 0..255
   * values.
   */
  normalize?: boolean;
  /**
   * `'float32'` (default) or `'int32'`: raw 0..255 integers (then `normalize` must not be true).
   */
  dtype?: 'float32' | 'int32';
  /** Take only the first `limit` samples of both splits. */
  limit?: number;
  /** Take only the first N training samples (overrides `limit`). */
  trainLimit?: number;
  /** Take only the first N test samples (overrides `limit`). */
  testLimit?: number;
  /** Check each file's size against its header (default true). */
  validate?: boolean;
  /** The number of classes labels must lie in (default 10: labels 0..9). */
  numClasses?: number;
}

/** The four files' bytes, raw or gzip-compressed. */
export interface MnistBuffers {
  trainImages: Uint8Array | ArrayBuffer;
  trainLabels: Uint8Array | ArrayBuffer;
  testImages: Uint8Array | ArrayBuffer;
  testLabels: Uint8Array | ArrayBuffer;
}

function checkLimit(op: string, name: string, v: number | undefined): void {
  if (v !== undefined && !(Number.isInteger(v) && v >= 0)) {
    throw new DataError(op, `${name} must be an integer >= 0, got ${v}`);
  }
}

const SCALE = (() => {
  const t = new Float32Array(256);
  for (let i = 0; i < 256; i++) t[i] = i / 255;
  return t;
})();

function toImages(op: string, name: string, idx: IdxData, opts: MnistOptions): Tensor {
  if (idx.dtype !== 'uint8' || idx.shape.length !== 3) {
    throw new DataError(
      op,
      `${name} should hold uint8 images [N, H, W], got ${idx.dtype} [${idx.shape.join(',')}]`,
    );
  }
  const shape = [...idx.shape, 1];
  const src = idx.data as Uint8Array;
  if (opts.dtype === 'int32') return tensor(Int32Array.from(src), shape, 'int32');
  const out = new Float32Array(src.length);
  if (opts.normalize ?? true) for (let i = 0; i < src.length; i++) out[i] = SCALE[src[i]];
  else for (let i = 0; i < src.length; i++) out[i] = src[i];
  return tensor(out, shape, 'float32');
}

function toLabels(op: string, name: string, idx: IdxData, numClasses: number): Tensor {
  if (idx.dtype !== 'uint8' || idx.shape.length !== 1) {
    throw new DataError(
      op,
      `${name} should hold uint8 labels [N], got ${idx.dtype} [${idx.shape.join(',')}]`,
    );
  }
  const src = idx.data as Uint8Array;
  for (let i = 0; i < src.length; i++) {
    if (src[i] >= numClasses) {
      throw new DataError(
        op,
        `${name} is corrupt: label ${src[i]} at index ${i} is outside 0..${numClasses - 1}`,
      );
    }
  }
  return tensor(Int32Array.from(src), [src.length], 'int32');
}

/** @internal Parses one split's two files, checking that their counts agree. */
export function parseSplit(
  op: string,
  files: { images: Uint8Array | ArrayBuffer; labels: Uint8Array | ArrayBuffer },
  names: { images: string; labels: string },
  limit: number | undefined,
  opts: MnistOptions,
): MnistSplit {
  const validate = opts.validate ?? true;
  const images = parseIdx(files.images, { op, name: names.images, limit, validate });
  const labels = parseIdx(files.labels, { op, name: names.labels, limit, validate });
  if (images.shape[0] !== labels.shape[0]) {
    throw new DataError(
      op,
      `${names.images} has ${images.shape[0]} images but ${names.labels} has ${labels.shape[0]} labels`,
    );
  }
  return {
    images: toImages(op, names.images, images, opts),
    labels: toLabels(op, names.labels, labels, opts.numClasses ?? 10),
  };
}

/** @internal Validates the options shared by every MNIST loader. */
export function checkMnistOptions(op: string, opts: MnistOptions): void {
  checkLimit(op, 'limit', opts.limit);
  checkLimit(op, 'trainLimit', opts.trainLimit);
  checkLimit(op, 'testLimit', opts.testLimit);
  if (opts.dtype !== undefined && opts.dtype !== 'float32' && opts.dtype !== 'int32') {
    throw new DataError(
      op,
      `dtype must be 'float32' or 'int32', got ${JSON.stringify(opts.dtype)}`,
    );
  }
  if (opts.dtype === 'int32' && opts.normalize === true) {
    throw new DataError(
      op,
      `dtype 'int32' gives raw 0..255 pixels and cannot be combined with normalize: true`,
    );
  }
  const k = opts.numClasses;
  if (k !== undefined && !(Number.isInteger(k) && k >= 1 && k <= 256)) {
    throw new DataError(op, `numClasses must be an integer in 1..256, got ${k}`);
  }
}

/** @internal */
export function mnistFromBuffersAs(
  op: string,
  buffers: MnistBuffers,
  opts: MnistOptions,
  names = MNIST_FILES,
): Mnist {
  checkMnistOptions(op, opts);
  for (const key of Object.keys(MNIST_FILES) as (keyof MnistBuffers)[]) {
    const b = buffers?.[key];
    if (!(b instanceof Uint8Array || b instanceof ArrayBuffer)) {
      throw new DataError(
        op,
        `${key} must be a Uint8Array or an ArrayBuffer, got ${b === null ? 'null' : typeof b}`,
      );
    }
  }
  return {
    train: parseSplit(
      op,
      { images: buffers.trainImages, labels: buffers.trainLabels },
      { images: names.trainImages, labels: names.trainLabels },
      opts.trainLimit ?? opts.limit,
      opts,
    ),
    test: parseSplit(
      op,
      { images: buffers.testImages, labels: buffers.testLabels },
      { images: names.testImages, labels: names.testLabels },
      opts.testLimit ?? opts.limit,
      opts,
    ),
  };
}

/**
 * MNIST (or Fashion-MNIST) from the four IDX files' bytes, raw or gzip-compressed — the
 * browser-friendly loader: fetch the files yourself and pass their bytes.
 *
 * Images come out as float32 `[N, 28, 28, 1]` in [0, 1] (`normalize: false`: 0..255 floats;
 * `dtype: 'int32'`: 0..255 integers), labels as int32 `[N]`.
 *
 * @throws {DataError} for a malformed, truncated or corrupt file, image and label counts that
 *   differ, or a label outside 0..9.
 * @example
 * const get = async (f: string) => new Uint8Array(await (await fetch(`/mnist/${f}.gz`)).arrayBuffer());
 * const mnist = mnistFromBuffers({
 *   trainImages: await get('train-images-idx3-ubyte'), trainLabels: await get('train-labels-idx1-ubyte'),
 *   testImages: await get('t10k-images-idx3-ubyte'), testLabels: await get('t10k-labels-idx1-ubyte'),
 * }, { trainLimit: 10000 });
 * mnist.train.images.shape; // [10000, 28, 28, 1]
 */
export function mnistFromBuffers(buffers: MnistBuffers, opts: MnistOptions = {}): Mnist {
  return mnistFromBuffersAs('mnistFromBuffers', buffers, opts);
}
