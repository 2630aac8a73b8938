import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  type History,
  type Model,
  type Tensor,
  argmax,
  callbacks,
  data,
  layers,
  metrics,
  optim,
  registerWasmBackend,
  renderTrainingReport,
  scope,
  sequential,
  setBackend,
  slice,
} from 'tsgrad';

/**
 * `evaluate` and `predict` on the test set, `chunk` images at a time, each chunk in a `scope`
 * so its tensors are freed at once. (Without the scopes, the wasm backend's heap grew past its
 * 1 GiB limit while predicting the 10,000 test images through the CNN and failed with
 * "offset is out of bounds": `predict` leaves each batch's intermediates to the garbage
 * collector.)
 */
async function evaluateInChunks(
  model: Model,
  x: Tensor,
  y: Tensor,
  chunk: number,
): Promise<{ evaluation: { loss: number; accuracy: number }; predicted: number[] }> {
  const n = x.shape[0];
  let loss = 0;
  let accuracy = 0;
  const predicted: number[] = [];
  for (let start = 0; start < n; start += chunk) {
    const m = Math.min(chunk, n - start);
    const part = await scope(async () => {
      const xs = slice(x, [start, 0, 0, 0], [m, 28, 28, 1]);
      const logs = await model.evaluate(xs, slice(y, [start], [m]), { batchSize: 250 });
      const labels = argmax(model.predict(xs, { batchSize: 250 }), -1).dataSync();
      return { loss: logs.loss, accuracy: logs.accuracy, labels: Array.from(labels) };
    });
    loss += part.loss * m;
    accuracy += part.accuracy * m;
    predicted.push(...part.labels);
  }
  return { evaluation: { loss: loss / n, accuracy: accuracy / n }, predicted };
}

/** Options of {@link trainMnistCnn}. */
export interface MnistCnnOptions {
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
  /** 'wasm' (WebAssembly SIMD kernels) or 'cpu' (the TypeScript reference, about 10× slower). */
  backend: 'wasm' | 'cpu';
  /** Worker threads for the wasm backend's large GEMMs (1: none). */
  threads: number;
  /** fit's progress output: 0 silent, 1 progress bar, 2 a line per epoch. */
  verbose: 0 | 1 | 2;
}

/** What {@link trainMnistCnn} returns. */
export interface MnistCnnResult {
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
 * The classic small MNIST CNN (Keras' `mnist_convnet`): two 3×3 convolutions with ReLU, each
 * followed by 2×2 max pooling, dropout, and a Dense(10) on the flattened features; sparse
 * categorical cross-entropy from logits, Adam, 10% of the training images held out for
 * validation, early stopping on val_loss (restoring the best weights), a best-only checkpoint,
 * a CSV log, then test accuracy, the classification report, the confusion matrix and an HTML
 * report. The WebAssembly backend runs the convolutions as SIMD GEMMs.
 */
export async function trainMnistCnn(o: MnistCnnOptions): Promise<MnistCnnResult> {
  if (o.backend === 'wasm') setBackend(registerWasmBackend({ threads: o.threads }));
  else setBackend('cpu');
  const { train, test } = await data.loadMnist({ trainLimit: o.trainSize, testLimit: o.testSize });

  const model = sequential([
    layers.conv2d({
      filters: 32,
      kernelSize: 3,
      activation: 'relu',
      inputShape: [28, 28, 1],
      seed: o.seed,
    }),
    layers.maxPool2d({ poolSize: 2 }),
    layers.conv2d({ filters: 64, kernelSize: 3, activation: 'relu', seed: o.seed + 1 }),
    layers.maxPool2d({ poolSize: 2 }),
    layers.flatten(),
    layers.dropout({ rate: 0.3, seed: o.seed + 2 }),
    layers.dense({ units: 10, seed: o.seed + 3 }),
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

  const { evaluation, predicted } = await evaluateInChunks(model, test.images, test.labels, 1000);
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
      title: 'tsgrad example — MNIST CNN',
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
        model:
          'Conv2D(32, 3×3, relu) → MaxPool(2) → Conv2D(64, 3×3, relu) → MaxPool(2) → Flatten → Dropout(0.3) → Dense(10)',
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
