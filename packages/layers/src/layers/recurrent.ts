import {
  type Tensor,
  ValueError,
  add,
  cast,
  matmul,
  reshape,
  slice,
  stack,
  zeros,
} from '@tsgrad/tensor';
import {
  type ActivationFn,
  type ActivationIdentifier,
  canonicalActivation,
  getActivation,
} from '../activations.js';
import type { Initializer, InitializerIdentifier } from '../initializers.js';
import {
  type ForwardContext,
  Layer,
  type LayerOptions,
  type LayerShape,
  formatLayerShape,
} from '../layer.js';
import type { Regularizer, RegularizerIdentifier } from '../regularizers.js';
import { checkInt, initConfig, initOption, regConfig, regOption } from './common.js';

/** Options shared by `SimpleRNN`, `LSTM` and `GRU`. */
export interface RecurrentOptions<R extends boolean = boolean> extends LayerOptions {
  /** Size of the hidden state (and of each output step). */
  units: number;
  /** Activation of the candidate state and output (default `'tanh'`). */
  activation?: ActivationIdentifier;
  /** Add biases (default true). */
  useBias?: boolean;
  /** For `kernel` [features, gates·units] (default `'glorotUniform'`). */
  kernelInitializer?: InitializerIdentifier;
  /** For `recurrent_kernel` [units, gates·units] (default `'orthogonal'`). */
  recurrentInitializer?: InitializerIdentifier;
  /** Default `'zeros'`. */
  biasInitializer?: InitializerIdentifier;
  kernelRegularizer?: RegularizerIdentifier | null;
  recurrentRegularizer?: RegularizerIdentifier | null;
  biasRegularizer?: RegularizerIdentifier | null;
  /** Output every step `[batch, time, units]` instead of the last `[batch, units]` (default false). */
  returnSequences?: boolean;
  /** Return `[output, ...finalStates]` instead of the output (default false). */
  returnState?: R;
  /** Process the sequence last step first (outputs in processing order, as in Keras). */
  goBackwards?: boolean;
}

/** What a recurrent layer's `call` returns: `[output, ...states]` with `returnState: true`. */
export type RecurrentOutput<R extends boolean> = R extends true ? Tensor[] : Tensor;

/**
 * Base of the recurrent layers: batch-major input `[batch, time, features]`, unrolled over
 * time with tensor ops (so backpropagation through time is ordinary autograd). The input
 * projection `x·kernel (+ bias)` is one matmul for all steps; each step then adds
 * `h·recurrent_kernel` and applies the cell (`step`). Initial states default to zeros; pass
 * others with `call(x, { initialState })`.
 *
 * Its subclasses are `SimpleRNN`, `LSTM` and `GRU`; the options and behaviour below are theirs.
 * @throws {ShapeError} naming the layer, when the input is not `[batch, time, features]` or an
 *   initial state has the wrong shape.
 * @example
 * import { randn, zeros } from '@tsgrad/tensor';
 * import { type RecurrentLayer, lstm, simpleRNN } from '@tsgrad/layers';
 * const x = randn([2, 5, 3], { seed: 0 }); // [batch, time, features]
 * const rnn: RecurrentLayer = simpleRNN({ units: 8, returnSequences: true, seed: 1 });
 * rnn.call(x).shape; // [2, 5, 8]: one output per step
 * const [last, h, c] = lstm({ units: 4, returnState: true, seed: 2 }).call(x);
 * last.shape; // [2, 4]
 * c.shape; // [2, 4]
 * const h0 = zeros([2, 8]);
 * simpleRNN({ units: 8 }).call(x, { initialState: [h0] }).shape; // [2, 8]
 */
export abstract class RecurrentLayer<R extends boolean = false> extends Layer<
  Tensor,
  RecurrentOutput<R>
> {
  readonly units: number;
  readonly activation: string;
  readonly useBias: boolean;
  readonly returnSequences: boolean;
  readonly returnState: R;
  readonly goBackwards: boolean;
  protected readonly activationFn: ActivationFn;
  protected readonly kernelInitializer: Initializer;
  protected readonly recurrentInitializer: Initializer;
  protected readonly biasInitializer: Initializer;
  protected readonly kernelRegularizer: Regularizer | null;
  protected readonly recurrentRegularizer: Regularizer | null;
  protected readonly biasRegularizer: Regularizer | null;

  /** Gate blocks in the kernels (1 for SimpleRNN, 4 for LSTM, 3 for GRU). */
  protected abstract readonly gates: number;
  /** States carried between steps (1, or 2 for LSTM: h and c). */
  protected abstract readonly stateCount: number;

  constructor(options: RecurrentOptions<R>) {
    super(options);
    this.units = checkInt(this.label, 'units', options?.units);
    this.activation = canonicalActivation(
      options.activation === undefined ? 'tanh' : options.activation,
    );
    this.activationFn = getActivation(this.activation);
    this.useBias = options.useBias ?? true;
    this.returnSequences = options.returnSequences ?? false;
    this.returnState = (options.returnState ?? false) as R;
    this.goBackwards = options.goBackwards ?? false;
    this.kernelInitializer = initOption(options.kernelInitializer, 'glorotUniform');
    this.recurrentInitializer = initOption(options.recurrentInitializer, 'orthogonal');
    this.biasInitializer = initOption(options.biasInitializer, 'zeros');
    this.kernelRegularizer = regOption(options.kernelRegularizer);
    this.recurrentRegularizer = regOption(options.recurrentRegularizer);
    this.biasRegularizer = regOption(options.biasRegularizer);
  }

  /** `[features, gates·units]`. */
  get kernel(): Tensor {
    return this.weight('kernel');
  }

  /** `[units, gates·units]`. */
  get recurrentKernel(): Tensor {
    return this.weight('recurrent_kernel');
  }

  /** The bias (`[gates·units]`; GRU with resetAfter: `[2, 3·units]`). */
  get bias(): Tensor {
    return this.weight('bias');
  }

  /** The bias weight's shape. */
  protected biasShape(): number[] {
    return [this.gates * this.units];
  }

  /** The bias initializer actually used (LSTM's unitForgetBias adjusts it). */
  protected biasInit(): Initializer {
    return this.biasInitializer;
  }

  /** The part of the bias added to the input projection. */
  protected inputBias(): Tensor | null {
    return this.useBias ? this.bias : null;
  }

  /**
   * One step: `xt` is this step's input projection `[batch, gates·units]` (bias included),
   * `states` the previous states; returns the new states, the output `h` first.
   */
  protected abstract step(xt: Tensor, states: readonly Tensor[]): Tensor[];

  protected override checkInput(shape: LayerShape): void {
    super.checkInput(shape);
    if (shape.length !== 3)
      throw this.shapeError(
        `expected input of rank 3 [batch, time, features], got shape ${formatLayerShape(shape)}`,
      );
    if (shape[2] === null)
      throw this.shapeError(
        `needs a known feature dimension, got shape ${formatLayerShape(shape)}`,
      );
    if (this.built && shape[2] !== this.kernel.shape[0]) {
      throw this.shapeError(
        `expected input with ${this.kernel.shape[0]} features [batch, time, ${this.kernel.shape[0]}], got shape ${formatLayerShape(shape)}`,
      );
    }
  }

  override build(inputShape: LayerShape): void {
    const features = inputShape[2] as number;
    const width = this.gates * this.units;
    this.addWeight('kernel', [features, width], {
      initializer: this.kernelInitializer,
      regularizer: this.kernelRegularizer,
    });
    this.addWeight('recurrent_kernel', [this.units, width], {
      initializer: this.recurrentInitializer,
      regularizer: this.recurrentRegularizer,
    });
    if (this.useBias)
      this.addWeight('bias', this.biasShape(), {
        initializer: this.biasInit(),
        regularizer: this.biasRegularizer,
      });
  }

  override computeOutputShape(inputShape: LayerShape): LayerShape {
    this.checkInput(inputShape);
    return this.returnSequences
      ? [inputShape[0], inputShape[1], this.units]
      : [inputShape[0], this.units];
  }

  protected forward(x: Tensor, { initialState }: ForwardContext): RecurrentOutput<R> {
    const [batch, time, features] = x.shape;
    const width = this.gates * this.units;
    let xw = matmul(reshape(x, [batch * time, features]), this.kernel);
    const b = this.inputBias();
    if (b) xw = add(xw, b);
    xw = reshape(xw, [batch, time, width]);
    let states = this.initialStates(batch, initialState);
    const outputs: Tensor[] = [];
    for (let i = 0; i < time; i++) {
      const t = this.goBackwards ? time - 1 - i : i;
      states = this.step(reshape(slice(xw, [0, t, 0], [batch, 1, width]), [batch, width]), states);
      if (this.returnSequences) outputs.push(states[0]);
    }
    const output = this.returnSequences ? stack(outputs, 1) : states[0];
    return (this.returnState ? [output, ...states] : output) as RecurrentOutput<R>;
  }

  private initialStates(batch: number, given: readonly Tensor[] | undefined): Tensor[] {
    if (!given)
      return Array.from({ length: this.stateCount }, () => zeros([batch, this.units], this.dtype));
    if (!Array.isArray(given) || given.length !== this.stateCount) {
      throw new ValueError(
        this.label,
        `initialState must be an array of ${this.stateCount} tensor(s) [batch, units], got ${Array.isArray(given) ? given.length : typeof given}`,
      );
    }
    return given.map((s, i) => {
      if (s.rank !== 2 || s.shape[0] !== batch || s.shape[1] !== this.units) {
        throw this.shapeError(
          `initialState[${i}] must have shape [${batch},${this.units}], got shape ${formatLayerShape(s.shape)}`,
        );
      }
      return s.dtype === this.dtype ? s : cast(s, this.dtype);
    });
  }

  override getConfig(): Record<string, unknown> {
    return {
      ...super.getConfig(),
      units: this.units,
      activation: this.activation,
      useBias: this.useBias,
      kernelInitializer: initConfig(this.kernelInitializer),
      recurrentInitializer: initConfig(this.recurrentInitializer),
      biasInitializer: initConfig(this.biasInitializer),
      kernelRegularizer: regConfig(this.kernelRegularizer),
      recurrentRegularizer: regConfig(this.recurrentRegularizer),
      biasRegularizer: regConfig(this.biasRegularizer),
      returnSequences: this.returnSequences,
      returnState: this.returnState,
      goBackwards: this.goBackwards,
    };
  }
}
