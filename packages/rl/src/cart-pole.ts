import { Generator, defaultGenerator } from '@tsgrad/tensor';
import type { Env, ResetOptions, StepResult } from './env.js';
import { RlError, checkInteger } from './errors.js';

/** Options of {@link CartPole}. */
export interface CartPoleOptions {
  /** Seeds the generator that draws each episode's start state. Default: a fork of tensor's global generator. */
  seed?: number;
  /** Draws start states from this generator instead (shared, not copied). */
  generator?: Generator;
  /**
   * The time limit: the episode is `truncated` after this many steps. Default 500, as
   * Gymnasium's `CartPole-v1` (`CartPole-v0` used 200).
   */
  maxEpisodeSteps?: number;
  /**
   * `'euler'` (default, as Gym) updates positions with the old velocities; `'semi-implicit-euler'`
   * updates velocities first.
   */
  kinematicsIntegrator?: 'euler' | 'semi-implicit-euler';
}

/** The physical constants, as in Gym (Barto, Sutton & Anderson 1983). */
const GRAVITY = 9.8;
const MASS_CART = 1.0;
const MASS_POLE = 0.1;
const TOTAL_MASS = MASS_CART + MASS_POLE;
/** Half the pole's length. */
const LENGTH = 0.5;
const POLE_MASS_LENGTH = MASS_POLE * LENGTH;
const FORCE_MAG = 10.0;
/** Seconds between state updates. */
const TAU = 0.02;

/**
 * The classic cart-pole balancing task (Barto, Sutton & Anderson, "Neuronlike adaptive elements
 * that can solve difficult learning control problems", 1983), with the dynamics, constants and
 * thresholds of Gymnasium's `CartPole-v1`.
 *
 * - Observation (4 numbers): cart position `x`, cart velocity, pole angle `θ` (radians, 0 is
 *   upright), pole angular velocity.
 * - Actions: `0` pushes the cart left, `1` pushes it right, with a force of 10 N.
 * - Reward: `1` for every step, the terminating one included.
 * - `terminated` when `|x| > 2.4` or `|θ| > 12°`; `truncated` after `maxEpisodeSteps` (500).
 * - Start state: each of the four uniform in `[-0.05, 0.05]`, from the seeded generator.
 *
 * A random policy lasts about 22 steps on average; the task counts as solved at an average
 * return of 195 over 100 consecutive episodes (the `CartPole-v0` bar) or 475 (`v1`).
 *
 * @throws {RlError} for an action other than 0 or 1, a step before `reset()` or after the
 *   episode ended, or a bad option.
 * @example
 * const env = new CartPole({ seed: 0 });
 * let obs = env.reset();
 * let total = 0;
 * for (;;) {
 *   const action = obs[2] + 0.5 * obs[3] > 0 ? 1 : 0; // push toward the side the pole leans to
 *   const step = env.step(action);
 *   total += step.reward;
 *   if (step.terminated || step.truncated) break;
 *   obs = step.observation;
 * }
 * console.log(total); // 500: this simple controller balances until the time limit
 */
export class CartPole implements Env {
  readonly observationSize = 4;
  readonly numActions = 2;
  /** Angle beyond which the episode terminates: 12 degrees, in radians. */
  static readonly thetaThresholdRadians = (12 * 2 * Math.PI) / 360;
  /** Cart position beyond which the episode terminates. */
  static readonly xThreshold = 2.4;

  readonly maxEpisodeSteps: number;
  readonly kinematicsIntegrator: 'euler' | 'semi-implicit-euler';
  private generator: Generator;
  private readonly s = new Float64Array(4);
  private steps = 0;
  private status: 'unset' | 'running' | 'terminated' | 'truncated' = 'unset';

  constructor(options: CartPoleOptions = {}) {
    const op = 'CartPole';
    const known = ['seed', 'generator', 'maxEpisodeSteps', 'kinematicsIntegrator'];
    for (const key of Object.keys(options)) {
      if (!known.includes(key))
        throw new RlError(op, `unknown option '${key}' (known options: ${known.join(', ')})`);
    }
    this.maxEpisodeSteps = options.maxEpisodeSteps ?? 500;
    checkInteger(op, 'maxEpisodeSteps', this.maxEpisodeSteps, 1);
    this.kinematicsIntegrator = options.kinematicsIntegrator ?? 'euler';
    if (
      this.kinematicsIntegrator !== 'euler' &&
      this.kinematicsIntegrator !== 'semi-implicit-euler'
    )
      throw new RlError(
        op,
        `kinematicsIntegrator must be 'euler' or 'semi-implicit-euler', got '${this.kinematicsIntegrator}'`,
      );
    if (options.generator && options.seed !== undefined)
      throw new RlError(op, 'pass either seed or generator, not both');
    this.generator =
      options.generator ??
      (options.seed !== undefined ? new Generator(options.seed) : defaultGenerator().fork());
  }

  /** Steps taken in the current episode. */
  get elapsedSteps(): number {
    return this.steps;
  }

  /** The current state `[x, xDot, θ, θDot]` in float64 (a copy). */
  get state(): Float64Array {
    return this.s.slice();
  }

  /**
   * Starts an episode from a given state instead of a random one (for tests and demos).
   * @example env.setState([0, 0, 0.1, 0]); // the pole leans right
   */
  setState(state: ArrayLike<number>): Float32Array {
    if (state.length !== 4)
      throw new RlError('CartPole.setState', `state must have 4 numbers, got ${state.length}`);
    for (let i = 0; i < 4; i++) {
      if (!Number.isFinite(state[i]))
        throw new RlError('CartPole.setState', `state[${i}] must be finite, got ${state[i]}`);
      this.s[i] = state[i];
    }
    this.steps = 0;
    this.status = 'running';
    return Float32Array.from(this.s);
  }

  /**
   * Starts a new episode: each state variable uniform in `[-0.05, 0.05]`.
   * @example const obs = env.reset({ seed: 42 }); // Float32Array(4)
   */
  reset(options: ResetOptions = {}): Float32Array {
    if (options.seed !== undefined) this.generator = new Generator(options.seed);
    for (let i = 0; i < 4; i++) this.s[i] = -0.05 + 0.1 * this.generator.uniform();
    this.steps = 0;
    this.status = 'running';
    return Float32Array.from(this.s);
  }

  /**
   * Pushes the cart left (`0`) or right (`1`) and advances 0.02 s.
   * @example const { observation, reward, terminated, truncated } = env.step(1);
   */
  step(action: number): StepResult {
    const op = 'CartPole.step';
    if (action !== 0 && action !== 1)
      throw new RlError(op, `action must be 0 (left) or 1 (right), got ${action}`);
    if (this.status === 'unset') throw new RlError(op, 'call reset() before the first step');
    if (this.status !== 'running')
      throw new RlError(
        op,
        `the episode is over (${this.status}); call reset() before stepping again`,
      );
    const s = this.s;
    let x = s[0];
    let xDot = s[1];
    let theta = s[2];
    let thetaDot = s[3];
    const force = action === 1 ? FORCE_MAG : -FORCE_MAG;
    const cos = Math.cos(theta);
    const sin = Math.sin(theta);
    // Equations of motion from Florian, "Correct equations for the dynamics of the cart-pole
    // system" (2007), frictionless, as Gym writes them.
    const temp = (force + POLE_MASS_LENGTH * thetaDot * thetaDot * sin) / TOTAL_MASS;
    const thetaAcc =
      (GRAVITY * sin - cos * temp) / (LENGTH * (4 / 3 - (MASS_POLE * cos * cos) / TOTAL_MASS));
    const xAcc = temp - (POLE_MASS_LENGTH * thetaAcc * cos) / TOTAL_MASS;
    if (this.kinematicsIntegrator === 'euler') {
      x += TAU * xDot;
      xDot += TAU * xAcc;
      theta += TAU * thetaDot;
      thetaDot += TAU * thetaAcc;
    } else {
      xDot += TAU * xAcc;
      x += TAU * xDot;
      thetaDot += TAU * thetaAcc;
      theta += TAU * thetaDot;
    }
    s[0] = x;
    s[1] = xDot;
    s[2] = theta;
    s[3] = thetaDot;
    this.steps++;
    const terminated =
      x < -CartPole.xThreshold ||
      x > CartPole.xThreshold ||
      theta < -CartPole.thetaThresholdRadians ||
      theta > CartPole.thetaThresholdRadians;
    // As Gym's TimeLimit wrapper: at the limit the step is truncated even if it also terminated.
    const truncated = this.steps >= this.maxEpisodeSteps;
    if (terminated) this.status = 'terminated';
    else if (truncated) this.status = 'truncated';
    return { observation: Float32Array.from(s), reward: 1, terminated, truncated };
  }
}
