import { noGrad } from '@tsgrad/autograd';
import { type Sequential, dense, sequential } from '@tsgrad/layers';
import { huber } from '@tsgrad/losses';
import { adam } from '@tsgrad/optim';
import {
  CartPole,
  EpsilonGreedy,
  MovingAverage,
  ReplayBuffer,
  TargetNetwork,
  evaluatePolicy,
  greedyAction,
  linearSchedule,
} from '@tsgrad/rl';
import { add, max, mul, oneHot, scope, sub, sum, tensor } from '@tsgrad/tensor';

/** Hyperparameters of {@link trainDqn}; every field has a default that solves CartPole. */
export interface DqnOptions {
  /** Seeds the networks, the environment, the replay sampling and the exploration. */
  seed: number;
  /** Stop after this many episodes even if not solved. */
  maxEpisodes: number;
  /** Stop after this many environment steps even if not solved. */
  maxSteps: number;
  /** Stop once the average return over the last `solvedWindow` episodes reaches this. */
  solvedReturn: number;
  solvedWindow: number;
  /** Units of the two hidden layers. */
  hidden: number;
  learningRate: number;
  gamma: number;
  batchSize: number;
  bufferSize: number;
  /** Steps of random play before the first gradient step. */
  learningStarts: number;
  /** A gradient step every `trainEvery` environment steps. */
  trainEvery: number;
  /** Hard target copy every this many gradient steps. */
  targetEvery: number;
  epsilonStart: number;
  epsilonEnd: number;
  /** Environment steps over which ε falls linearly from start to end. */
  epsilonSteps: number;
  /** Huber loss δ (1: the DQN paper's error clipping). */
  huberDelta: number;
  /** Clip the gradients to this global L2 norm. */
  clipNorm: number;
  /** Called after each episode (for printing progress). */
  onEpisode?: (info: EpisodeInfo) => void;
}

/** What {@link DqnOptions.onEpisode} receives. */
export interface EpisodeInfo {
  episode: number;
  return: number;
  /** Mean return of the last `solvedWindow` episodes (fewer at the start). */
  average: number;
  epsilon: number;
  totalSteps: number;
}

/** What {@link trainDqn} returns. */
export interface DqnResult {
  /** Return of every training episode, in order. */
  returns: number[];
  /** The episode (1-based) at which the moving average first reached `solvedReturn`, or null. */
  solvedAtEpisode: number | null;
  /** Best moving average seen (over full windows, or all episodes if fewer). */
  bestAverage: number;
  totalSteps: number;
  gradientSteps: number;
  /** The trained Q-network. */
  online: Sequential;
  /** Returns of greedy (ε = 0) play, for `evaluationEpisodes` episodes on fresh starts. */
  evaluate: (episodes: number, seed: number) => number[];
}

export const defaultDqnOptions: DqnOptions = {
  seed: 0,
  maxEpisodes: 1000,
  maxSteps: 200_000,
  solvedReturn: 195,
  solvedWindow: 100,
  hidden: 64,
  learningRate: 1e-3,
  gamma: 0.99,
  batchSize: 64,
  bufferSize: 50_000,
  learningStarts: 1000,
  trainEvery: 1,
  targetEvery: 500,
  epsilonStart: 1,
  epsilonEnd: 0.05,
  epsilonSteps: 10_000,
  huberDelta: 1,
  clipNorm: 10,
};

function qNetwork(hidden: number, seed: number): Sequential {
  return sequential([
    dense({ units: hidden, activation: 'relu', inputShape: [4], seed }),
    dense({ units: hidden, activation: 'relu', seed: seed + 1 }),
    dense({ units: 2, seed: seed + 2 }),
  ]);
}

/**
 * Deep Q-learning (Mnih et al. 2015) on CartPole: an MLP Q-network trained on minibatches from
 * a replay buffer toward `r + γ·max_a' Q_target(s', a')` (no bootstrap at terminal states),
 * with a Huber loss, Adam with gradient clipping by global norm, ε-greedy exploration on a
 * linear schedule, and a target network copied every `targetEvery` gradient steps.
 */
export function trainDqn(overrides: Partial<DqnOptions> = {}): DqnResult {
  const o: DqnOptions = { ...defaultDqnOptions, ...overrides };
  const env = new CartPole({ seed: o.seed });
  const online = qNetwork(o.hidden, o.seed * 10 + 1);
  const target = qNetwork(o.hidden, o.seed * 10 + 5);
  const probe = tensor([[0, 0, 0, 0]]);
  online.call(probe); // build both, so their weights can be copied
  target.call(probe);
  const sync = new TargetNetwork(target, online, { mode: 'hard', every: o.targetEvery });
  const buffer = new ReplayBuffer({
    capacity: o.bufferSize,
    observationSize: env.observationSize,
    seed: o.seed + 1,
  });
  const explore = new EpsilonGreedy({
    numActions: env.numActions,
    epsilon: linearSchedule({ start: o.epsilonStart, end: o.epsilonEnd, steps: o.epsilonSteps }),
    seed: o.seed + 2,
  });
  const params = online.trainableParameters();
  const opt = adam({ learningRate: o.learningRate, clipGlobalNorm: o.clipNorm });
  const loss = huber.with({ delta: o.huberDelta });

  const qValues = (obs: Float32Array) =>
    noGrad(() => scope(() => online.call(tensor(obs, [1, 4])).dataSync()));

  const trainStep = () =>
    scope(() => {
      const { states, actions, rewards, nextStates, dones } = buffer.sample(o.batchSize);
      // TD target: r + γ·(1 − done)·max_a' Q_target(s', a'), outside the gradient.
      const targets = noGrad(() =>
        add(rewards, mul(mul(max(target.call(nextStates), -1), sub(1, dones)), o.gamma)),
      );
      const q = online.call(states, { training: true });
      const chosen = sum(mul(q, oneHot(actions, 2)), -1); // Q(s, a) for the actions taken
      loss(targets, chosen).backward();
      opt.step(params);
      opt.zeroGrad(params);
    });

  const returns: number[] = [];
  const average = new MovingAverage(o.solvedWindow);
  let solvedAtEpisode: number | null = null;
  let bestAverage = Number.NEGATIVE_INFINITY;
  let totalSteps = 0;
  let gradientSteps = 0;
  while (returns.length < o.maxEpisodes && totalSteps < o.maxSteps && solvedAtEpisode === null) {
    let obs = env.reset();
    let episodeReturn = 0;
    for (;;) {
      const action = explore.select(() => qValues(obs));
      const step = env.step(action);
      buffer.add({
        state: obs,
        action,
        reward: step.reward,
        nextState: step.observation,
        done: step.terminated, // a time-limit truncation still bootstraps
      });
      episodeReturn += step.reward;
      totalSteps++;
      if (totalSteps >= o.learningStarts && totalSteps % o.trainEvery === 0) {
        trainStep();
        gradientSteps++;
        sync.step();
      }
      if (step.terminated || step.truncated) break;
      obs = step.observation;
    }
    returns.push(episodeReturn);
    average.push(episodeReturn);
    const avg = average.mean;
    if (average.full || returns.length < o.solvedWindow) bestAverage = Math.max(bestAverage, avg);
    if (average.full && avg >= o.solvedReturn) solvedAtEpisode = returns.length;
    o.onEpisode?.({
      episode: returns.length,
      return: episodeReturn,
      average: avg,
      epsilon: explore.epsilon,
      totalSteps,
    });
  }

  const evaluate = (episodes: number, seed: number) =>
    evaluatePolicy(new CartPole({ seed }), (obs) => greedyAction(qValues(obs)), episodes);
  return { returns, solvedAtEpisode, bestAverage, totalSteps, gradientSteps, online, evaluate };
}
