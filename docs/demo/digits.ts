import { type Mnist, mnistFromBuffers } from '@tsgrad/data';
import { reshape, type Tensor } from '@tsgrad/tensor';

/** The demo's digits: flat `[N, 784]` float32 images in [0, 1] and int32 labels `[N]`. */
export interface Digits {
  xTrain: Tensor;
  yTrain: Tensor;
  xTest: Tensor;
  yTest: Tensor;
  /** Test labels on the host, for the confusion matrix. */
  testLabels: Int32Array;
}

const FILES = {
  trainImages: 'train-images-idx3-ubyte.gz',
  trainLabels: 'train-labels-idx1-ubyte.gz',
  testImages: 't10k-images-idx3-ubyte.gz',
  testLabels: 't10k-labels-idx1-ubyte.gz',
} as const;

/**
 * Fetches the four gzipped IDX files the docs build bundles (a subset of MNIST) and parses
 * them with `mnistFromBuffers`, on whichever backend is current.
 */
export async function loadDigits(baseUrl: string): Promise<Digits> {
  const entries = await Promise.all(
    Object.entries(FILES).map(async ([key, file]) => {
      const res = await fetch(`${baseUrl}${file}`);
      if (!res.ok) throw new Error(`could not fetch ${file}: HTTP ${res.status}`);
      return [key, new Uint8Array(await res.arrayBuffer())] as const;
    }),
  );
  const mnist: Mnist = mnistFromBuffers(
    Object.fromEntries(entries) as Record<keyof typeof FILES, Uint8Array>,
  );
  const flat = (x: Tensor) => reshape(x, [x.shape[0], 784]);
  return {
    xTrain: flat(mnist.train.images),
    yTrain: mnist.train.labels,
    xTest: flat(mnist.test.images),
    yTest: mnist.test.labels,
    testLabels: Int32Array.from(await mnist.test.labels.data()),
  };
}
