import {
  ShapeError,
  type Tensor,
  Tensor as TensorClass,
  ValueError,
  cast,
  div,
  formatShape,
  mean,
  mul,
  reshape,
  sum,
} from '@tsgrad/tensor';
import { assertTensors, sameShape } from './checks.js';

/**
 * How per-sample losses become the returned value:
 * - `'mean'` (default): Σ wᵢ·lossᵢ / N, Keras' `sum_over_batch_size` — with sample weights the
 *   divisor stays the number of samples N, not Σ wᵢ, so a zero weight lowers the mean.
 * - `'sum'`: Σ wᵢ·lossᵢ.
 * - `'none'`: the weighted per-sample losses, shape `yPred.shape` minus its last axis.
 */
export type Reduction = 'mean' | 'sum' | 'none';

const REDUCTIONS: readonly Reduction[] = ['mean', 'sum', 'none'];

/** Options every loss accepts. */
export interface LossOptions {
  /** `'mean'` (default), `'sum'` or `'none'`; see {@link Reduction}. */
  reduction?: Reduction;
  /**
   * Per-sample weights, shape of the per-sample losses (`[N]` for `[N, C]` predictions; `[N, 1]`
   * is accepted too). Only given per call, never bound with `with()`.
   */
  sampleWeight?: Tensor;
}

/** The options a loss can be configured with (everything but the per-batch `sampleWeight`). */
export type BoundOptions<O extends LossOptions> = Omit<O, 'sampleWeight'>;

/** A serializable loss: its canonical name and its bound options (plain JSON). */
export interface LossConfig {
  name: string;
  options?: Record<string, unknown>;
}

/**
 * A loss function `(yTrue, yPred, options?) → Tensor` (Keras' argument order), differentiable
 * with respect to `yPred`. `yPred` is float; the result has `yPred`'s dtype and is a scalar
 * unless `reduction: 'none'`.
 *
 * Every loss is also a small object: `lossName` (canonical name), `options` (bound options),
 * `with(options)` (a copy with more options bound) and `getConfig()` (`{ name, options }`, JSON,
 * what `createLoss` reads back).
 *
 * @example
 * const loss = sparseCategoricalCrossentropy.with({ fromLogits: true });
 * const labels = tensor([0, 2], undefined, 'int32'); // [N]
 * const logits = tensor([[2, 0, 0], [0, 0, 2]]); // [N, C]
 * loss(labels, logits).shape; // []: a scalar
 * loss(labels, logits, { reduction: 'none' }).shape; // [2]: per sample
 * loss.getConfig(); // { name: 'sparseCategoricalCrossentropy', options: { fromLogits: true } }
 */
export interface Loss<O extends LossOptions = LossOptions> {
  (yTrue: Tensor, yPred: Tensor, options?: O): Tensor;
  /** The canonical name, e.g. `'sparseCategoricalCrossentropy'`. */
  readonly lossName: string;
  /** The options bound with `with()` (empty for the plain loss). */
  readonly options: Readonly<BoundOptions<O>>;
  /**
   * A copy of this loss with `options` bound (merged over those already bound). Options given
   * at call time override bound ones.
   * @throws {ValueError} for an invalid or unknown option, or a `sampleWeight`.
   */
  with(options: BoundOptions<O>): Loss<O>;
  /** `{ name, options }`: plain JSON, for saving a compiled model. */
  getConfig(): LossConfig;
}

/** @internal What one loss defines; `defineLoss` adds options handling and the reduction. */
export interface LossSpec<O extends LossOptions> {
  name: string;
  /** Option keys besides `reduction` and `sampleWeight`. */
  optionNames: readonly string[];
  /** Validates the loss's own options (the common ones are checked by `defineLoss`). */
  checkOptions?: (options: O) => void;
  /** Per-sample losses: shape `yPred.shape` without its last axis (rank-1 inputs: `[N]`). */
  perSample: (yTrue: Tensor, yPred: Tensor, options: O) => Tensor;
}

/** @internal Builds a `Loss` from its definition. */
export function defineLoss<O extends LossOptions>(spec: LossSpec<O>): Loss<O> {
  return bind(spec, {} as BoundOptions<O>);
}

function bind<O extends LossOptions>(spec: LossSpec<O>, bound: BoundOptions<O>): Loss<O> {
  const fn = (yTrue: Tensor, yPred: Tensor, options?: O): Tensor => {
    const opts = (options ? { ...bound, ...options } : bound) as O;
    if (options) checkOptions(spec, options, true);
    assertTensors(spec.name, yTrue, yPred);
    const perSample = spec.perSample(yTrue, yPred, opts);
    return reduce(spec.name, perSample, opts.reduction ?? 'mean', opts.sampleWeight);
  };
  return Object.assign(fn, {
    lossName: spec.name,
    options: Object.freeze({ ...bound }) as Readonly<BoundOptions<O>>,
    with(options: BoundOptions<O>): Loss<O> {
      checkOptions(spec, options as O, false);
      return bind(spec, { ...bound, ...options });
    },
    getConfig(): LossConfig {
      return { name: spec.name, options: JSON.parse(JSON.stringify(bound)) };
    },
  });
}

function checkOptions<O extends LossOptions>(
  spec: LossSpec<O>,
  options: O,
  perCall: boolean,
): void {
  const name = spec.name;
  if (options === null || typeof options !== 'object' || Array.isArray(options)) {
    throw new ValueError(name, `options must be an object, got ${JSON.stringify(options)}`);
  }
  const known = ['reduction', 'sampleWeight', ...spec.optionNames];
  for (const key of Object.keys(options)) {
    if (!known.includes(key)) {
      throw new ValueError(name, `unknown option '${key}' (known options: ${known.join(', ')})`);
    }
  }
  const { reduction, sampleWeight } = options;
  if (reduction !== undefined && !REDUCTIONS.includes(reduction)) {
    throw new ValueError(
      name,
      `reduction must be one of ${REDUCTIONS.map((r) => `'${r}'`).join(', ')}, got ${JSON.stringify(reduction)}`,
    );
  }
  if (sampleWeight !== undefined) {
    if (!perCall)
      throw new ValueError(
        name,
        'sampleWeight is per batch: pass it when calling the loss, not to with()',
      );
    if (!(sampleWeight instanceof TensorClass))
      throw new ValueError(name, `sampleWeight must be a Tensor, got ${typeof sampleWeight}`);
  }
  spec.checkOptions?.(options);
}

/** Applies sample weights and the reduction to per-sample losses. */
function reduce(
  name: string,
  perSample: Tensor,
  reduction: Reduction,
  sampleWeight: Tensor | undefined,
): Tensor {
  let weighted = perSample;
  if (sampleWeight !== undefined) {
    let w = sampleWeight;
    const s = perSample.shape;
    if (!sameShape(w.shape, s)) {
      if (
        w.rank === s.length + 1 &&
        w.shape[w.rank - 1] === 1 &&
        sameShape(w.shape.slice(0, -1), s)
      )
        w = reshape(w, s);
      else {
        throw new ShapeError(
          name,
          `sampleWeight has shape ${formatShape(sampleWeight.shape)} but the per-sample losses have shape ${formatShape(s)}`,
        );
      }
    }
    weighted = mul(perSample, cast(w, perSample.dtype));
  }
  if (reduction === 'none') return weighted;
  const total = sum(weighted);
  if (reduction === 'sum') return total;
  // Keras' sum_over_batch_size; an empty batch gives 0 rather than 0/0.
  if (weighted.size === 0) return total;
  return div(total, weighted.size);
}

/** @internal The mean over the last axis for rank >= 2 (one loss per sample); rank 0/1 as is. */
export function meanLastAxis(x: Tensor): Tensor {
  return x.rank >= 2 ? mean(x, -1) : x;
}
