import { noGrad } from '@tsgrad/autograd';
import {
  Generator,
  ShapeError,
  type Tensor,
  Tensor as TensorClass,
  ValueError,
  add,
  cast,
  defaultGenerator,
  formatShape,
  isFloat,
  keep,
  scope,
} from '@tsgrad/tensor';
import {
  type FloatDType,
  type InitializerIdentifier,
  dropUndefined,
  getInitializer,
} from './initializers.js';
import { snakeCase, uniqueLayerName } from './names.js';
import type { Regularizer } from './regularizers.js';
import { summarize } from './summary.js';

/** A shape with an unknown batch (and possibly other) dimension as `null`: `[null, 28, 28, 1]`. */
export type LayerShape = readonly (number | null)[];

/**
 * Formats a layer shape like `formatShape`, unknown dimensions as `null`.
 * @example formatLayerShape([null, 26, 26, 32]); // '[null,26,26,32]'
 */
export function formatLayerShape(shape: LayerShape): string {
  return `[${shape.map((d) => (d === null ? 'null' : d)).join(',')}]`;
}

/** Options of `layer.call(x, options)`. */
export interface CallOptions {
  /**
   * Training mode: Dropout drops and BatchNorm uses (and updates) batch statistics. When
   * omitted, a layer called inside another layer's call inherits the outer call's mode; a
   * top-level call defaults to inference (`false`), as in Keras.
   */
  training?: boolean;
  /** Initial states of a recurrent layer (`[h]`, or `[h, c]` for LSTM), each `[batch, units]`. */
  initialState?: readonly Tensor[];
}

/** What `forward` receives: the resolved mode and the call's other options. */
export interface ForwardContext {
  readonly training: boolean;
  readonly initialState?: readonly Tensor[];
}

/** Options every layer takes. */
export interface LayerOptions {
  /** A name, unique within a model; by default `dense`, `dense_1`, ... per class. */
  name?: string;
  /** False freezes the layer: its parameters leave `trainableParameters()` (default true). */
  trainable?: boolean;
  /**
   * The input shape without the batch dimension, e.g. `[28, 28, 1]` (`null` for a dimension
   * that varies, like time). A layer that knows it builds its weights before its first call,
   * and checks its inputs against it.
   */
  inputShape?: LayerShape;
  /**
   * Dtype of the weights: float32 (default), or float64 for gradient checks. A layer with
   * weights casts float inputs to it; layers without weights keep a float input's dtype. Int32
   * and bool inputs are cast to it by layers that compute in floating point (those with
   * weights, pooling, dropout), as Keras casts inputs to the compute dtype; Embedding keeps its
   * integer indices.
   */
  dtype?: FloatDType;
  /** Seed of the layer's own random stream (weight initialization, dropout masks). */
  seed?: number;
}

/** Options of `addWeight`. */
export interface WeightOptions {
  /** How to make the initial values (default `'glorotUniform'`). */
  initializer?: InitializerIdentifier;
  /**
   * True (default): a parameter (requires grad, updated by optimizers). False: state, such as
   * BatchNorm's moving statistics — saved in the state dict, updated with `assign`, never a
   * parameter.
   */
  trainable?: boolean;
  /** A penalty collected by `regularizationLoss()`. */
  regularizer?: Regularizer | null;
}

/** The JSON form of a layer: what `serializeLayer` writes and `layerFromConfig` reads. */
export interface SerializedLayer {
  className: string;
  config: Record<string, unknown>;
}

/** Constructors that `layerFromConfig` can rebuild. */
export interface LayerClass {
  /** The registry name; defaults to the constructor's name. */
  readonly className?: string;
  /** Prefix of default names (`'dense'`); defaults to the snake_case class name. */
  readonly defaultName?: string;
  fromConfig?(config: Record<string, unknown>): AnyLayer;
  new (...args: any[]): AnyLayer;
}

/** Any layer, whatever its input and output types. */
export type AnyLayer = Layer<any, any>;

interface WeightEntry {
  readonly name: string;
  readonly fullName: string;
  value: Tensor;
  readonly trainable: boolean;
  readonly regularizer: Regularizer | null;
}

/** The registry name of a layer class: its own static `className`, else its constructor name. */
export function classNameOf(ctor: abstract new (...args: any[]) => unknown): string {
  return Object.hasOwn(ctor, 'className') ? (ctor as unknown as LayerClass).className! : ctor.name;
}

// The training mode of the calls in progress; nested calls inherit the innermost one.
const trainingStack: boolean[] = [];

/**
 * Base class of every layer and model.
 *
 * - **Names**: `dense`, `dense_1`, ... by class (see `resetLayerNames`); weights are named
 *   `<layer name>/<weight>` (`dense_1/kernel`), which are the keys of the state dict.
 * - **Lazy build**: `build(inputShape)` creates the weights from the first input's shape (or,
 *   given `inputShape`, as soon as the weights are needed).
 * - **Calling**: `call(x, { training })` checks the input (errors name the layer and the
 *   shapes), builds, casts float inputs to the layer's dtype, casts int32/bool inputs to it
 *   where the computation is in floating point (see `castsIntegerInput`) and runs `forward`.
 * - **Children**: layers held in own properties (or arrays of layers), and those passed to
 *   `register`, are found automatically: their weights are this layer's weights too.
 *
 * Subclasses implement `forward`, and usually `build`, `computeOutputShape` and `getConfig`.
 *
 * @example
 * import { type Tensor, add, matmul, ones } from '@tsgrad/tensor';
 * import { Layer, type LayerShape } from '@tsgrad/layers';
 * // y = x·kernel + bias, with weights made on the first call from the input's last dimension
 * class Affine extends Layer {
 *   static override readonly className: string = 'Affine';
 *   constructor(readonly units: number) {
 *     super();
 *   }
 *   override build(inputShape: LayerShape): void {
 *     this.addWeight('kernel', [inputShape[inputShape.length - 1] as number, this.units]);
 *     this.addWeight('bias', [this.units], { initializer: 'zeros' });
 *   }
 *   override computeOutputShape(inputShape: LayerShape): LayerShape {
 *     return [...inputShape.slice(0, -1), this.units];
 *   }
 *   protected forward(x: Tensor): Tensor {
 *     return add(matmul(x, this.weight('kernel')), this.weight('bias'));
 *   }
 * }
 * const layer = new Affine(3);
 * layer.call(ones([2, 4])).shape; // [2, 3]
 * layer.countParams(); // 15
 * layer.name; // 'affine': the default name comes from the class
 */
export abstract class Layer<In = Tensor, Out = Tensor> {
  /** The name the registry and summaries use. */
  static readonly className: string = 'Layer';

  /** Unique name (within a model); prefixes the weight names. */
  readonly name: string;
  /** Dtype of the weights. */
  readonly dtype: FloatDType;
  /** The declared input shape without the batch dimension, if any. */
  readonly inputShape: LayerShape | undefined;
  /** The `seed` option. */
  readonly seed: number | undefined;

  private _trainable: boolean;
  private _built = false;
  private _buildShape: LayerShape | undefined;
  private _lastOutputShape: LayerShape | undefined;
  private _generator: Generator | undefined;
  private readonly _weights = new Map<string, WeightEntry>();
  private readonly _registered = new Map<string, AnyLayer>();

  constructor(options: LayerOptions = {}) {
    const ctor = new.target as unknown as LayerClass;
    const dtype = options.dtype ?? 'float32';
    const label = `${classNameOf(ctor)} '${options.name ?? '?'}'`;
    if (dtype !== 'float32' && dtype !== 'float64')
      throw new ValueError(
        label,
        `dtype must be 'float32' or 'float64', got ${JSON.stringify(dtype)}`,
      );
    if (options.seed !== undefined && !Number.isFinite(options.seed))
      throw new ValueError(label, `seed must be a finite number, got ${options.seed}`);
    if (
      options.inputShape !== undefined &&
      !options.inputShape.every((d) => d === null || (Number.isInteger(d) && d >= 0))
    ) {
      throw new ValueError(
        label,
        `inputShape must hold non-negative integers or null, got ${JSON.stringify(options.inputShape)}`,
      );
    }
    this.name =
      options.name ??
      uniqueLayerName(
        Object.hasOwn(ctor, 'defaultName') ? ctor.defaultName! : snakeCase(classNameOf(ctor)),
      );
    this.dtype = dtype;
    this.inputShape = options.inputShape ? Object.freeze([...options.inputShape]) : undefined;
    this.seed = options.seed;
    this._trainable = options.trainable ?? true;
  }

  /** The registry name of this layer's class, e.g. `'Dense'`. */
  get className(): string {
    return classNameOf(this.constructor as LayerClass);
  }

  /** `Dense 'dense_2'`: how errors name this layer. */
  get label(): string {
    return `${this.className} '${this.name}'`;
  }

  /** Whether the weights exist. */
  get built(): boolean {
    return this._built;
  }

  /**
   * Whether optimizers may update this layer's parameters. Setting it sets it on every child
   * too (as in Keras), and turns `requiresGrad` of the parameters off or on.
   */
  get trainable(): boolean {
    return this._trainable;
  }

  set trainable(value: boolean) {
    this._trainable = value;
    for (const w of this._weights.values()) if (w.trainable) w.value.requiresGrad = value;
    for (const child of this.children()) child.trainable = value;
  }

  /** The input shape (batch as null) the weights were built for, once built. */
  get builtInputShape(): LayerShape | undefined {
    return this._buildShape;
  }

  /** The output shape (batch as null) if known: from the build shape, or the last call. */
  get outputShape(): LayerShape | undefined {
    if (!this._built) this._buildIfShapeKnown();
    if (this._lastOutputShape) return this._lastOutputShape;
    if (this._buildShape && this.knowsOutputShape())
      return this.computeOutputShape(this._buildShape);
    return undefined;
  }

  // ---- to implement -------------------------------------------------------------------------

  /** The computation. Called by `call` after checks, build and casting. */
  protected abstract forward(input: In, context: ForwardContext): Out;

  /**
   * Creates the weights (with `addWeight`) for inputs of `inputShape` (batch included, possibly
   * null). Runs once, before the first `forward`.
   */
  build(_inputShape: LayerShape): void {}

  /**
   * Validates an input shape; throws a `ShapeError` naming the layer and the shape. Runs on
   * every call, and before `build`. The default checks the declared `inputShape`, if any.
   */
  protected checkInput(shape: LayerShape): void {
    const expected = this.inputShape;
    if (!expected) return;
    if (
      shape.length !== expected.length + 1 ||
      expected.some((d, i) => d !== null && shape[i + 1] !== null && d !== shape[i + 1])
    ) {
      throw this.shapeError(
        `expected input shape ${formatLayerShape([null, ...expected])}, got shape ${formatLayerShape(shape)}`,
      );
    }
  }

  /**
   * The output shape for an input shape (batch dimension first, possibly null).
   * @throws {ShapeError} for an input the layer does not accept.
   */
  computeOutputShape(inputShape: LayerShape): LayerShape {
    this.checkInput(inputShape);
    return inputShape;
  }

  /** False for layers whose output shape is known only by running them (custom modules). */
  protected knowsOutputShape(): boolean {
    return true;
  }

  /** Whether float inputs are cast to the layer's dtype: by default when it owns weights. */
  protected get autocast(): boolean {
    return this._weights.size > 0;
  }

  /**
   * Whether `call` casts an int32 or bool input to the layer's dtype before `forward`. By
   * default when the layer owns weights: its computation mixes the input with float weights, so
   * integer features (counts, pixel bytes, 0/1 flags) are converted, as Keras' `Dense` casts its
   * input to the compute dtype. Layers without weights that compute in floating point (pooling,
   * dropout) cast too; `Embedding` (indices) and `Module` (a custom forward decides) do not.
   */
  protected get castsIntegerInput(): boolean {
    return this._weights.size > 0;
  }

  /**
   * The options this layer was made with, JSON-serializable: `new Class(config)` (or the
   * class's `fromConfig`) makes an equivalent layer. Subclasses add their own fields.
   */
  getConfig(): Record<string, unknown> {
    return dropUndefined({
      name: this.name,
      trainable: this._trainable,
      dtype: this.dtype,
      inputShape: this.inputShape ? [...this.inputShape] : undefined,
      seed: this.seed,
    });
  }

  // ---- calling ------------------------------------------------------------------------------

  /**
   * Runs the layer: checks the input, builds the weights on the first call, casts float inputs
   * to the layer's dtype (when it has weights) and int32/bool inputs to it (when it computes in
   * floating point: layers with weights, pooling, dropout; not Embedding), and calls `forward`
   * in the requested mode.
   * @throws {ShapeError} naming the layer and the shapes, for inputs it cannot take.
   * @example dense({ units: 3 }).call(ones([2, 4]), { training: true }).shape; // [2, 3]
   */
  call(input: In, options: CallOptions = {}): Out {
    const training = options.training ?? trainingStack[trainingStack.length - 1] ?? false;
    let x: unknown = input;
    if (input instanceof TensorClass) {
      this.checkInput(input.shape);
      if (!this._built) this._build(input.shape);
      if (isFloat(input.dtype)) {
        if (this.autocast && input.dtype !== this.dtype) x = cast(input, this.dtype);
      } else if (this.castsIntegerInput) {
        x = cast(input, this.dtype);
      }
    } else if (!this._built) {
      this._built = true;
    }
    trainingStack.push(training);
    let out: Out;
    try {
      out = this.forward(x as In, { training, initialState: options.initialState });
    } finally {
      trainingStack.pop();
    }
    const first =
      out instanceof TensorClass
        ? out
        : Array.isArray(out) && out[0] instanceof TensorClass
          ? (out[0] as Tensor)
          : undefined;
    if (first && first.rank > 0)
      this._lastOutputShape = Object.freeze([null, ...first.shape.slice(1)]);
    return out;
  }

  /** @internal The output shape for `shape`, or undefined when only running tells. */
  _outputShapeFor(shape: LayerShape): LayerShape | undefined {
    return this.knowsOutputShape() ? this.computeOutputShape(shape) : undefined;
  }

  /** @internal Builds for `shape` (once). */
  _build(shape: LayerShape): void {
    if (this._built) return;
    this.checkInput(shape);
    this.build(shape);
    this._buildShape = Object.freeze([null, ...shape.slice(1)]);
    this._built = true;
  }

  /** @internal Builds what can be built without an input: from declared input shapes. */
  _buildIfShapeKnown(): void {
    const shape = this.knownInputShape();
    if (!this._built && shape) this._build([null, ...shape]);
    for (const child of this.children()) child._buildIfShapeKnown();
  }

  /** The declared input shape (batch excluded) from which this layer can build itself. */
  protected knownInputShape(): LayerShape | undefined {
    return this.inputShape;
  }

  /** A `ShapeError` whose message starts with this layer's label. */
  protected shapeError(message: string): ShapeError {
    return new ShapeError(this.label, message);
  }

  // ---- weights ------------------------------------------------------------------------------

  /**
   * Creates a weight of this layer, named `<layer name>/<name>`: a parameter (float leaf,
   * `requiresGrad`) or, with `trainable: false`, a state tensor. Use it in `build`, or in a
   * module's constructor for raw parameters.
   * @throws {ValueError} when this layer already has a weight called `name`.
   * @example this.kernel = this.addWeight('kernel', [inDim, units], { initializer: 'heNormal' });
   */
  protected addWeight(name: string, shape: readonly number[], options: WeightOptions = {}): Tensor {
    if (this._weights.has(name))
      throw new ValueError(this.label, `a weight named '${name}' already exists`);
    if (name.includes('/') || name === '')
      throw new ValueError(
        this.label,
        `weight names must be non-empty and contain no '/', got ${JSON.stringify(name)}`,
      );
    const init = getInitializer(options.initializer ?? 'glorotUniform');
    const value = keep(init.init(shape, this.dtype, this.generator));
    if (formatShape(value.shape) !== formatShape(shape)) {
      throw new ShapeError(
        this.label,
        `initializer ${init.className} made shape ${formatShape(value.shape)} for weight '${name}' of shape ${formatShape(shape)}`,
      );
    }
    const trainable = options.trainable ?? true;
    value.requiresGrad = trainable && this._trainable;
    value.name = `${this.name}/${name}`;
    this._weights.set(name, {
      name,
      fullName: value.name,
      value,
      trainable,
      regularizer: options.regularizer ?? null,
    });
    return value;
  }

  /**
   * The current value of this layer's weight `name` (what `forward` should read, so that
   * `functionalCall` can substitute it).
   * @throws {ValueError} when there is no such weight (yet).
   */
  protected weight(name: string): Tensor {
    if (!this._built) this._buildIfShapeKnown();
    const w = this._weights.get(name);
    if (!w) {
      throw new ValueError(
        this.label,
        `has no weight '${name}'${this._built ? '' : ' yet (the layer builds on its first call)'}`,
      );
    }
    return w.value;
  }

  /**
   * The generators this layer draws from while training (Dropout's masks, say) — not the
   * global default generator, whose state is the caller's. Layers with their own random
   * streams override this; their states are what `randomState()` saves.
   */
  protected randomGenerators(): Generator[] {
    // The initializers' stream is spent when the weights are built, before any training.
    return [];
  }

  /**
   * The states of the random generators of this layer and its descendants, by layer name, as
   * plain JSON: saved next to the weights so that resuming a seeded run that uses Dropout
   * draws the same masks as an uninterrupted run.
   * @example
   * const state = model.randomState(); // { dropout: [[...]] }
   * model.setRandomState(state);
   */
  randomState(): Record<string, number[][]> {
    const out: Record<string, number[][]> = {};
    for (const l of this._allLayers()) {
      const gens = l.randomGenerators();
      if (gens.length > 0) out[l.name] = gens.map((g) => g.getState());
    }
    return out;
  }

  /**
   * Restores `randomState()` output. Layers absent from `state` keep their streams.
   * @throws {ValueError} for an unknown layer name or a malformed state, before changing any.
   */
  setRandomState(state: Readonly<Record<string, readonly (readonly number[])[]>>): void {
    const byName = new Map(this._allLayers().map((l) => [l.name, l]));
    const updates: [Generator, readonly number[]][] = [];
    for (const [name, states] of Object.entries(state)) {
      const layer = byName.get(name);
      if (!layer)
        throw new ValueError(this.label, `setRandomState: no layer named '${name}' in this model`);
      const gens = layer.randomGenerators();
      if (!Array.isArray(states) || states.length !== gens.length)
        throw new ValueError(
          this.label,
          `setRandomState: '${name}' has ${gens.length} random generator(s), the state gives ${Array.isArray(states) ? states.length : 'none'}`,
        );
      states.forEach((st, i) => {
        // JSON turns the NaN of "no spare normal" into null.
        const ok =
          Array.isArray(st) &&
          st.length === 5 &&
          st.slice(0, 4).every((v) => Number.isInteger(v) && v >= -0x80000000 && v <= 0xffffffff) &&
          (st[4] === null || typeof st[4] === 'number');
        if (!ok)
          throw new ValueError(
            this.label,
            `setRandomState: '${name}' state ${i} must be 5 numbers (Generator.getState())`,
          );
        updates.push([gens[i], st.map((v) => v ?? Number.NaN)]);
      });
    }
    for (const [g, st] of updates) g.setState(st);
  }

  /** This layer's random stream: seeded by `seed`, else the global default generator. */
  protected get generator(): Generator {
    if (this.seed === undefined) return defaultGenerator();
    this._generator ??= new Generator(this.seed);
    return this._generator;
  }

  /**
   * Registers a child layer under a name explicitly (layers in own properties are found
   * without it). Returns the layer.
   * @throws {ValueError} for a name already registered, or a value that is not a layer.
   */
  protected register<L extends AnyLayer>(name: string, layer: L): L {
    if (!(layer instanceof Layer))
      throw new ValueError(
        this.label,
        `register('${name}', ...) needs a Layer, got ${typeof layer}`,
      );
    if (this._registered.has(name))
      throw new ValueError(this.label, `a child named '${name}' is already registered`);
    if (layer === (this as AnyLayer))
      throw new ValueError(this.label, 'cannot register a layer as its own child');
    this._registered.set(name, layer);
    return layer;
  }

  /**
   * The direct child layers: those registered, then those held in own properties (or in arrays
   * in own properties), in property order, each once.
   */
  children(): AnyLayer[] {
    const out: AnyLayer[] = [];
    const seen = new Set<AnyLayer>([this]);
    const visit = (v: unknown) => {
      if (v instanceof Layer && !seen.has(v)) {
        seen.add(v);
        out.push(v);
      }
    };
    for (const l of this._registered.values()) visit(l);
    for (const key of Object.keys(this)) {
      const v = (this as Record<string, unknown>)[key];
      if (Array.isArray(v)) for (const e of v) visit(e);
      else visit(v);
    }
    return out;
  }

  /** @internal This layer and every descendant, depth first, each once. */
  _allLayers(): AnyLayer[] {
    const out: AnyLayer[] = [];
    const seen = new Set<AnyLayer>();
    const walk = (l: AnyLayer) => {
      if (seen.has(l)) return;
      seen.add(l);
      out.push(l);
      for (const c of l.children()) walk(c);
    };
    walk(this);
    return out;
  }

  /**
   * @internal Every weight entry of this layer and its descendants, in state-dict order, with
   * whether its layer and every layer above it (up to this one) are trainable.
   */
  _weightEntries(): { layer: AnyLayer; entry: WeightEntry; trainable: boolean }[] {
    this._buildIfShapeKnown();
    const out: { layer: AnyLayer; entry: WeightEntry; trainable: boolean }[] = [];
    const seen = new Set<AnyLayer>();
    const walk = (layer: AnyLayer, above: boolean) => {
      if (seen.has(layer)) return;
      seen.add(layer);
      const trainable = above && layer._trainable;
      for (const entry of layer._weights.values()) out.push({ layer, entry, trainable });
      for (const child of layer.children()) walk(child, trainable);
    };
    walk(this, true);
    return out;
  }

  /**
   * Every parameter (trainable or frozen) of this layer and its children: the float leaves
   * with gradients. State such as BatchNorm's moving statistics is not included.
   * @example
   * const model = sequential([
   *   dense({ units: 3, inputShape: [2], name: 'hidden' }),
   *   batchNormalization({ name: 'bn' }),
   * ]);
   * model.parameters().map((p) => p.name); // ['hidden/kernel', 'hidden/bias', 'bn/gamma', 'bn/beta']
   */
  parameters(): Tensor[] {
    return unique(
      this._weightEntries()
        .filter(({ entry }) => entry.trainable)
        .map(({ entry }) => entry.value),
    );
  }

  /**
   * The parameters an optimizer should update: those of layers that are not frozen, directly
   * or through a frozen container.
   */
  trainableParameters(): Tensor[] {
    return unique(
      this._weightEntries()
        .filter(({ entry, trainable }) => entry.trainable && trainable)
        .map(({ entry }) => entry.value),
    );
  }

  /** Total number of weight values (parameters and state), as `summary()` counts them. */
  countParams(): number {
    return unique(this._weightEntries().map(({ entry }) => entry.value)).reduce(
      (n, t) => n + t.size,
      0,
    );
  }

  /** Number of values in `trainableParameters()`. */
  countTrainableParams(): number {
    return this.trainableParameters().reduce((n, t) => n + t.size, 0);
  }

  /**
   * Every weight (parameters and state) by its stable name, e.g. `dense_1/kernel`,
   * `batch_normalization/moving_mean`, in creation order. Values are snapshots: later
   * training does not change them (they share storage until then; nothing is copied).
   * @throws {ValueError} when two weights have the same name (two layers with one name).
   * @example
   * const layer = dense({ units: 2, inputShape: [3], seed: 0, name: 'out' });
   * const saved = layer.stateDict(); // snapshots: later updates do not change them
   * [...saved.keys()]; // ['out/kernel', 'out/bias']
   * layer.loadStateDict(saved);
   */
  stateDict(): Map<string, Tensor> {
    const out = new Map<string, Tensor>();
    for (const [name, entry] of this._namedEntries()) {
      const t = entry.value.detach();
      t.name = name;
      out.set(name, t);
    }
    return out;
  }

  /** @internal Weight entries by full name; duplicates are an error. */
  _namedEntries(): Map<string, WeightEntry> {
    const out = new Map<string, WeightEntry>();
    for (const { entry } of this._weightEntries()) {
      const prev = out.get(entry.fullName);
      if (prev === entry) continue;
      if (prev)
        throw new ValueError(
          this.label,
          `two weights are named '${entry.fullName}'; give the layers of one model distinct names`,
        );
      out.set(entry.fullName, entry);
    }
    return out;
  }

  /**
   * Loads weights by name (as `stateDict()` returns them; a Map or a plain record). Float
   * values are cast to each weight's dtype. Nothing is changed unless every check passes.
   * @param options.strict true (default): missing and unexpected names are errors; false:
   *   loads the names both have and reports the others.
   * @throws {ValueError} listing missing and unexpected names (and the layers not built yet).
   * @throws {ShapeError} `Dense 'dense': weight 'dense/kernel' has shape [4,3], the state dict has [4,2]`
   */
  loadStateDict(
    dict: ReadonlyMap<string, Tensor> | Readonly<Record<string, Tensor>>,
    options: { strict?: boolean } = {},
  ): { missing: string[]; unexpected: string[] } {
    const strict = options.strict ?? true;
    const given: ReadonlyMap<string, Tensor> =
      dict instanceof Map ? dict : new Map(Object.entries(dict));
    const entries = this._namedEntries();
    const missing = [...entries.keys()].filter((k) => !given.has(k));
    const unexpected = [...given.keys()].filter((k) => !entries.has(k));
    if (strict && (missing.length > 0 || unexpected.length > 0)) {
      const parts: string[] = [];
      if (missing.length > 0) parts.push(`missing ${missing.join(', ')}`);
      if (unexpected.length > 0) parts.push(`unexpected ${unexpected.join(', ')}`);
      const unbuilt = this._allLayers().filter(
        (l) => !l._built && l.knowsOutputShape() && !(l instanceof Container),
      );
      const hint =
        unbuilt.length > 0
          ? ` (not built yet: ${unbuilt.map((l) => l.name).join(', ')}; call the model once or give its first layer an inputShape)`
          : '';
      throw new ValueError(this.label, `loadStateDict: ${parts.join('; ')}${hint}`);
    }
    const updates: [WeightEntry, Tensor][] = [];
    for (const [name, entry] of entries) {
      const v = given.get(name);
      if (!v) continue;
      if (!(v instanceof TensorClass))
        throw new ValueError(this.label, `loadStateDict: '${name}' is not a Tensor`);
      if (formatShape(v.shape) !== formatShape(entry.value.shape)) {
        const owner = this._allLayers().find((l) => l._weights.get(entry.name) === entry) ?? this;
        throw new ShapeError(
          owner.label,
          `weight '${name}' has shape ${formatShape(entry.value.shape)}, the state dict has ${formatShape(v.shape)}`,
        );
      }
      if (!isFloat(v.dtype))
        throw new ValueError(
          this.label,
          `loadStateDict: '${name}' is ${v.dtype}, weights are float`,
        );
      updates.push([entry, v]);
    }
    // In a scope: the wrappers made here (and the old storage swapped out) are freed now, not
    // at garbage collection — which matters on backends whose memory is not the JS heap.
    scope(() =>
      noGrad(() => {
        for (const [entry, v] of updates) entry.value.assign(cast(v.detach(), entry.value.dtype));
      }),
    );
    return { missing, unexpected };
  }

  /** All weights' values in state-dict order (snapshots), as Keras' `getWeights()`. */
  getWeights(): Tensor[] {
    return [...this.stateDict().values()];
  }

  /**
   * Sets all weights by position (the order of `getWeights()`): copies weights between models
   * whose layer names differ, such as a DQN's target network.
   * @throws {ValueError} for a wrong count; {ShapeError} for a wrong shape.
   * @example
   * const online = dense({ units: 2, inputShape: [3], seed: 0 });
   * const target = dense({ units: 2, inputShape: [3], seed: 1 }); // another name: dense_1
   * target.setWeights(online.getWeights());
   * target.kernel.toArray(); // the same values as online.kernel
   */
  setWeights(values: readonly Tensor[]): void {
    const names = [...this._namedEntries().keys()];
    if (values.length !== names.length)
      throw new ValueError(
        this.label,
        `setWeights: expected ${names.length} tensors, got ${values.length}`,
      );
    this.loadStateDict(new Map(names.map((n, i) => [n, values[i]])));
  }

  /**
   * The sum of the regularization penalties of this layer's and its children's weights, as a
   * differentiable scalar to add to the loss; null when no weight has a regularizer.
   * @example
   * const layer = dense({ units: 1, inputShape: [2], kernelInitializer: 'ones', kernelRegularizer: l2(0.5) });
   * layer.regularizationLoss()!.item(); // 1: 0.5·(1² + 1²)
   * dense({ units: 1, inputShape: [2] }).regularizationLoss(); // null
   */
  regularizationLoss(): Tensor | null {
    let total: Tensor | null = null;
    for (const { entry } of this._weightEntries()) {
      if (!entry.regularizer) continue;
      const p = entry.regularizer.apply(entry.value);
      total = total ? add(total, p) : p;
    }
    return total;
  }

  /**
   * A Keras-style table: each layer (or, for a container, each child) with its type, output
   * shape and parameter count, then total, trainable and non-trainable parameter counts.
   * @example
   * const model = sequential([dense({ units: 128, inputShape: [784] }), dense({ units: 10 })]);
   * console.log(model.summary()); // ... Total params: 101,770
   */
  summary(options: { lineLength?: number } = {}): string {
    this._buildIfShapeKnown();
    return summarize(this, options.lineLength ?? 80);
  }

  /** @internal Rows of `summary()`: children for containers, else the layer itself. */
  _summaryRows(): AnyLayer[] {
    return [this];
  }
}

/**
 * A layer whose work is done by children it holds: `Sequential` and `Module`. Its summary
 * lists its children (not itself), and its parameters are theirs.
 * @example
 * import { type Tensor, ones } from '@tsgrad/tensor';
 * import { Container, dense } from '@tsgrad/layers';
 * class TwoDense extends Container {
 *   first = dense({ units: 4 });
 *   second = dense({ units: 2 });
 *   protected forward(x: Tensor): Tensor {
 *     return this.second.call(this.first.call(x));
 *   }
 * }
 * const net = new TwoDense();
 * net.call(ones([3, 5])).shape; // [3, 2]
 * net.children().length; // 2
 * net.countParams(); // 34: (5·4 + 4) + (4·2 + 2)
 */
export abstract class Container<In = Tensor, Out = Tensor> extends Layer<In, Out> {
  /** @internal */
  override _summaryRows(): AnyLayer[] {
    return this.children();
  }
}

function unique(ts: Tensor[]): Tensor[] {
  return [...new Set(ts)];
}

/**
 * The regularization penalties of every weight of `model` that has a regularizer, as
 * differentiable scalars (shape `[]`; an empty array when there are none). Add them to the
 * data loss before `backward()`.
 * @example
 * import { add, mean, randn, square } from '@tsgrad/tensor';
 * import { dense, l2, regularizationLosses, sequential } from '@tsgrad/layers';
 * const model = sequential([
 *   dense({ units: 4, kernelRegularizer: l2(0.01), inputShape: [3] }),
 *   dense({ units: 1 }),
 * ]);
 * const dataLoss = mean(square(model.call(randn([8, 3], { seed: 0 }))));
 * const penalties = regularizationLosses(model);
 * penalties.length; // 1 (the first kernel's L2 penalty)
 * const loss = penalties.reduce((total, p) => add(total, p), dataLoss);
 * loss.shape; // []
 */
export function regularizationLosses(model: AnyLayer): Tensor[] {
  const out: Tensor[] = [];
  for (const { entry } of model._weightEntries())
    if (entry.regularizer) out.push(entry.regularizer.apply(entry.value));
  return out;
}

/**
 * Calls `layer` with some weights replaced by the given tensors (keys as in the state dict),
 * so gradients flow into those tensors: for gradient checks, meta-learning and per-example
 * tricks. The layer's own weights are untouched and restored afterwards.
 * @throws {ValueError} for an unknown name; {ShapeError} for a shape that differs.
 * @example
 * import { ones, tensor } from '@tsgrad/tensor';
 * import { dense, functionalCall } from '@tsgrad/layers';
 * const layer = dense({ units: 1, inputShape: [2], useBias: false, name: 'out' });
 * const k = tensor([[1], [2]]);
 * functionalCall(layer, { 'out/kernel': k }, ones([1, 2])).toArray(); // [[3]]
 */
export function functionalCall<In, Out>(
  layer: Layer<In, Out>,
  weights: ReadonlyMap<string, Tensor> | Readonly<Record<string, Tensor>>,
  input: In,
  options?: CallOptions,
): Out {
  const given: ReadonlyMap<string, Tensor> =
    weights instanceof Map ? weights : new Map(Object.entries(weights));
  const entries = layer._namedEntries();
  const saved: [WeightEntry, Tensor][] = [];
  for (const [name, t] of given) {
    const entry = entries.get(name);
    if (!entry)
      throw new ValueError(
        layer.label,
        `functionalCall: no weight named '${name}'; weights: ${[...entries.keys()].join(', ')}`,
      );
    if (formatShape(t.shape) !== formatShape(entry.value.shape)) {
      throw new ShapeError(
        layer.label,
        `functionalCall: weight '${name}' has shape ${formatShape(entry.value.shape)}, got ${formatShape(t.shape)}`,
      );
    }
    saved.push([entry, entry.value]);
  }
  try {
    for (const [entry] of saved) entry.value = given.get(entry.fullName)!;
    return layer.call(input, options);
  } finally {
    for (const [entry, value] of saved) entry.value = value;
  }
}
