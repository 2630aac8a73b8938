import { argmax } from '@tsgrad/tensor';
import { loadModel } from '../io/save-model.js';
import { closeCliBackend, useCliBackend } from './backend.js';
import { summarizeClassification } from './classification-summary.js';
import { loadCliMnist, mnistClassNames } from './train-mnist.js';

export interface EvaluateModelOptions {
  dataset?: 'mnist' | 'fashion-mnist';
  dataDir?: string;
  testLimit?: number;
  backend: string;
  threads?: number;
  batchSize?: number;
  print?: (line: string) => void;
}

/**
 * `tsgrad evaluate DIR`: loads a saved model and prints its test-set accuracy, the per-class
 * precision / recall / F1 and the confusion matrix.
 */
export async function evaluateModel(
  dir: string,
  o: EvaluateModelOptions,
): Promise<{ accuracy: number; loss: number | undefined }> {
  const print = o.print ?? ((line: string) => console.log(line));
  const backend = useCliBackend(o.backend, o.threads ?? 1);
  try {
    const model = await loadModel(dir);
    // Only the test split is needed: load a single training image.
    const mnist = await loadCliMnist({ ...o, trainLimit: 1 });
    const { images, labels } = mnist.test;
    const batchSize = o.batchSize ?? 500;
    const logits = model.predict(images, { batchSize });
    const predicted = Array.from(argmax(logits, -1).dataSync());
    const truth = Array.from(labels.dataSync());
    const summary = summarizeClassification(truth, predicted, mnistClassNames(o.dataset));
    let loss: number | undefined;
    if (model.compileOptions) loss = (await model.evaluate(images, labels, { batchSize })).loss;
    print(`Model ${dir} on ${truth.length} test images (backend ${backend})`);
    print(
      `Test accuracy: ${(summary.accuracy * 100).toFixed(2)}%${loss === undefined ? '' : ` (loss ${loss.toFixed(4)})`}\n`,
    );
    print(summary.text);
    return { accuracy: summary.accuracy, loss };
  } finally {
    await closeCliBackend();
  }
}

/** `tsgrad summary DIR`: the saved model's layers, output shapes and parameter counts. */
export async function summarizeModel(
  dir: string,
  print: (line: string) => void = (l) => console.log(l),
): Promise<void> {
  const model = await loadModel(dir);
  print(model.summary());
  print(`Epochs trained: ${model.epochsTrained}`);
}
