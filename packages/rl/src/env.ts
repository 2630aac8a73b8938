/** What one `step` returns, as in Gymnasium's `(observation, reward, terminated, truncated)`. */
export interface StepResult {
  /** The observation after the step (a fresh array the caller may keep). */
  observation: Float32Array;
  reward: number;
  /**
   * The episode reached a terminal state of the task (the pole fell): there is no future reward,
   * so a value target must not bootstrap from `observation`.
   */
  terminated: boolean;
  /**
   * The episode was cut short from outside the task (a time limit). The state is not terminal:
   * a value target should still bootstrap from `observation`.
   */
  truncated: boolean;
}

/** Options of `reset`. */
export interface ResetOptions {
  /** Reseeds the environment's generator first, so the episode's start is reproducible. */
  seed?: number;
}

/**
 * An episodic environment with a discrete action space and a flat observation vector, in the
 * shape of Gymnasium's API. `CartPole` implements it; the other parts of this package take any
 * `Env`.
 *
 * @example
 * function runEpisode(env: Env, policy: (obs: Float32Array) => number): number {
 *   let obs = env.reset();
 *   let total = 0;
 *   for (;;) {
 *     const { observation, reward, terminated, truncated } = env.step(policy(obs));
 *     total += reward;
 *     if (terminated || truncated) return total;
 *     obs = observation;
 *   }
 * }
 */
export interface Env {
  /** Length of an observation vector. */
  readonly observationSize: number;
  /** Actions are the integers `0 .. numActions - 1`. */
  readonly numActions: number;
  /** Starts a new episode and returns its first observation. */
  reset(options?: ResetOptions): Float32Array;
  /** Applies an action and advances one time step. */
  step(action: number): StepResult;
}
