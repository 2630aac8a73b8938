import {
  type Tensor,
  argmax,
  data,
  gather,
  layers,
  metrics,
  optim,
  registerWasmBackend,
  sequential,
  setBackend,
  tensor,
} from 'tsgrad';

/** Options of {@link compareWeighting}. */
export interface ImbalanceOptions {
  /** Training images kept per majority class (digits 0–4). */
  majority: number;
  /** Training images kept per minority class (digits 5–9). */
  minority: number;
  /** Test images (balanced: the first N of the 10,000). */
  testSize: number;
  epochs: number;
  batchSize: number;
  learningRate: number;
  seed: number;
  backend: 'wasm' | 'cpu';
}

/** How one model did on the (balanced) test set. */
export interface ModelScores {
  accuracy: number;
  /** Recall of each digit 0..9. */
  recall: number[];
  /** Mean recall over the classes (balanced accuracy). */
  macroRecall: number;
  macroF1: number;
  confusionMatrix: number[][];
}

/** What {@link compareWeighting} returns. */
export interface ImbalanceResult {
  /** Training images per digit. */
  counts: number[];
  /** The 'balanced' class weights used by the weighted model. */
  classWeights: number[];
  plain: ModelScores;
  weighted: ModelScores;
}

/** The first `majority` (digits 0–4) or `minority` (digits 5–9) training images of each digit. */
export function imbalancedSubset(
  images: Tensor,
  labels: Tensor,
  majority: number,
  minority: number,
): { x: Tensor; y: Tensor; counts: number[] } {
  const y = labels.dataSync();
  const counts = new Array(10).fill(0);
  const keep: number[] = [];
  for (let i = 0; i < y.length; i++) {
    const want = y[i] < 5 ? majority : minority;
    if (counts[y[i]] < want) {
      counts[y[i]]++;
      keep.push(i);
    }
  }
  const idx = tensor(keep, [keep.length], 'int32');
  return { x: gather(images, idx, 0), y: gather(labels, idx, 0), counts };
}

function score(truth: number[], predicted: number[]): ModelScores {
  const recall = metrics.recall(truth, predicted, { average: 'none', numClasses: 10 }) as number[];
  return {
    accuracy: metrics.accuracy(truth, predicted),
    recall,
    macroRecall: recall.reduce((a, b) => a + b, 0) / recall.length,
    macroF1: metrics.f1(truth, predicted, { average: 'macro', numClasses: 10 }) as number,
    confusionMatrix: metrics.confusionMatrix(truth, predicted, { numClasses: 10 }) as number[][],
  };
}

/**
 * Trains the same MLP twice on a subset of MNIST where digits 5–9 are rare — once with the
 * plain loss, once with `fit`'s `classWeight` set to scikit-learn's 'balanced' weights
 * (`computeClassWeights` from `@tsgrad/data`) — and scores both on the balanced test set.
 */
export async function compareWeighting(o: ImbalanceOptions): Promise<ImbalanceResult> {
  if (o.backend === 'wasm') setBackend(registerWasmBackend());
  else setBackend('cpu');
  const { train, test } = await data.loadMnist({ testLimit: o.testSize });
  const sub = imbalancedSubset(train.images, train.labels, o.majority, o.minority);
  const classWeights = data.computeClassWeights(sub.y, 'balanced');
  const truth = Array.from(test.labels.dataSync());

  const run = async (classWeight?: number[]) => {
    const model = sequential([
      layers.flatten({ inputShape: [28, 28, 1] }),
      layers.dense({ units: 128, activation: 'relu', seed: o.seed }),
      layers.dense({ units: 10, seed: o.seed + 1 }),
    ]);
    model.compile({
      optimizer: optim.adam({ learningRate: o.learningRate }),
      loss: { name: 'sparseCategoricalCrossentropy', options: { fromLogits: true } },
    });
    await model.fit(sub.x, sub.y, {
      epochs: o.epochs,
      batchSize: o.batchSize,
      seed: o.seed,
      verbose: 0,
      ...(classWeight ? { classWeight } : {}),
    });
    const predicted = Array.from(
      argmax(model.predict(test.images, { batchSize: 1000 }), -1).dataSync(),
    );
    return score(truth, predicted);
  };
  const plain = await run();
  const weighted = await run(classWeights);
  return { counts: sub.counts, classWeights, plain, weighted };
}
