import { join } from 'node:path';
import * as data from '@tsgrad/data';
import * as layers from '@tsgrad/layers';
import { classificationReport, confusionMatrix, formatClassificationReport } from '@tsgrad/metrics';
import * as optim from '@tsgrad/optim';
import { type Tensor, argmax, manualSeed, setBackend } from '@tsgrad/tensor';
import { csvLogger } from '../callbacks/loggers.js';
import { earlyStopping } from '../callbacks/early-stopping.js';
import { modelCheckpoint } from '../callbacks/model-checkpoint.js';
import { writeFileAtomic } from '../io/atomic-write.js';
import { renderTrainingReport } from '../report/html-report.js';
import { type Model, sequential } from '../sequential.js';

export interface MnistOptions {
  model: string;
  epochs: number;
  batchSize: number;
  lr: number;
  trainLimit?: number;
  testLimit?: number;
  validationSplit: number;
  patience: number;
  seed: number;
  dataDir?: string;
  fashion?: boolean;
  out: string;
  backend: string;
  quiet?: boolean;
}

/** The two classic MNIST models, as in the Keras and TensorFlow.js tutorials. */
export function mnistModel(kind: string, seed: number): Model {
  if (kind === 'mlp') {
    return sequential([
      layers.flatten({ inputShape: [28, 28, 1] }),
      layers.dense({ units: 128, activation: 'relu', seed }),
      layers.dense({ units: 64, activation: 'relu', seed: seed + 1 }),
      layers.dense({ units: 10, seed: seed + 2 }),
    ]);
  }
  if (kind === 'cnn') {
    return sequential([
      layers.conv2d({
        filters: 32,
        kernelSize: 3,
        activation: 'relu',
        inputShape: [28, 28, 1],
        seed,
      }),
      layers.maxPool2d({ poolSize: 2 }),
      layers.conv2d({ filters: 64, kernelSize: 3, activation: 'relu', seed: seed + 1 }),
      layers.maxPool2d({ poolSize: 2 }),
      layers.flatten(),
      layers.dense({ units: 10, seed: seed + 2 }),
    ]);
  }
  throw new Error(`unknown model '${kind}'; choose mlp or cnn`);
}

function log(quiet: boolean | undefined, msg: string): void {
  if (!quiet) console.log(msg);
}

/**
 * `tsgrad mnist`: load MNIST, train with a validation split, early stopping and checkpoints,
 * evaluate on the test set, print the confusion matrix and classification report, and write
 * the model, a CSV log and an HTML report under `out`.
 */
export async function runMnist(
  o: MnistOptions,
): Promise<{ testAccuracy: number; testLoss: number; model: Model }> {
  setBackend(o.backend);
  manualSeed(o.seed);
  const t0 = performance.now();
  const loader = o.fashion ? data.loadFashionMnist : data.loadMnist;
  const mnist = await loader({
    dir: o.dataDir,
    trainLimit: o.trainLimit,
    testLimit: o.testLimit,
  } as any);
  const { images: xTrain, labels: yTrain } = mnist.train;
  const { images: xTest, labels: yTest } = mnist.test;
  log(
    o.quiet,
    `Loaded ${o.fashion ? 'Fashion-MNIST' : 'MNIST'}: ${xTrain.shape[0]} training and ${xTest.shape[0]} test images in ${((performance.now() - t0) / 1000).toFixed(1)}s`,
  );
  const model = mnistModel(o.model, o.seed);
  model.compile({
    optimizer: optim.adam({ learningRate: o.lr }),
    loss: { name: 'sparseCategoricalCrossentropy', options: { fromLogits: true } },
    metrics: ['accuracy'],
  });
  if (!o.quiet) console.log(model.summary());
  const tFit = performance.now();
  const history = await model.fit(xTrain, yTrain, {
    epochs: o.epochs,
    batchSize: o.batchSize,
    validationSplit: o.validationSplit,
    seed: o.seed,
    verbose: o.quiet ? 0 : 1,
    callbacks: [
      earlyStopping({ monitor: 'val_loss', patience: o.patience, restoreBestWeights: true }),
      modelCheckpoint(join(o.out, 'best'), { monitor: 'val_loss', saveBestOnly: true }),
      csvLogger(join(o.out, 'training.csv')),
    ],
  });
  const fitSeconds = (performance.now() - tFit) / 1000;
  const evaluation = await model.evaluate(xTest, yTest, { batchSize: 512 });
  const logits = model.predict(xTest, { batchSize: 512 });
  const pred = Array.from(argmax(logits as Tensor, -1).dataSync());
  const truth = Array.from(yTest.dataSync());
  const labels = Array.from({ length: 10 }, (_, i) => String(i));
  const cm = confusionMatrix(truth, pred, { numClasses: 10 }) as number[][];
  const report = classificationReport(truth, pred, { numClasses: 10 });
  log(
    o.quiet,
    `\nTest set: loss ${evaluation.loss.toFixed(4)}, accuracy ${(evaluation.accuracy * 100).toFixed(2)}% (${truth.length} images)`,
  );
  log(o.quiet, `Training took ${fitSeconds.toFixed(1)}s for ${history.epoch.length} epochs`);
  log(o.quiet, `\n${formatClassificationReport(report)}`);
  await model.save(join(o.out, 'model'));
  const html = renderTrainingReport({
    title: `tsgrad ${o.fashion ? 'Fashion-MNIST' : 'MNIST'} ${o.model.toUpperCase()}`,
    history: history.history,
    evaluation,
    confusionMatrix: cm,
    labels,
    classificationReport: labels.map((label, i) => {
      const row = (report as any).perClass?.[i] ?? (report as any).classes?.[i] ?? {};
      return {
        label,
        precision: row.precision ?? Number.NaN,
        recall: row.recall ?? Number.NaN,
        f1: row.f1 ?? Number.NaN,
        support: row.support ?? 0,
      };
    }),
    details: {
      model: o.model,
      optimizer: `adam (lr ${o.lr})`,
      'batch size': o.batchSize,
      epochs: history.epoch.length,
      'training images': xTrain.shape[0],
      'training time': `${fitSeconds.toFixed(1)} s`,
      backend: o.backend,
      seed: o.seed,
    },
  });
  await writeFileAtomic(join(o.out, 'report.html'), html);
  log(
    o.quiet,
    `Saved the model to ${join(o.out, 'model')}, the report to ${join(o.out, 'report.html')}`,
  );
  return { testAccuracy: evaluation.accuracy, testLoss: evaluation.loss, model };
}
