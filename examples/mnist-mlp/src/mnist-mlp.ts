import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  type History,
  type Model,
  argmax,
  callbacks,
  data,
  layers,
  metrics,
  optim,
  registerWasmBackend,
  renderTrainingReport,
  sequential,
  setBackend,
} from 'tsgrad';

/** Options of {@link trainMnistMlp}. */
export interface MnistMlpOptions {
  /** Training images to use (the first N of 60,000); 10% of them are held out for validation. */
  trainSize: number;
  testSize: number;
  epochs: number;
  batchSize: number;
  learningRate: number;
  /** Early stopping: epochs without a better val_loss before stopping. */
  patience: number;
  seed: number;
  /** Where the checkpoint, the final model, the CSV log and the report go. */
  outDir: string;
  /** 'wasm' (WebAssembly SIMD kernels) or 'cpu' (the TypeScript reference). */
  backend: 'wasm' | 'cpu';
  /** fit's progress output: 0 silent, 1 progress bar, 2 a line per epoch. */
  verbose: 0 | 1 | 2;
}

/** What {@link trainMnistMlp} returns. */
export interface MnistMlpResult {
  model: Model;
  history: History;
  testLoss: number;
  testAccuracy: number;
  /** The epoch (1-based) whose weights early stopping kept. */
  bestEpoch: number;
  confusionMatrix: number[][];
  /** scikit-learn style per-class table and accuracy. */
  reportText: string;
  trainSeconds: number;
  files: { checkpoint: string; model: string; csv: string; report: string };
}

/**
 * The Keras MNIST MLP, trained with `fit`: Flatten → Dense(128, relu) → Dense(64, relu) →
 * Dense(10), sparse categorical cross-entropy from logits, Adam; 10% of the training images
 * held out for validation; early stopping on val_loss (restoring the best weights), a best-only
 * checkpoint and a CSV log per epoch; then test accuracy, the classification report, the
 * confusion matrix and an HTML report.
 */
export async function trainMnistMlp(o: MnistMlpOptions): Promise<MnistMlpResult> {
  if (o.backend === 'wasm') setBackend(registerWasmBackend());
  else setBackend('cpu');
  const { train, test } = await data.loadMnist({ trainLimit: o.trainSize, testLimit: o.testSize });

  const model = sequential([
    layers.flatten({ inputShape: [28, 28, 1] }),
    layers.dense({ units: 128, activation: 'relu', seed: o.seed }),
    layers.dense({ units: 64, activation: 'relu', seed: o.seed + 1 }),
    layers.dense({ units: 10, seed: o.seed + 2 }),
  ]);
  model.compile({
    optimizer: optim.adam({ learningRate: o.learningRate }),
    loss: { name: 'sparseCategoricalCrossentropy', options: { fromLogits: true } },
    metrics: ['accuracy'],
  });

  await mkdir(o.outDir, { recursive: true });
  const files = {
    checkpoint: join(o.outDir, 'best'),
    model: join(o.outDir, 'model'),
    csv: join(o.outDir, 'training.csv'),
    report: join(o.outDir, 'report.html'),
  };
  const stopper = callbacks.earlyStopping({
    monitor: 'val_loss',
    patience: o.patience,
    restoreBestWeights: true,
  });
  const t0 = performance.now();
  const history = await model.fit(train.images, train.labels, {
    epochs: o.epochs,
    batchSize: o.batchSize,
    validationSplit: 0.1,
    seed: o.seed,
    verbose: o.verbose,
    callbacks: [
      stopper,
      callbacks.modelCheckpoint(files.checkpoint, { monitor: 'val_loss', saveBestOnly: true }),
      callbacks.csvLogger(files.csv),
    ],
  });
  const trainSeconds = (performance.now() - t0) / 1000;

  const evaluation = await model.evaluate(test.images, test.labels, { batchSize: 1000 });
  const predicted = Array.from(
    argmax(model.predict(test.images, { batchSize: 1000 }), -1).dataSync(),
  );
  const truth = Array.from(test.labels.dataSync());
  const names = Array.from({ length: 10 }, (_, i) => String(i));
  const cm = metrics.confusionMatrix(truth, predicted, { numClasses: 10 }) as number[][];
  const report = metrics.classificationReport(truth, predicted, {
    numClasses: 10,
    targetNames: names,
  });
  await model.save(files.model);
  const valLoss = history.history.val_loss;
  const bestEpoch = valLoss.indexOf(Math.min(...valLoss)) + 1;
  await writeFile(
    files.report,
    renderTrainingReport({
      title: 'tsgrad example — MNIST MLP',
      history: history.history,
      evaluation: { 'test loss': evaluation.loss, 'test accuracy': evaluation.accuracy },
      confusionMatrix: cm,
      labels: names,
      classificationReport: report.classes.map((c) => ({
        label: c.name,
        precision: c.precision,
        recall: c.recall,
        f1: c.f1,
        support: c.support,
      })),
      details: {
        model: 'Flatten → Dense(128, relu) → Dense(64, relu) → Dense(10)',
        optimizer: `Adam (learning rate ${o.learningRate})`,
        'batch size': o.batchSize,
        epochs: `${history.epoch.length} (best: ${bestEpoch})`,
        'training images': `${Math.round(o.trainSize * 0.9)} (+ ${o.trainSize - Math.round(o.trainSize * 0.9)} for validation)`,
        'training time': `${trainSeconds.toFixed(1)} s`,
        backend: o.backend,
        seed: o.seed,
      },
    }),
  );
  return {
    model,
    history,
    testLoss: evaluation.loss,
    testAccuracy: evaluation.accuracy,
    bestEpoch,
    confusionMatrix: cm,
    reportText: metrics.formatClassificationReport(report, { digits: 4 }),
    trainSeconds,
    files,
  };
}
