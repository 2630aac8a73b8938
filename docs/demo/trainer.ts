import { noGrad } from '@tsgrad/autograd'; // also installs backward()
import { Dataset } from '@tsgrad/data';
import { dense, type Sequential, sequential } from '@tsgrad/layers';
import { sparseCategoricalCrossentropy } from '@tsgrad/losses';
import { accuracy, confusionMatrix } from '@tsgrad/metrics';
import { type Adam, adam } from '@tsgrad/optim';
import { reshape, scope, type Tensor, tensor } from '@tsgrad/tensor';
import type { Digits } from './digits';

export interface TrainerOptions {
  hidden: number;
  learningRate: number;
  batchSize: number;
  seed: number;
}

export interface Evaluation {
  loss: number;
  accuracy: number;
  /** Rows: true digit, columns: predicted digit. */
  confusion: number[][];
}

export interface BatchReport {
  epoch: number;
  batch: number;
  batchesPerEpoch: number;
  loss: number;
  /** Milliseconds the step took, including reading the loss back. */
  ms: number;
}

const lossFn = sparseCategoricalCrossentropy.with({ fromLogits: true });
const nextTurn = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

/**
 * An MLP 784 → hidden (ReLU) → 10 trained with a plain loop: forward in training mode,
 * `loss.backward()`, `opt.step(params)`, `opt.zeroGrad(params)`, each step inside a `scope`
 * so the backend's buffers stay flat, and a turn of the event loop between batches so the page
 * keeps drawing and answering clicks.
 */
export class Trainer {
  readonly model: Sequential;
  readonly opt: Adam;
  readonly batches: Dataset<{ x: Tensor; y: Tensor }>;
  readonly batchesPerEpoch: number;
  epoch = 0;
  steps = 0;

  constructor(
    readonly digits: Digits,
    readonly options: TrainerOptions,
  ) {
    this.model = sequential([
      dense({ units: options.hidden, activation: 'relu', inputShape: [784], seed: options.seed }),
      dense({ units: 10, seed: options.seed + 1 }),
    ]);
    this.opt = adam({ learningRate: options.learningRate });
    this.batches = Dataset.fromTensors(digits.xTrain, digits.yTrain)
      .shuffle({ seed: options.seed })
      .batch(options.batchSize, { dropLast: true });
    this.batchesPerEpoch = Math.floor(digits.xTrain.shape[0] / options.batchSize);
  }

  /** One epoch; `onBatch` after every step, `shouldStop` checked between steps. */
  async trainEpoch(
    onBatch: (r: BatchReport) => void | Promise<void>,
    shouldStop: () => boolean,
  ): Promise<boolean> {
    const params = this.model.trainableParameters();
    let batch = 0;
    // #region step
    for (const { x, y } of this.batches.iterate(this.epoch)) {
      if (shouldStop()) return false;
      const started = performance.now();
      const loss = scope(() => {
        const logits = this.model.call(x, { training: true }) as Tensor;
        const l = lossFn(y, logits); // sparse categorical cross-entropy from logits
        l.backward(); // fills .grad of every parameter
        this.opt.step(params); // Adam update, in place
        this.opt.zeroGrad(params);
        return l; // kept; every other tensor made in the scope is freed
      });
      const value = (await loss.data())[0]; // the one readback of the step
      loss.dispose();
      x.dispose();
      y.dispose();
      // #endregion step
      this.steps++;
      batch++;
      await onBatch({
        epoch: this.epoch,
        batch,
        batchesPerEpoch: this.batchesPerEpoch,
        loss: value,
        ms: performance.now() - started,
      });
      await nextTurn();
    }
    this.epoch++;
    return true;
  }

  /** Loss, accuracy and confusion matrix on the test digits (inference mode, no tape). */
  async evaluate(): Promise<Evaluation> {
    const { logits, loss } = noGrad(() =>
      scope(() => {
        const logits = this.model.call(this.digits.xTest) as Tensor;
        return { logits, loss: lossFn(this.digits.yTest, logits) };
      }),
    );
    const scores = await logits.data();
    const lossValue = (await loss.data())[0];
    logits.dispose();
    loss.dispose();
    const predicted = argmaxRows(scores, 10);
    return {
      loss: lossValue,
      accuracy: accuracy(this.digits.testLabels, predicted),
      confusion: confusionMatrix(this.digits.testLabels, predicted, { numClasses: 10 }),
    };
  }

  /** Class probabilities for one image of 784 values in [0, 1]. */
  async predict(pixels: Float32Array): Promise<number[]> {
    const logits = noGrad(() =>
      scope(() => this.model.call(reshape(tensor(pixels), [1, 784])) as Tensor),
    );
    const z = Array.from(await logits.data());
    logits.dispose();
    const m = Math.max(...z);
    const e = z.map((v) => Math.exp(v - m));
    const s = e.reduce((a, b) => a + b, 0);
    return e.map((v) => v / s);
  }
}

export function argmaxRows(scores: ArrayLike<number>, classes: number): Int32Array {
  const n = scores.length / classes;
  const out = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    let best = 0;
    for (let c = 1; c < classes; c++)
      if (scores[i * classes + c] > scores[i * classes + best]) best = c;
    out[i] = best;
  }
  return out;
}
