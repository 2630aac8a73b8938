import { type Tensor, ValueError, div, mul, mean, sum } from '@tsgrad/tensor';
import * as losses from '@tsgrad/losses';
import * as optim from '@tsgrad/optim';
import { type TargetKind, type TrainingMetric, createMetric } from './metric-set.js';

/** The optimizer surface `fit()` uses. */
export interface TrainingOptimizer {
  learningRate: number;
  step(params: Iterable<Tensor>): void;
  getConfig(): unknown;
  getState(): unknown;
  setState(state: any, params: Tensor[]): void;
}

/** A loss as `compile` accepts it: a name, a `{ name, options }` config, or a function. */
export type LossSpec =
  | string
  | { name: string; options?: Record<string, unknown> }
  | ((yTrue: Tensor, yPred: Tensor) => Tensor);

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
  /** Batch loss (scalar), with optional per-sample weights (mean over the batch, as Keras). */
  loss: (yTrue: Tensor, yPred: Tensor, sampleWeight?: Tensor) => Tensor;
  metrics: TrainingMetric[];
  numClassesHint: number | undefined;
}

function lossName(spec: LossSpec): string | undefined {
  if (typeof spec === 'string') return spec;
  if (typeof spec === 'object' && spec !== null) return spec.name;
  return (spec as { lossName?: string }).lossName;
}

function targetKind(name: string | undefined): TargetKind {
  const n = (name ?? '').toLowerCase();
  if (n.includes('sparse')) return 'sparse';
  if (n.includes('categorical') || n === 'kld' || n.includes('kullback')) return 'categorical';
  if (n.includes('binary') || n.includes('hinge')) return 'binary';
  return 'regression';
}

export function resolveCompile(config: CompileConfig): Compiled {
  if (!config || typeof config !== 'object')
    throw new ValueError('compile', 'needs { optimizer, loss, metrics? }');
  if (config.optimizer === undefined)
    throw new ValueError(
      'compile',
      'optimizer is missing (an optimizer, or a name such as "adam")',
    );
  if (config.loss === undefined)
    throw new ValueError(
      'compile',
      'loss is missing (a loss function, or a name such as "sparseCategoricalCrossentropy")',
    );
  const optimizer = resolveOptimizer(config.optimizer);
  const { fn, fromLogits, name } = resolveLoss(config.loss);
  const kind = targetKind(name);
  const metrics = (config.metrics ?? []).map((m) => {
    if (typeof m !== 'string')
      throw new ValueError('compile', `metrics must be names, got ${typeof m}`);
    return createMetric(m, kind, fromLogits, 0);
  });
  const loss = (yTrue: Tensor, yPred: Tensor, sampleWeight?: Tensor): Tensor => {
    if (!sampleWeight) return fn(yTrue, yPred);
    // Keras' 'sum_over_batch_size': Σ wᵢ·lossᵢ / N.
    const perSample = fn(yTrue, yPred, 'none');
    return div(sum(mul(perSample, sampleWeight)), perSample.size);
  };
  return { optimizer, loss, metrics, numClassesHint: undefined };
}

function resolveOptimizer(spec: CompileConfig['optimizer']): TrainingOptimizer {
  if (typeof spec === 'string') return optim.getOptimizer(spec) as unknown as TrainingOptimizer;
  if (typeof (spec as TrainingOptimizer).step === 'function') return spec as TrainingOptimizer;
  return optim.optimizerFromConfig(spec as any) as unknown as TrainingOptimizer;
}

function resolveLoss(spec: LossSpec): {
  fn: (yTrue: Tensor, yPred: Tensor, reduction?: 'none') => Tensor;
  fromLogits: boolean;
  name: string | undefined;
} {
  if (typeof spec === 'function') {
    return {
      fn: (t, p, r) => (r === 'none' ? spec(t, p) : mean(spec(t, p))),
      fromLogits: false,
      name: lossName(spec),
    };
  }
  const name = lossName(spec)!;
  const options = typeof spec === 'object' ? (spec.options ?? {}) : {};
  const base = losses.getLoss(name) as any;
  const fromLogits = Boolean((options as any).fromLogits);
  return {
    fn: (t, p, r) => base(t, p, r ? { ...options, reduction: r } : options),
    fromLogits,
    name,
  };
}
