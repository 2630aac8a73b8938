import * as losses from '@tsgrad/losses';
import * as optim from '@tsgrad/optim';
import { type Tensor, ValueError, div, mean, mul, sum } from '@tsgrad/tensor';
import { type TargetKind, type TrainingMetric, createMetric } from './metric-set.js';

/** The optimizer surface `fit()` uses; every `@tsgrad/optim` optimizer has it. */
export interface TrainingOptimizer {
  learningRate: number;
  step(params: Iterable<Tensor>): void;
  getConfig(): unknown;
  getState(): unknown;
  setState(state: any, params: Tensor[]): void;
}

/** A plain loss function: per-sample losses (`[N]`) or a scalar. */
export type LossFunction = (yTrue: Tensor, yPred: Tensor) => Tensor;

/**
 * A loss as `compile` accepts it: a name (`'sparseCategoricalCrossentropy'`, `'mse'`), a saved
 * config `{ name, options }`, a `@tsgrad/losses` loss (`sparseCategoricalCrossentropy.with({
 * fromLogits: true })`), or a plain function.
 */
export type LossSpec = string | losses.LossConfig | losses.Loss<any> | LossFunction;

export interface CompileConfig {
  /** An optimizer object (`adam({ learningRate: 1e-3 })`), a name (`'adam'`) or a saved config. */
  optimizer: TrainingOptimizer | string | Record<string, unknown>;
  loss: LossSpec;
  /** Metric names: 'accuracy', 'precision', 'recall', 'f1', 'mse', 'mae', ... */
  metrics?: string[];
}

/** @internal What compile resolves to. */
export interface Compiled {
  optimizer: TrainingOptimizer;
  /** Batch loss (scalar), with optional per-sample weights (Σ wᵢ·lossᵢ / N, as Keras). */
  loss: (yTrue: Tensor, yPred: Tensor, sampleWeight?: Tensor) => Tensor;
  /** The loss as JSON (`{ name, options }`), or null for a plain function. */
  lossConfig: losses.LossConfig | null;
  /** What the targets are, from the loss: decides what 'accuracy' means and what labels fit. */
  kind: TargetKind;
  fromLogits: boolean;
  metrics: TrainingMetric[];
}

function isLoss(spec: unknown): spec is losses.Loss<any> {
  return (
    typeof spec === 'function' &&
    typeof (spec as losses.Loss).lossName === 'string' &&
    typeof (spec as losses.Loss).getConfig === 'function'
  );
}

function targetKind(name: string | undefined): TargetKind {
  const n = (name ?? '').toLowerCase();
  if (n.includes('sparse')) return 'sparse';
  if (n.includes('categorical') || n.includes('kullback')) return 'categorical';
  if (n.includes('binary') || n.includes('hinge')) return 'binary';
  return 'regression';
}

/**
 * Resolves `compile()`'s arguments: the optimizer and loss by object, name or saved config,
 * and the metrics for the kind of targets the loss implies.
 * @throws {ValueError} for a missing optimizer or loss and unknown names (listing known ones).
 */
export function resolveCompile(config: CompileConfig): Compiled {
  if (!config || typeof config !== 'object')
    throw new ValueError('compile', 'needs { optimizer, loss, metrics? }');
  if (config.optimizer === undefined || config.optimizer === null)
    throw new ValueError(
      'compile',
      'optimizer is missing (an optimizer, or a name such as "adam")',
    );
  if (config.loss === undefined || config.loss === null)
    throw new ValueError(
      'compile',
      'loss is missing (a loss function, or a name such as "sparseCategoricalCrossentropy")',
    );
  const optimizer = resolveOptimizer(config.optimizer);
  const { loss, lossConfig, name, fromLogits } = resolveLoss(config.loss);
  const kind = targetKind(name);
  if (config.metrics !== undefined && !Array.isArray(config.metrics))
    throw new ValueError('compile', 'metrics must be an array of names, e.g. ["accuracy"]');
  const metrics = (config.metrics ?? []).map((m) => {
    if (typeof m !== 'string')
      throw new ValueError('compile', `metrics must be names, got ${typeof m}`);
    return createMetric(m, kind, fromLogits);
  });
  return { optimizer, loss, lossConfig, kind, fromLogits, metrics };
}

function resolveOptimizer(spec: CompileConfig['optimizer']): TrainingOptimizer {
  if (typeof spec === 'string') return optim.getOptimizer(spec) as unknown as TrainingOptimizer;
  if (typeof (spec as TrainingOptimizer).step === 'function') return spec as TrainingOptimizer;
  if (typeof spec === 'object')
    return optim.optimizerFromConfig(spec as any) as unknown as TrainingOptimizer;
  throw new ValueError(
    'compile',
    `optimizer must be an optimizer, a name or a config, got ${typeof spec}`,
  );
}

function resolveLoss(spec: LossSpec): {
  loss: Compiled['loss'];
  lossConfig: losses.LossConfig | null;
  name: string | undefined;
  fromLogits: boolean;
} {
  if (typeof spec === 'string' || (typeof spec === 'object' && !isLoss(spec))) {
    return resolveLoss(losses.createLoss(spec as string | losses.LossConfig));
  }
  if (isLoss(spec)) {
    return {
      loss: (t, p, sampleWeight) => (sampleWeight ? spec(t, p, { sampleWeight }) : spec(t, p)),
      lossConfig: spec.getConfig(),
      name: spec.lossName,
      fromLogits: Boolean((spec.options as { fromLogits?: boolean }).fromLogits),
    };
  }
  if (typeof spec !== 'function')
    throw new ValueError(
      'compile',
      `loss must be a name, a loss or a function, got ${typeof spec}`,
    );
  const fn = spec as LossFunction;
  return {
    // A plain function returns per-sample losses (or a scalar); Keras' 'sum_over_batch_size'.
    loss: (t, p, sampleWeight) => {
      const perSample = fn(t, p);
      if (!sampleWeight) return mean(perSample);
      return div(sum(mul(perSample, sampleWeight)), perSample.size);
    },
    lossConfig: null,
    name: (fn as { lossName?: string }).lossName ?? fn.name,
    fromLogits: false,
  };
}
