import {
  DTypeError,
  ShapeError,
  type Tensor,
  Tensor as TensorClass,
  ValueError,
  add,
  cast,
  formatShape,
  isFloat,
  keep,
  mul,
  scope,
  setGradEnabled,
} from '@tsgrad/tensor';
import { clipByGlobalNorm, clipByNorm, clipByValue } from './clip.js';
import { type Schedule, type ScheduleConfig, scheduleFromConfig } from './schedules.js';
import { check, show } from './validate.js';

/**
 * Options every optimizer takes, besides its own (each factory validates them and names the
 * bad value: `adam: learningRate must be > 0, got -0.01`). Clipping runs first — value, then
 * norm — then weight decay, then the update rule.
 * @example
 * import { type OptimizerOptions, cosineDecay, sgd } from '@tsgrad/optim';
 * const common: OptimizerOptions = {
 *   learningRate: cosineDecay({ initialLearningRate: 0.1, decaySteps: 1000 }),
 *   clipGlobalNorm: 1,
 * };
 * sgd(common).learningRate; // 0.1 (the schedule at step 0)
 */
export interface OptimizerOptions {
  /**
   * A fixed rate (a finite number > 0) or a schedule of the step (see `cosineDecay` etc.). Each
   * optimizer has its own default (0.01 for SGD and Adagrad, 0.001 for RMSprop, Adam and AdamW,
   * 0.002 for Adamax and Nadam).
   */
  learningRate?: number | Schedule;
  /** Clip each gradient element to [−clipValue, clipValue], applied first; > 0 (default: off). */
  clipValue?: number;
  /**
   * Rescale each gradient so its own L2 norm is at most clipNorm; > 0 (default: off). Not
   * together with `clipGlobalNorm`.
   */
  clipNorm?: number;
  /**
   * Rescale all gradients together so their global L2 norm is at most clipGlobalNorm; > 0
   * (default: off). Parameters without a gradient are skipped. Not together with `clipNorm`.
   */
  clipGlobalNorm?: number;
}

const COMMON_OPTIONS = ['learningRate', 'clipValue', 'clipNorm', 'clipGlobalNorm'] as const;

/** An optimizer's JSON form: `{ name, learningRate, ...hyperparameters }`. */
export interface OptimizerConfig {
  name: string;
  learningRate: number | ScheduleConfig;
  [key: string]: unknown;
}

/** One parameter's state: its own step count and its slot tensors (`m`, `v`, ...). */
export interface ParamState {
  step: number;
  slots: Record<string, Tensor>;
}

/**
 * What `getState()` returns and `setState()` reads: plain JSON plus slot tensors.
 * - `name`: the optimizer's name (checked on restore);
 * - `iterations`: updates made (what schedules are evaluated at);
 * - `learningRate`: present when it is a fixed number (it may have been changed, e.g. by
 *   ReduceLROnPlateau); a schedule is part of the config instead;
 * - `params`: per parameter, keyed by `param.name`, or by its position in the parameter list
 *   (`'0'`, `'1'`, ...) when it has no name.
 */
export interface OptimizerState {
  name: string;
  iterations: number;
  learningRate?: number;
  params: Record<string, ParamState>;
}

/** @internal What an update rule sees. */
export interface UpdateContext {
  /** The learning rate of this update. */
  lr: number;
  /** This parameter's update count, 1 for its first update. */
  step: number;
}

/** @internal What an update rule returns: the parameter's new value and its new slots. */
export interface UpdateResult {
  value: Tensor;
  slots: Record<string, Tensor>;
}

interface Entry {
  state: ParamState;
  /** Position in the parameter list at the last step (the key of an unnamed parameter). */
  position: number;
}

/**
 * Base class of the optimizers. The PyTorch-like loop:
 *
 * ```ts
 * const opt = adam({ learningRate: 1e-3 });
 * loss.backward();
 * opt.step(params);     // updates each parameter that has a .grad, in place (param.assign)
 * opt.zeroGrad(params); // clears the gradients for the next batch
 * ```
 *
 * `params` is any iterable of leaf float tensors; those whose `.grad` is null are skipped. State
 * is kept per parameter tensor. Updates run without recording gradients, in the parameter's
 * dtype, and dispose what they replace, so memory stays flat over a long run. Gradients are
 * clipped first (value, then per-tensor or global norm), then each rule applies.
 *
 * A custom optimizer extends it and implements `update`, `slotNames` and `hyperparameters`.
 *
 * @throws {ValueError} from the constructor, for an unknown option or a hyperparameter out of
 *   range (naming it and the value).
 * @example
 * import { type Tensor, mul, sign, square, sub, sum, tensor } from '@tsgrad/tensor';
 * import '@tsgrad/autograd'; // for backward()
 * import { Optimizer, type UpdateContext, type UpdateResult } from '@tsgrad/optim';
 * // signSGD (Bernstein et al., 2018): p ← p − lr·sign(g), no state
 * class SignSgd extends Optimizer {
 *   constructor(learningRate = 0.1) {
 *     super('signSgd', { learningRate }, 0.1, []);
 *   }
 *   protected update(param: Tensor, grad: Tensor, _slots: Readonly<Record<string, Tensor>>, { lr }: UpdateContext): UpdateResult {
 *     return { value: sub(param, mul(sign(grad), lr)), slots: {} };
 *   }
 *   protected slotNames(): string[] {
 *     return [];
 *   }
 *   protected hyperparameters(): Record<string, number | boolean> {
 *     return {};
 *   }
 * }
 * const w = tensor([3, -2]).requireGrad();
 * const opt = new SignSgd(0.5);
 * sum(square(w)).backward();
 * opt.step([w]);
 * opt.zeroGrad([w]);
 * w.toArray(); // [2.5, -1.5]
 * opt.iterations; // 1
 */
export abstract class Optimizer {
  /** The registered name: `'adam'`, `'sgd'`, ... */
  readonly name: string;
  private lr: number | Schedule;
  private iterationCount = 0;
  private readonly entries = new Map<Tensor, Entry>();
  private readonly clipValue: number | undefined;
  private readonly clipNorm: number | undefined;
  private readonly clipGlobalNorm: number | undefined;

  protected constructor(
    name: string,
    options: OptimizerOptions,
    defaultLearningRate: number,
    ownOptions: readonly string[],
  ) {
    this.name = name;
    check.knownKeys(name, options, [...COMMON_OPTIONS, ...ownOptions]);
    const lr = options.learningRate ?? defaultLearningRate;
    if (typeof lr === 'function') {
      if (typeof (lr as Schedule).getConfig !== 'function') {
        throw new ValueError(
          name,
          'learningRate must be a number or a schedule (a function of the step with getConfig())',
        );
      }
    } else check.positive(name, 'learningRate', lr);
    this.lr = lr;
    const { clipValue, clipNorm, clipGlobalNorm } = options;
    if (clipValue !== undefined) check.positive(name, 'clipValue', clipValue);
    if (clipNorm !== undefined) check.positive(name, 'clipNorm', clipNorm);
    if (clipGlobalNorm !== undefined) check.positive(name, 'clipGlobalNorm', clipGlobalNorm);
    if (clipNorm !== undefined && clipGlobalNorm !== undefined) {
      throw new ValueError(name, 'set at most one of clipNorm and clipGlobalNorm');
    }
    this.clipValue = clipValue;
    this.clipNorm = clipNorm;
    this.clipGlobalNorm = clipGlobalNorm;
  }

  /** The learning rate the next update uses (a schedule is evaluated at `iterations`). */
  get learningRate(): number {
    return typeof this.lr === 'number' ? this.lr : this.lr(this.iterationCount);
  }

  /**
   * Sets a fixed learning rate, replacing a schedule if there was one (what ReduceLROnPlateau
   * and LearningRateScheduler do).
   * @throws {ValueError} for a value that is not > 0.
   */
  set learningRate(value: number) {
    check.positive(this.name, 'learningRate', value);
    this.lr = value;
  }

  /** The schedule in use, or `undefined` for a fixed rate. */
  get schedule(): Schedule | undefined {
    return typeof this.lr === 'number' ? undefined : this.lr;
  }

  /** Updates made so far (calls of `step`). */
  get iterations(): number {
    return this.iterationCount;
  }

  /**
   * Updates every parameter that has a gradient, in place.
   * @throws {ValueError} when a parameter appears twice or a schedule gives a bad rate.
   * @throws {DTypeError} for a parameter that is not float.
   * @throws {ShapeError} when a gradient's shape differs from its parameter's.
   */
  step(params: Iterable<Tensor>): void {
    const lr = this.learningRate;
    if (!(lr >= 0) || !Number.isFinite(lr)) {
      throw new ValueError(
        this.name,
        `the learning-rate schedule gave ${lr} at step ${this.iterationCount}; it must be a finite number >= 0`,
      );
    }
    const list = this.withGrads(params);
    const prev = setGradEnabled(false);
    try {
      scope(() => {
        const grads = this.clip(list.map(({ param }) => cast(param.grad!, param.dtype)));
        list.forEach(({ param, position }, i) => {
          this.updateOne(param, grads[i], position, lr);
        });
      });
    } finally {
      setGradEnabled(prev);
    }
    this.iterationCount++;
  }

  /**
   * Clears `.grad` on each parameter (sets it to null and frees the old gradient).
   * @example
   * const w = tensor([1, 2]).requireGrad();
   * sum(square(w)).backward();
   * const opt = sgd();
   * opt.step([w]);
   * opt.zeroGrad([w]);
   * w.grad; // null
   */
  zeroGrad(params: Iterable<Tensor>): void {
    for (const p of params) {
      p.grad?.dispose();
      p.grad = null;
    }
  }

  private withGrads(params: Iterable<Tensor>): { param: Tensor; position: number }[] {
    if (params === null || typeof (params as any)?.[Symbol.iterator] !== 'function') {
      throw new ValueError(
        this.name,
        `step needs an iterable of parameter tensors, got ${show(params)}`,
      );
    }
    const seen = new Set<Tensor>();
    const out: { param: Tensor; position: number }[] = [];
    let position = 0;
    for (const param of params) {
      if (!(param instanceof TensorClass))
        throw new ValueError(this.name, `parameter ${position} is not a Tensor`);
      if (seen.has(param))
        throw new ValueError(
          this.name,
          `parameter ${label(param, position)} appears twice in the list`,
        );
      seen.add(param);
      if (param.grad) {
        if (!isFloat(param.dtype))
          throw new DTypeError(
            this.name,
            `parameter ${label(param, position)} is ${param.dtype}; only float parameters can be optimized`,
          );
        if (!sameShape(param.grad.shape, param.shape)) {
          throw new ShapeError(
            this.name,
            `gradient of parameter ${label(param, position)} has shape ${formatShape(param.grad.shape)} but the parameter has shape ${formatShape(param.shape)}`,
          );
        }
        out.push({ param, position });
      }
      position++;
    }
    return out;
  }

  private clip(grads: Tensor[]): Tensor[] {
    if (this.clipValue !== undefined) grads = clipByValue(grads, this.clipValue);
    if (this.clipNorm !== undefined) grads = clipByNorm(grads, this.clipNorm);
    if (this.clipGlobalNorm !== undefined)
      grads = clipByGlobalNorm(grads, this.clipGlobalNorm).grads;
    return grads;
  }

  private updateOne(param: Tensor, grad: Tensor, position: number, lr: number): void {
    let entry = this.entries.get(param);
    if (!entry) {
      entry = { state: { step: 0, slots: {} }, position };
      this.entries.set(param, entry);
    }
    entry.position = position;
    const state = entry.state;
    const { value, slots } = this.update(param, grad, state.slots, { lr, step: state.step + 1 });
    param.assign(value);
    const kept = state.slots;
    // for...in, not Object.entries: no arrays or iterators per slot per step.
    for (const k in slots) {
      const s = slots[k];
      const old = kept[k];
      if (s === old) continue;
      if (reusable(kept, k) && old.dtype === s.dtype && sameShape(old.shape, s.shape)) {
        // The slot tensor stays; it takes the new storage (what the step's scope frees is then
        // only the new tensor's handle). Cheaper than keeping a new tensor every step.
        old.assign(s);
        slots[k] = old;
        continue;
      }
      // A slot must own its tensor: never the caller's gradient or the parameter itself.
      const own = s === grad || s === param || s === param.grad ? s.detach() : s;
      slots[k] = keep(own);
    }
    for (const k in kept) if (slots[k] !== kept[k]) kept[k].dispose();
    state.slots = slots;
    state.step++;
  }

  /**
   * The update rule: from the parameter, its (clipped) gradient and its slots (empty before the
   * first update), the new value and the new slots. Runs inside a scope without gradients;
   * every tensor it makes and does not return is freed.
   */
  protected abstract update(
    param: Tensor,
    grad: Tensor,
    slots: Readonly<Record<string, Tensor>>,
    ctx: UpdateContext,
  ): UpdateResult;

  /** The slot names the current configuration keeps per parameter (checked by `setState`). */
  protected abstract slotNames(): string[];

  /** The optimizer's own hyperparameters, for `getConfig()`. */
  protected abstract hyperparameters(): Record<string, number | boolean>;

  /** L2 regularization added to the gradient: g + weightDecay·p (skipped when 0). */
  protected addWeightDecay(grad: Tensor, param: Tensor, weightDecay: number): Tensor {
    return weightDecay === 0 ? grad : add(grad, mul(param, weightDecay));
  }

  /**
   * `{ name, learningRate, ...hyperparameters }` as plain JSON; `optimizerFromConfig` reads it
   * back. A schedule is saved as its config.
   */
  getConfig(): OptimizerConfig {
    const config: OptimizerConfig = {
      name: this.name,
      learningRate: typeof this.lr === 'number' ? this.lr : this.lr.getConfig(),
      ...this.hyperparameters(),
    };
    if (this.clipValue !== undefined) config.clipValue = this.clipValue;
    if (this.clipNorm !== undefined) config.clipNorm = this.clipNorm;
    if (this.clipGlobalNorm !== undefined) config.clipGlobalNorm = this.clipGlobalNorm;
    return config;
  }

  /**
   * The state to resume training exactly: see `OptimizerState`. The slot tensors are views that
   * stay valid while training goes on.
   * @throws {ValueError} when two parameters share a name.
   * @example
   * const w = tensor([1, 2]).requireGrad();
   * w.name = 'w'; // names key the state (unnamed parameters go by position)
   * const opt = adam({ learningRate: 0.1 });
   * sum(square(w)).backward();
   * opt.step([w]);
   * const saved = opt.getState();
   * Object.keys(saved.params); // ['w']
   * // ... later, with a fresh optimizer of the same configuration:
   * const resumed = optimizerFromConfig(opt.getConfig());
   * resumed.setState(saved, [w]);
   * resumed.iterations; // 1
   */
  getState(): OptimizerState {
    const params: Record<string, ParamState> = {};
    for (const [param, { state, position }] of this.entries) {
      const key = param.name ?? String(position);
      if (key in params) {
        throw new ValueError(
          this.name,
          `two parameters are keyed '${key}'; give parameters distinct names (or none, to key them by position)`,
        );
      }
      const slots: Record<string, Tensor> = {};
      for (const [k, s] of Object.entries(state.slots)) slots[k] = s.detach();
      params[key] = { step: state.step, slots };
    }
    const out: OptimizerState = { name: this.name, iterations: this.iterationCount, params };
    if (typeof this.lr === 'number') out.learningRate = this.lr;
    return out;
  }

  /**
   * Restores a state from `getState()` for `params` (the same parameters, in the same order, or
   * with the same names). Parameters without saved state start fresh.
   * @throws {ValueError} for a state from another optimizer, malformed state, slots that do not
   *   match this configuration, or saved parameters that match none of `params`.
   * @throws {ShapeError} when a slot's shape differs from its parameter's.
   */
  setState(state: OptimizerState, params: Iterable<Tensor>): void {
    const op = this.name;
    if (
      state === null ||
      typeof state !== 'object' ||
      typeof state.params !== 'object' ||
      state.params === null
    ) {
      throw new ValueError(op, `setState expects { name, iterations, params }, got ${show(state)}`);
    }
    if (state.name !== this.name)
      throw new ValueError(op, `cannot load the state of a '${String(state.name)}' optimizer`);
    check.nonNegativeInteger(op, 'state.iterations', state.iterations);
    if (state.learningRate !== undefined)
      check.positive(op, 'state.learningRate', state.learningRate);
    const expected = this.slotNames().sort();
    const restored = new Map<Tensor, Entry>();
    const used = new Set<string>();
    const prev = setGradEnabled(false);
    try {
      let position = 0;
      for (const param of params) {
        const key = param.name ?? String(position);
        const saved = state.params[key];
        if (saved !== undefined) {
          restored.set(param, { state: this.restoreOne(key, saved, param, expected), position });
          used.add(key);
        }
        position++;
      }
    } catch (e) {
      for (const { state: s } of restored.values())
        for (const t of Object.values(s.slots)) t.dispose();
      throw e;
    } finally {
      setGradEnabled(prev);
    }
    const unused = Object.keys(state.params).filter((k) => !used.has(k));
    if (unused.length > 0) {
      for (const { state: s } of restored.values())
        for (const t of Object.values(s.slots)) t.dispose();
      throw new ValueError(
        op,
        `the state has parameters ${unused.map((k) => `'${k}'`).join(', ')} that match none of the given parameters (keyed by name, else by position)`,
      );
    }
    for (const { state: s } of this.entries.values())
      for (const t of Object.values(s.slots)) t.dispose();
    this.entries.clear();
    for (const [p, e] of restored) this.entries.set(p, e);
    this.iterationCount = state.iterations;
    if (state.learningRate !== undefined) this.lr = state.learningRate;
  }

  private restoreOne(
    key: string,
    saved: ParamState,
    param: Tensor,
    expected: string[],
  ): ParamState {
    const op = this.name;
    if (
      saved === null ||
      typeof saved !== 'object' ||
      typeof saved.slots !== 'object' ||
      saved.slots === null
    ) {
      throw new ValueError(
        op,
        `state for parameter '${key}' must be { step, slots }, got ${show(saved)}`,
      );
    }
    check.nonNegativeInteger(op, `state.params['${key}'].step`, saved.step);
    const names = Object.keys(saved.slots).sort();
    if (saved.step > 0 && names.join() !== expected.join()) {
      throw new ValueError(
        op,
        `state for parameter '${key}' has slots [${names}] but this configuration keeps [${expected}]`,
      );
    }
    const slots: Record<string, Tensor> = {};
    for (const k of names) {
      const s = saved.slots[k];
      if (!(s instanceof TensorClass))
        throw new ValueError(op, `slot '${k}' of parameter '${key}' is not a Tensor`);
      if (!sameShape(s.shape, param.shape)) {
        throw new ShapeError(
          op,
          `slot '${k}' of parameter '${key}' has shape ${formatShape(s.shape)} but the parameter has shape ${formatShape(param.shape)}`,
        );
      }
      slots[k] = keep(s.dtype === param.dtype ? s.detach() : cast(s, param.dtype));
    }
    return { step: saved.step, slots };
  }
}

function label(param: Tensor, position: number): string {
  return param.name !== undefined ? `'${param.name}'` : `#${position}`;
}

/**
 * Whether slot `k`'s tensor can take a new value in place: it exists, is live, and no other
 * slot holds the same tensor (AMSGrad's first step returns v as vMax too; assigning to one
 * would change the other).
 */
function reusable(slots: Readonly<Record<string, Tensor>>, k: string): boolean {
  const t = slots[k];
  if (!t || t.isDisposed) return false;
  for (const j in slots) if (j !== k && slots[j] === t) return false;
  return true;
}

function sameShape(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i]);
}

/** @internal Reads an optional option with its default. */
export function option<T>(value: T | undefined, fallback: T): T {
  return value === undefined ? fallback : value;
}

/** @internal Rebuilds `learningRate` from a config (a number or a schedule config). */
export function learningRateFromConfig(v: unknown): number | Schedule | undefined {
  if (v === undefined || typeof v === 'number') return v as number | undefined;
  return scheduleFromConfig(v as ScheduleConfig);
}
