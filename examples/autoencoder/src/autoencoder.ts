import '@tsgrad/autograd';
import { noGrad } from '@tsgrad/autograd';
import { Dataset, imageGridPng, loadMnist } from '@tsgrad/data';
import { type Sequential, dense, flatten, reshape, sequential } from '@tsgrad/layers';
import { binaryCrossentropy } from '@tsgrad/losses';
import { adam } from '@tsgrad/optim';
import {
  type Tensor,
  broadcastTo,
  concat,
  mean,
  scope,
  sigmoid,
  slice,
  square,
  sub,
} from '@tsgrad/tensor';

/** Options of {@link trainAutoencoder}. */
export interface AutoencoderOptions {
  trainSize: number;
  testSize: number;
  epochs: number;
  batchSize: number;
  learningRate: number;
  /** Size of the bottleneck code. */
  codeSize: number;
  seed: number;
  /** How many test digits to draw (originals in the top row, reconstructions below). */
  show: number;
  onEpoch?: (epoch: number, trainLoss: number, testMse: number) => void;
}

/** What {@link trainAutoencoder} returns. */
export interface AutoencoderResult {
  /** Pixel mean squared error of the reconstructions on the test images. */
  testMse: number;
  /** The same for a baseline that outputs the mean training image for every input. */
  meanImageMse: number;
  /** The PNG: `show` test digits above their reconstructions. */
  png: Uint8Array;
  /** The digits drawn, `[show, 28, 28, 1]`, and their reconstructions. */
  originals: Tensor;
  reconstructions: Tensor;
  model: Sequential;
}

/** Encoder 784 → 128 → code, decoder code → 128 → 784 logits, as one Sequential. */
export function buildAutoencoder(codeSize: number, seed: number): Sequential {
  return sequential([
    flatten({ inputShape: [28, 28, 1] }),
    dense({ units: 128, activation: 'relu', seed }),
    dense({ units: codeSize, activation: 'relu', seed: seed + 1 }),
    dense({ units: 128, activation: 'relu', seed: seed + 2 }),
    dense({ units: 784, seed: seed + 3 }),
    reshape({ targetShape: [28, 28, 1] }),
  ]);
}

const bce = binaryCrossentropy.with({ fromLogits: true });

/**
 * Trains the autoencoder on MNIST to reproduce its input through a `codeSize` bottleneck
 * (per-pixel binary cross-entropy from logits, Adam), then draws test digits above their
 * reconstructions.
 */
export async function trainAutoencoder(o: AutoencoderOptions): Promise<AutoencoderResult> {
  const { train, test } = await loadMnist({ trainLimit: o.trainSize, testLimit: o.testSize });
  const model = buildAutoencoder(o.codeSize, o.seed);
  const params = model.trainableParameters();
  const opt = adam({ learningRate: o.learningRate });
  const batches = Dataset.fromTensors(train.images)
    .shuffle({ seed: o.seed + 1 })
    .batch(o.batchSize);
  const reconstruct = (x: Tensor) => noGrad(() => sigmoid(model.call(x)));
  const testMse = () =>
    scope(() => mean(square(sub(reconstruct(test.images), test.images))).item());

  for (let epoch = 1; epoch <= o.epochs; epoch++) {
    let total = 0;
    let count = 0;
    for (const x of batches) {
      total +=
        scope(() => {
          const loss = bce(x, model.call(x, { training: true }));
          loss.backward();
          opt.step(params);
          opt.zeroGrad(params);
          return loss.item();
        }) * x.shape[0];
      count += x.shape[0];
    }
    o.onEpoch?.(epoch, total / count, testMse());
  }

  const meanImage = mean(train.images, 0, true); // [1, 28, 28, 1]
  const meanImageMse = mean(
    square(sub(broadcastTo(meanImage, test.images.shape), test.images)),
  ).item();
  const originals = slice(test.images, [0, 0, 0, 0], [o.show, 28, 28, 1]);
  const reconstructions = reconstruct(originals);
  const png = imageGridPng(concat([originals, reconstructions], 0), {
    columns: o.show,
    padding: 2,
    scale: 3,
  });
  return { testMse: testMse(), meanImageMse, png, originals, reconstructions, model };
}
