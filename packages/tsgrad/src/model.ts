import { noGrad, zeroGrad } from '@tsgrad/autograd';
import type { AnyLayer } from '@tsgrad/layers';
import {
  Generator,
  type Tensor,
  Tensor as TensorClass,
  TsgradError,
  ValueError,
  add,
  concat,
  gather,
  keep,
  mul,
  permutation,
  scope,
  slice,
  tensor,
} from '@tsgrad/tensor';
import {
  type Callback,
  CallbackList,
  type Logs,
  type TrainingModel,
} from './callbacks/callback.js';
import { progressBar } from './callbacks/progress.js';
import { type CompileConfig, type Compiled, resolveCompile } from './training/compile.js';
import { History } from './training/history.js';
import { type ArrayInput, checkSamples, toTensorInput } from './training/inputs.js';
import type { TrainingMetric } from './training/metric-set.js';
import type { Network } from './training/network.js';
import { asNetwork } from './training/network-adapter.js';
import { checkTargets, probeOutput } from './training/targets.js';
import { Yielder } from './training/yield.js';

/** A batch from a dataset passed to `fit(dataset)` / `evaluate(dataset)`. */
export interface Batch {
  x: Tensor;
  y: Tensor;
  sampleWeight?: Tensor;
}

/** Anything iterable (sync or async) of batches, such as a `Dataset` from `@tsgrad/data`. */
export type BatchSource = Iterable<Batch> | AsyncIterable<Batch>;

export interface FitOptions {
  /** Number of passes over the data (default 1). */
  epochs?: number;
  /** Samples per gradient step (default 32). */
  batchSize?: number;
  /** Reshuffle the training samples before each epoch (default true), with `seed`. */
  shuffle?: boolean;
  /** Seed of the shuffling (default 0): the same seed gives the same batches. */
  seed?: number;
  /** Fraction of the samples, taken from the end before shuffling (as Keras), held out for validation. */
  validationSplit?: number;
  /** Data to validate on after each epoch: `[x, y]` or a batch source. */
  validationData?: [ArrayInput, ArrayInput] | BatchSource;
  /** Weight of each class in the loss, by class index. */
  classWeight?: Record<number, number> | readonly number[];
  /** Weight of each training sample in the loss, shape [N]. */
  sampleWeight?: ArrayInput;
  /** Epoch to start from when resuming (0-based; epochs run from `initialEpoch` to `epochs`). */
  initialEpoch?: number;
  /** 0 silent, 1 progress bar (plain lines when not a terminal), 2 one line per epoch. Default 1. */
  verbose?: 0 | 1 | 2;
  callbacks?: Callback[];
  /** Give the event loop a turn at least every this many milliseconds (default 50; -1 never). */
  yieldEvery?: number;
  /** Validate every n epochs (default 1). */
  validationFreq?: number;
}

export interface EvaluateOptions {
  batchSize?: number;
  sampleWeight?: ArrayInput;
  verbose?: 0 | 1;
}

/**
 * Thrown when `fit` is called while another `fit` on the same model is still running.
 * @example
 * import { ConcurrentFitError, layers, sequential } from 'tsgrad';
 * const model = sequential([layers.dense({ units: 1, inputShape: [1] })]);
 * model.compile({ optimizer: 'sgd', loss: 'mse' });
 * const first = model.fit([[0], [1]], [[0], [1]], { epochs: 2, verbose: 0 });
 * let refused = false;
 * try {
 *   await model.fit([[0]], [[0]], { verbose: 0 });
 * } catch (e) {
 *   refused = e instanceof ConcurrentFitError;
 * }
 * await first;
 * console.log(refused); // true
 */
export class ConcurrentFitError extends TsgradError {}

/**
 * Thrown for models used before `compile()`.
 * @example
 * import { NotCompiledError, layers, sequential } from 'tsgrad';
 * const model = sequential([layers.dense({ units: 1, inputShape: [1] })]);
 * let notCompiled = false;
 * try {
 *   await model.fit([[0]], [[0]]);
 * } catch (e) {
 *   notCompiled = e instanceof NotCompiledError;
 * }
 * console.log(notCompiled); // true
 */
export class NotCompiledError extends TsgradError {}

function isBatchSource(v: unknown): v is BatchSource {
  return (
    typeof v === 'object' &&
    v !== null &&
    !(v instanceof TensorClass) &&
    !Array.isArray(v) &&
    !ArrayBuffer.isView(v) &&
    (Symbol.asyncIterator in v || Symbol.iterator in v)
  );
}

/**
 * A trainable model: a network plus its training configuration, with the Keras workflow —
 * `compile`, `fit`, `evaluate`, `predict`, `save` — built from the same public pieces a custom
 * loop uses (the layers' forward pass, a loss, `backward()`, an optimizer's `step()`).
 *
 * @example
 * const model = sequential([dense({ units: 64, activation: 'relu', inputShape: [784] }), dense({ units: 10 })]);
 * model.compile({ optimizer: 'adam', loss: 'sparseCategoricalCrossentropy', metrics: ['accuracy'] });
 * const history = await model.fit(xTrain, yTrain, { epochs: 5, batchSize: 128, validationSplit: 0.1 });
 */
export class Model implements TrainingModel {
  /** The layers this model runs. */
  readonly network: Network;
  /** Set by callbacks (early stopping) to end `fit()` after the current epoch. */
  stopTraining = false;
  private compiled: Compiled | null = null;
  private compileConfig: CompileConfig | null = null;
  private fitting = false;
  /** Epochs completed over all `fit` calls (saved with the model for resuming). */
  epochsTrained = 0;

  /**
   * @param network a `@tsgrad/layers` model (`Sequential`, a `Module` subclass, any layer) or
   *   an object implementing `Network`.
   */
  constructor(network: AnyLayer | Network) {
    this.network = asNetwork(network);
  }

  /**
   * Chooses the optimizer, loss and metrics, by object or by name (`'adam'`,
   * `'sparseCategoricalCrossentropy'`, `['accuracy']`).
   * @throws {ValueError} for unknown names, listing the known ones.
   */
  compile(config: CompileConfig): this {
    this.compiled = resolveCompile(config);
    this.compileConfig = config;
    return this;
  }

  private requireCompiled(op: string): Compiled {
    if (!this.compiled)
      throw new NotCompiledError(
        op,
        'the model must be compiled first: model.compile({ optimizer, loss, metrics })',
      );
    return this.compiled;
  }

  /** The compile configuration as given, or null before `compile()`. */
  get compileOptions(): CompileConfig | null {
    return this.compileConfig;
  }

  /**
   * The compile settings as JSON (optimizer config, loss config, metric names), what `save()`
   * stores; null before `compile()`. The loss is null when it is a plain function, which
   * cannot be saved: `loadModel` then returns an uncompiled model.
   */
  get compileConfigJSON(): { optimizer: unknown; loss: unknown; metrics: string[] } | null {
    if (!this.compiled) return null;
    return {
      optimizer: this.compiled.optimizer.getConfig(),
      loss: this.compiled.lossConfig,
      metrics: [...(this.compileConfig?.metrics ?? [])],
    };
  }

  /** The compiled optimizer. */
  get optimizer() {
    return this.requireCompiled('optimizer').optimizer;
  }

  get learningRate(): number {
    return this.requireCompiled('learningRate').optimizer.learningRate;
  }

  set learningRate(lr: number) {
    this.requireCompiled('learningRate').optimizer.learningRate = lr;
  }

  /** Runs the network (inference mode unless `training`). */
  call(x: Tensor, training = false): Tensor {
    return this.network.call(x, { training });
  }

  /** Every weight and state tensor by stable name, copied (a snapshot). */
  getWeights(): Map<string, Tensor> {
    const out = new Map<string, Tensor>();
    for (const [name, t] of this.network.namedWeights()) out.set(name, keep(mul(t, 1)));
    return out;
  }

  /** Restores weights from `getWeights()` (or a loaded file). */
  setWeights(weights: Map<string, Tensor>): void {
    this.network.loadWeights(weights);
  }

  /** A Keras-like table of layers, output shapes and parameter counts. */
  summary(): string {
    return this.network.summary();
  }

  private checkTargets(
    c: Compiled,
    op: string,
    name: string,
    y: Tensor,
    out: readonly number[],
  ): void {
    checkTargets(op, name, c.kind, c.lossConfig?.name, y, out);
  }

  /** Loss of a batch (with penalties), for the loss reported and differentiated. */
  private batchLoss(
    c: Compiled,
    y: Tensor,
    pred: Tensor,
    weights: Tensor | undefined,
  ): { data: Tensor; total: Tensor } {
    const data = c.loss(y, pred, weights);
    const penalty = this.network.regularizationLoss();
    return { data, total: penalty ? add(data, penalty) : data };
  }

  /**
   * One gradient step on one batch; returns the loss and metrics of that batch.
   * @example const logs = model.trainOnBatch(xb, yb);
   */
  trainOnBatch(x: ArrayInput, y: ArrayInput, sampleWeight?: ArrayInput): Logs {
    const c = this.requireCompiled('trainOnBatch');
    const xt = toTensorInput('trainOnBatch', 'x', x);
    const yt = toTensorInput('trainOnBatch', 'y', y, true);
    checkSamples('trainOnBatch', xt, yt);
    this.checkTargets(c, 'trainOnBatch', 'y', yt, probeOutput('trainOnBatch', this.network, xt));
    for (const m of c.metrics) m.reset();
    const loss = this.step(
      c,
      xt,
      yt,
      sampleWeight === undefined
        ? undefined
        : toTensorInput('trainOnBatch', 'sampleWeight', sampleWeight),
    );
    return { loss, ...metricLogs(c.metrics, '') };
  }

  /** Loss and metrics of one batch without updating weights. */
  testOnBatch(x: ArrayInput, y: ArrayInput, sampleWeight?: ArrayInput): Logs {
    const c = this.requireCompiled('testOnBatch');
    const xt = toTensorInput('testOnBatch', 'x', x);
    const yt = toTensorInput('testOnBatch', 'y', y, true);
    checkSamples('testOnBatch', xt, yt);
    this.checkTargets(c, 'testOnBatch', 'y', yt, probeOutput('testOnBatch', this.network, xt));
    for (const m of c.metrics) m.reset();
    const w =
      sampleWeight === undefined
        ? undefined
        : toTensorInput('testOnBatch', 'sampleWeight', sampleWeight);
    const loss = scope(() =>
      noGrad(() => {
        const pred = this.network.call(xt, { training: false });
        for (const m of c.metrics) m.update(yt, pred);
        return this.batchLoss(c, yt, pred, w).total.item();
      }),
    );
    return { loss, ...metricLogs(c.metrics, '') };
  }

  /** The training step every entry point shares: forward, loss, backward, update. */
  private step(c: Compiled, x: Tensor, y: Tensor, w: Tensor | undefined): number {
    const params = this.network.trainableParameters();
    if (params.length === 0) {
      // Building happens on the first call; a model with no weights yet has nothing to train.
      noGrad(() => this.network.call(x, { training: false }));
    }
    return scope(() => {
      const trainable = this.network.trainableParameters();
      const pred = this.network.call(x, { training: true });
      const { total } = this.batchLoss(c, y, pred, w);
      total.backward();
      c.optimizer.step(trainable);
      zeroGrad(trainable);
      noGrad(() => {
        for (const m of c.metrics) m.update(y, pred.detach());
      });
      return total.item();
    });
  }

  /**
   * Trains for a number of epochs on `x`/`y` (tensors or arrays) or on a batch source.
   * Resolves to a `History` of per-epoch loss, metrics, `val_*` values and learning rate.
   *
   * @throws {ConcurrentFitError} when another `fit` on this model is still running.
   * @throws {ValueError} for empty data, mismatched sample counts, NaN inputs, bad options.
   * @example
   * const h = await model.fit(x, y, { epochs: 10, batchSize: 64, validationSplit: 0.1,
   *   callbacks: [earlyStopping({ patience: 2, restoreBestWeights: true })] });
   */
  async fit(
    x: ArrayInput | BatchSource,
    y?: ArrayInput | FitOptions,
    options: FitOptions = {},
  ): Promise<History> {
    if (isBatchSource(x)) {
      options = (y as FitOptions | undefined) ?? {};
      y = undefined;
    }
    if (this.fitting) {
      throw new ConcurrentFitError(
        'fit',
        'this model is already training; await the first fit() before starting another',
      );
    }
    this.fitting = true;
    try {
      return await this.fitInner(x, y as ArrayInput | undefined, options);
    } finally {
      this.fitting = false;
    }
  }

  private async fitInner(
    xIn: ArrayInput | BatchSource,
    yIn: ArrayInput | undefined,
    o: FitOptions,
  ): Promise<History> {
    const c = this.requireCompiled('fit');
    const epochs = o.epochs ?? 1;
    const batchSize = o.batchSize ?? 32;
    const initialEpoch = o.initialEpoch ?? 0;
    const verbose = o.verbose ?? 1;
    const validationFreq = o.validationFreq ?? 1;
    positiveInt('fit', 'epochs', epochs);
    positiveInt('fit', 'batchSize', batchSize);
    positiveInt('fit', 'validationFreq', validationFreq);
    if (!Number.isInteger(initialEpoch) || initialEpoch < 0 || initialEpoch >= epochs) {
      throw new ValueError(
        'fit',
        `initialEpoch must be an integer in [0, epochs), got ${initialEpoch} with epochs ${epochs}`,
      );
    }
    const split = o.validationSplit ?? 0;
    if (!(split >= 0 && split < 1))
      throw new ValueError('fit', `validationSplit must be in [0, 1), got ${split}`);

    // ---- data ------------------------------------------------------------------------------
    let source: BatchSource | null = null;
    let x: Tensor | null = null;
    let y: Tensor | null = null;
    let w: Tensor | undefined;
    let val: { x: Tensor; y: Tensor } | BatchSource | null = null;
    let outputShape: readonly number[] = [];
    if (isBatchSource(xIn)) {
      if (split > 0)
        throw new ValueError(
          'fit',
          'validationSplit needs x and y tensors; with a dataset pass validationData',
        );
      if (o.classWeight || o.sampleWeight)
        throw new ValueError(
          'fit',
          'classWeight/sampleWeight need x and y tensors; put sampleWeight in the dataset batches',
        );
      source = xIn;
    } else {
      if (yIn === undefined)
        throw new ValueError('fit', 'y is missing: fit(x, y, options) or fit(dataset, options)');
      x = toTensorInput('fit', 'x', xIn);
      y = toTensorInput('fit', 'y', yIn, true);
      const n = checkSamples('fit', x, y);
      outputShape = probeOutput('fit', this.network, x);
      this.checkTargets(c, 'fit', 'y', y, outputShape);
      if (o.sampleWeight !== undefined) {
        w = toTensorInput('fit', 'sampleWeight', o.sampleWeight);
        if (w.rank !== 1 || w.shape[0] !== n)
          throw new ValueError('fit', `sampleWeight must have shape [${n}], got [${w.shape}]`);
      }
      if (o.classWeight) {
        const cw = classWeightsFor('fit', o.classWeight, y, outputShape[outputShape.length - 1]);
        w = w ? mul(w, cw) : cw;
      }
      if (split > 0) {
        const nVal = Math.floor(n * split);
        if (nVal === 0 || nVal === n)
          throw new ValueError(
            'fit',
            `validationSplit ${split} of ${n} samples leaves ${nVal === 0 ? 'no validation samples' : 'no training samples'}`,
          );
        const nTrain = n - nVal;
        val = { x: slice(x, [nTrain]), y: slice(y, [nTrain]) };
        x = slice(x, [0], [nTrain]);
        y = slice(y, [0], [nTrain]);
        if (w) w = slice(w, [0], [nTrain]);
      }
    }
    if (o.validationData) {
      if (val) throw new ValueError('fit', 'give validationSplit or validationData, not both');
      const vd = o.validationData;
      if (isBatchSource(vd)) val = vd;
      else {
        const vx = toTensorInput('fit', 'validationData x', vd[0]);
        const vy = toTensorInput('fit', 'validationData y', vd[1], true);
        checkSamples('fit', vx, vy);
        this.checkTargets(c, 'fit', 'validationData y', vy, probeOutput('fit', this.network, vx));
        val = { x: vx, y: vy };
      }
    }
    const nTrain = x ? x.shape[0] : 0;
    const stepsPerEpoch = x ? Math.ceil(nTrain / batchSize) : 0;

    // ---- callbacks -------------------------------------------------------------------------
    const history = new History();
    const cbs: Callback[] = [...(o.callbacks ?? [])];
    if (verbose > 0) cbs.push(progressBar({ verbose: verbose as 1 | 2 }));
    const list = new CallbackList(cbs);
    list.setModel(this);
    list.setParams({
      epochs,
      initialEpoch,
      stepsPerEpoch,
      samples: nTrain,
      batchSize,
      verbose,
      metrics: c.metrics.map((m) => m.name),
    });
    const yielder = new Yielder(o.yieldEvery ?? 50);
    const gen = new Generator(o.seed ?? 0);
    this.stopTraining = false;
    await list.trainBegin({});

    for (let epoch = initialEpoch; epoch < epochs && !this.stopTraining; epoch++) {
      await list.epochBegin(epoch, {});
      for (const m of c.metrics) m.reset();
      let lossSum = 0;
      let lossCount = 0;
      let batch = 0;
      const runBatch = async (xb: Tensor, yb: Tensor, wb: Tensor | undefined) => {
        await list.batchBegin(batch, { batch, size: xb.shape[0] });
        const loss = this.step(c, xb, yb, wb);
        lossSum += loss * xb.shape[0];
        lossCount += xb.shape[0];
        // A non-finite batch loss is reported as such (terminateOnNaN watches for it).
        const shown = Number.isFinite(loss) ? lossSum / lossCount : loss;
        await list.batchEnd(batch, {
          batch,
          size: xb.shape[0],
          loss: shown,
          ...metricLogs(c.metrics, ''),
        });
        batch++;
        await yielder.maybeYield();
      };
      if (x && y) {
        // Per-epoch order derived from the seed and the epoch, so resuming reproduces it.
        gen.seed((o.seed ?? 0) * 1_000_003 + epoch);
        const order =
          o.shuffle === false ? null : tensor(permutation(nTrain, gen), undefined, 'int32');
        for (let start = 0; start < nTrain && !this.stopTraining; start += batchSize) {
          const size = Math.min(batchSize, nTrain - start);
          const [xb, yb, wb] = scope((): [Tensor, Tensor, Tensor | undefined] => {
            if (!order)
              return [
                slice(x!, [start], [size]),
                slice(y!, [start], [size]),
                w && slice(w, [start], [size]),
              ];
            const idx = slice(order, [start], [size]);
            return [gather(x!, idx), gather(y!, idx), w && gather(w, idx)];
          });
          try {
            await runBatch(xb, yb, wb);
          } finally {
            // A batch may be the whole input itself (slice of everything): never free that.
            if (xb !== x) xb.dispose();
            if (yb !== y) yb.dispose();
            if (wb !== w) wb?.dispose();
          }
        }
        order?.dispose();
      } else {
        for await (const b of source as AsyncIterable<Batch>) {
          await runBatch(b.x, toTensorInput('fit', 'y', b.y, true), b.sampleWeight);
          if (this.stopTraining) break;
        }
      }
      const logs: Logs = {
        loss: lossCount ? lossSum / lossCount : Number.NaN,
        ...metricLogs(c.metrics, ''),
      };
      if (val && (epoch + 1 - initialEpoch) % validationFreq === 0) {
        const vl = await this.evaluateInner(c, val, batchSize);
        for (const [k, v] of Object.entries(vl)) logs[`val_${k}`] = v;
      }
      logs.lr = c.optimizer.learningRate;
      // Counted before the callbacks run, so a checkpoint saved now resumes after this epoch.
      this.epochsTrained = epoch + 1;
      history.record(epoch, logs);
      await list.epochEnd(epoch, logs);
    }
    await list.trainEnd({});
    return history;
  }

  private async evaluateInner(
    c: Compiled,
    data: { x: Tensor; y: Tensor; w?: Tensor } | BatchSource,
    batchSize: number,
  ): Promise<Logs> {
    for (const m of c.metrics) m.reset();
    let lossSum = 0;
    let count = 0;
    const one = (xb: Tensor, yb: Tensor, wb: Tensor | undefined) =>
      scope(() =>
        noGrad(() => {
          const pred = this.network.call(xb, { training: false });
          for (const m of c.metrics) m.update(yb, pred);
          const loss = c.loss(yb, pred, wb).item();
          lossSum += loss * xb.shape[0];
          count += xb.shape[0];
        }),
      );
    if (isBatchSource(data)) {
      for await (const b of data as AsyncIterable<Batch>)
        one(b.x, toTensorInput('evaluate', 'y', b.y, true), b.sampleWeight);
    } else {
      const n = data.x.shape[0];
      for (let s = 0; s < n; s += batchSize) {
        const size = Math.min(batchSize, n - s);
        scope(() =>
          one(
            slice(data.x, [s], [size]),
            slice(data.y, [s], [size]),
            data.w && slice(data.w, [s], [size]),
          ),
        );
      }
    }
    if (count === 0) throw new ValueError('evaluate', 'the data is empty');
    // Keras reports the data loss plus penalties; penalties do not depend on the data.
    const penalty = noGrad(() => this.network.regularizationLoss());
    const reg = penalty ? penalty.item() : 0;
    return { loss: lossSum / count + reg, ...metricLogs(c.metrics, '') };
  }

  /**
   * Loss and metrics on data, batched, without updating weights.
   * @example const { loss, accuracy } = await model.evaluate(xTest, yTest);
   */
  async evaluate(
    x: ArrayInput | BatchSource,
    y?: ArrayInput | EvaluateOptions,
    options: EvaluateOptions = {},
  ): Promise<Logs> {
    const c = this.requireCompiled('evaluate');
    if (isBatchSource(x))
      return this.evaluateInner(c, x, (y as EvaluateOptions | undefined)?.batchSize ?? 32);
    if (y === undefined)
      throw new ValueError(
        'evaluate',
        'y is missing: evaluate(x, y, options) or evaluate(dataset)',
      );
    const xt = toTensorInput('evaluate', 'x', x);
    const yt = toTensorInput('evaluate', 'y', y as ArrayInput, true);
    checkSamples('evaluate', xt, yt);
    this.checkTargets(c, 'evaluate', 'y', yt, probeOutput('evaluate', this.network, xt));
    const batchSize = options.batchSize ?? 32;
    positiveInt('evaluate', 'batchSize', batchSize);
    const w =
      options.sampleWeight === undefined
        ? undefined
        : toTensorInput('evaluate', 'sampleWeight', options.sampleWeight);
    return this.evaluateInner(c, { x: xt, y: yt, w }, batchSize);
  }

  /**
   * Outputs for `x`, computed in batches in inference mode and joined.
   * @example const probs = softmax(model.predict(xTest));
   */
  predict(x: ArrayInput, options: { batchSize?: number } = {}): Tensor {
    const xt = toTensorInput('predict', 'x', x);
    checkSamples('predict', xt);
    const batchSize = options.batchSize ?? 32;
    positiveInt('predict', 'batchSize', batchSize);
    const n = xt.shape[0];
    return noGrad(() => {
      // Each batch in its own scope, so intermediates are freed batch by batch (a single scope
      // would hold every batch's activations until the end: gigabytes on heap-backed backends).
      const parts: Tensor[] = [];
      try {
        for (let s = 0; s < n; s += batchSize) {
          const size = Math.min(batchSize, n - s);
          parts.push(scope(() => this.network.call(slice(xt, [s], [size]), { training: false })));
        }
        return parts.length === 1 ? parts[0] : concat(parts, 0);
      } finally {
        if (parts.length > 1) for (const p of parts) p.dispose();
      }
    });
  }

  /** Saves to a directory: model.json, weights.safetensors, optimizer state. See `saveModel`. */
  async save(dir: string): Promise<void> {
    const { saveModel } = await import('./io/save-model.js');
    await saveModel(this, dir);
  }
}

function positiveInt(op: string, name: string, v: number): void {
  if (!Number.isInteger(v) || v < 1)
    throw new ValueError(op, `${name} must be an integer >= 1, got ${v}`);
}

function metricLogs(metrics: readonly TrainingMetric[], prefix: string): Logs {
  const out: Logs = {};
  for (const m of metrics) out[prefix + m.name] = m.result();
  return out;
}

/** Per-sample weights from class weights and the labels (sparse or one-hot). */
function classWeightsFor(
  op: string,
  cw: Record<number, number> | readonly number[],
  y: Tensor,
  numClasses: number | undefined,
): Tensor {
  const labels =
    y.rank >= 2 && y.shape[y.rank - 1] > 1
      ? (noGrad(() => {
          const d = y.dataSync();
          const k = y.shape[y.rank - 1];
          const out = new Int32Array(d.length / k);
          for (let i = 0; i < out.length; i++) {
            let best = 0;
            for (let j = 1; j < k; j++) if (d[i * k + j] > d[i * k + best]) best = j;
            out[i] = best;
          }
          return out;
        }) as Int32Array)
      : y.dataSync();
  const weights = new Float32Array(labels.length);
  for (let i = 0; i < labels.length; i++) {
    const l = labels[i];
    const v = Array.isArray(cw) ? (cw as readonly number[])[l] : (cw as Record<number, number>)[l];
    if (v === undefined) {
      throw new ValueError(
        op,
        `classWeight has no entry for class ${l}${numClasses ? ` (of ${numClasses})` : ''}; give a weight for every class`,
      );
    }
    if (!(v >= 0) || !Number.isFinite(v))
      throw new ValueError(op, `classWeight for class ${l} must be a finite number >= 0, got ${v}`);
    weights[i] = v;
  }
  return tensor(weights);
}
