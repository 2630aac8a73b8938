import { Generator, type Tensor, defaultGenerator, tensor } from '@tsgrad/tensor';
import { RlError, checkInteger } from './errors.js';

/** Options of {@link ReplayBuffer}. */
export interface ReplayBufferOptions {
  /** How many transitions it holds; once full, each new one overwrites the oldest. */
  capacity: number;
  /** Length of an observation vector (4 for CartPole). */
  observationSize: number;
  /** Seeds the sampling generator. Default: a fork of tensor's global generator. */
  seed?: number;
  /** Samples with this generator instead (shared, not copied). */
  generator?: Generator;
}

/** One transition `(s, a, r, s', done)`. */
export interface Transition {
  state: ArrayLike<number>;
  action: number;
  reward: number;
  nextState: ArrayLike<number>;
  /**
   * True when `nextState` is terminal (Gym's `terminated`): the target does not bootstrap from
   * it. Pass `false` for a time-limit truncation.
   */
  done: boolean;
}

/** A sampled batch as typed arrays (row-major `[batchSize, observationSize]` for states). */
export interface TransitionArrays {
  states: Float32Array;
  actions: Int32Array;
  rewards: Float32Array;
  nextStates: Float32Array;
  /** 1 where the next state is terminal, else 0 (float, to multiply into targets). */
  dones: Float32Array;
  /** Where each sample sits in the buffer. */
  indices: Int32Array;
}

/** A sampled batch as tensors. */
export interface TransitionBatch {
  /** float32 `[B, observationSize]` */
  states: Tensor;
  /** int32 `[B]` */
  actions: Tensor;
  /** float32 `[B]` */
  rewards: Tensor;
  /** float32 `[B, observationSize]` */
  nextStates: Tensor;
  /** float32 `[B]`: 1 where the next state is terminal */
  dones: Tensor;
}

/**
 * Experience replay for off-policy learning (Lin 1992; Mnih et al., "Human-level control
 * through deep reinforcement learning", 2015): a fixed-capacity ring buffer of transitions over
 * preallocated typed arrays, so adding never allocates, and seeded uniform sampling.
 *
 * Sampling draws indices uniformly **with replacement** from the transitions held, as the DQN
 * paper and most libraries (Stable-Baselines3, Dopamine) do; the same seed and the same
 * sequence of `add` and `sample` calls give the same batches.
 *
 * @throws {RlError} for a bad capacity or observation size, a state of the wrong length, a
 *   non-integer action, or sampling from an empty buffer.
 * @example
 * const env = new CartPole({ seed: 0 });
 * const buffer = new ReplayBuffer({ capacity: 50_000, observationSize: 4, seed: 0 });
 * let obs = env.reset();
 * for (let t = 0; t < 100; t++) {
 *   const action = t % 2;
 *   const step = env.step(action);
 *   // done is `terminated` only: a time-limit truncation still bootstraps
 *   buffer.add({ state: obs, action, reward: step.reward, nextState: step.observation, done: step.terminated });
 *   obs = step.terminated || step.truncated ? env.reset() : step.observation;
 * }
 * const { states, actions, rewards, nextStates, dones } = buffer.sample(32); // tensors
 * states.shape; // [32, 4]
 * actions.dtype; // 'int32'
 */
export class ReplayBuffer {
  readonly capacity: number;
  readonly observationSize: number;
  private readonly states: Float32Array;
  private readonly nextStates: Float32Array;
  private readonly actions: Int32Array;
  private readonly rewards: Float32Array;
  private readonly dones: Uint8Array;
  private readonly generator: Generator;
  private next = 0;
  private count = 0;
  private added = 0;

  constructor(options: ReplayBufferOptions) {
    const op = 'ReplayBuffer';
    const known = ['capacity', 'observationSize', 'seed', 'generator'];
    for (const key of Object.keys(options)) {
      if (!known.includes(key))
        throw new RlError(op, `unknown option '${key}' (known options: ${known.join(', ')})`);
    }
    checkInteger(op, 'capacity', options.capacity, 1);
    checkInteger(op, 'observationSize', options.observationSize, 1);
    if (options.generator && options.seed !== undefined)
      throw new RlError(op, 'pass either seed or generator, not both');
    this.capacity = options.capacity;
    this.observationSize = options.observationSize;
    const n = this.capacity;
    const d = this.observationSize;
    this.states = new Float32Array(n * d);
    this.nextStates = new Float32Array(n * d);
    this.actions = new Int32Array(n);
    this.rewards = new Float32Array(n);
    this.dones = new Uint8Array(n);
    this.generator =
      options.generator ??
      (options.seed !== undefined ? new Generator(options.seed) : defaultGenerator().fork());
  }

  /** Transitions held now (at most `capacity`). */
  get size(): number {
    return this.count;
  }

  /** Transitions added since construction (or `clear()`), overwritten ones included. */
  get totalAdded(): number {
    return this.added;
  }

  /**
   * Stores a transition, overwriting the oldest one when full.
   * @example buffer.add({ state: [0, 0, 0, 0], action: 1, reward: 1, nextState: obs, done: false });
   */
  add(transition: Transition): this {
    const op = 'ReplayBuffer.add';
    const { state, action, reward, nextState, done } = transition;
    const d = this.observationSize;
    if (state.length !== d)
      throw new RlError(op, `state has ${state.length} numbers, expected observationSize ${d}`);
    if (nextState.length !== d)
      throw new RlError(
        op,
        `nextState has ${nextState.length} numbers, expected observationSize ${d}`,
      );
    if (!Number.isInteger(action))
      throw new RlError(op, `action must be an integer, got ${action}`);
    if (!Number.isFinite(reward)) throw new RlError(op, `reward must be finite, got ${reward}`);
    const i = this.next;
    const base = i * d;
    for (let k = 0; k < d; k++) {
      this.states[base + k] = state[k];
      this.nextStates[base + k] = nextState[k];
    }
    this.actions[i] = action;
    this.rewards[i] = reward;
    this.dones[i] = done ? 1 : 0;
    this.next = (i + 1) % this.capacity;
    if (this.count < this.capacity) this.count++;
    this.added++;
    return this;
  }

  /**
   * Draws `batchSize` transitions uniformly with replacement, as typed arrays.
   * @example const { states, actions } = buffer.sampleArrays(32);
   */
  sampleArrays(batchSize: number): TransitionArrays {
    const op = 'ReplayBuffer.sample';
    checkInteger(op, 'batchSize', batchSize, 1);
    if (this.count === 0) throw new RlError(op, 'the buffer is empty; add transitions first');
    const d = this.observationSize;
    const out: TransitionArrays = {
      states: new Float32Array(batchSize * d),
      actions: new Int32Array(batchSize),
      rewards: new Float32Array(batchSize),
      nextStates: new Float32Array(batchSize * d),
      dones: new Float32Array(batchSize),
      indices: new Int32Array(batchSize),
    };
    for (let b = 0; b < batchSize; b++) {
      const i = this.generator.integer(0, this.count);
      out.indices[b] = i;
      out.states.set(this.states.subarray(i * d, (i + 1) * d), b * d);
      out.nextStates.set(this.nextStates.subarray(i * d, (i + 1) * d), b * d);
      out.actions[b] = this.actions[i];
      out.rewards[b] = this.rewards[i];
      out.dones[b] = this.dones[i];
    }
    return out;
  }

  /**
   * Draws `batchSize` transitions uniformly with replacement, as tensors.
   * @example const { states, actions, rewards, nextStates, dones } = buffer.sample(64);
   */
  sample(batchSize: number): TransitionBatch {
    const a = this.sampleArrays(batchSize);
    const d = this.observationSize;
    return {
      states: tensor(a.states, [batchSize, d], 'float32'),
      actions: tensor(a.actions, [batchSize], 'int32'),
      rewards: tensor(a.rewards, [batchSize], 'float32'),
      nextStates: tensor(a.nextStates, [batchSize, d], 'float32'),
      dones: tensor(a.dones, [batchSize], 'float32'),
    };
  }

  /** Forgets every transition (the generator keeps its state). */
  clear(): void {
    this.next = 0;
    this.count = 0;
    this.added = 0;
  }
}
