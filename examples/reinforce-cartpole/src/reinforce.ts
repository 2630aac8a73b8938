import { noGrad } from '@tsgrad/autograd';
import { type Sequential, dense, sequential } from '@tsgrad/layers';
import { meanSquaredError } from '@tsgrad/losses';
import { adam } from '@tsgrad/optim';
import {
  CartPole,
  MovingAverage,
  discountedReturns,
  evaluatePolicy,
  greedyAction,
  standardize,
} from '@tsgrad/rl';
import {
  Generator,
  logSoftmax,
  mean,
  mul,
  neg,
  oneHot,
  scope,
  softmax,
  sum,
  tensor,
} from '@tsgrad/tensor';

/** Hyperparameters of {@link trainReinforce}. */
export interface ReinforceOptions {
  seed: number;
  maxEpisodes: number;
  solvedReturn: number;
  solvedWindow: number;
  hidden: number;
  policyLearningRate: number;
  valueLearningRate: number;
  gamma: number;
  /** Episodes collected per update (their steps form one batch). */
  episodesPerUpdate: number;
  onEpisode?: (info: {
    episode: number;
    return: number;
    average: number;
    totalSteps: number;
  }) => void;
}

export const defaultReinforceOptions: ReinforceOptions = {
  seed: 0,
  maxEpisodes: 3000,
  solvedReturn: 195,
  solvedWindow: 100,
  hidden: 64,
  policyLearningRate: 3e-3,
  valueLearningRate: 1e-2,
  gamma: 0.99,
  episodesPerUpdate: 4,
};

/** What {@link trainReinforce} returns. */
export interface ReinforceResult {
  returns: number[];
  solvedAtEpisode: number | null;
  bestAverage: number;
  totalSteps: number;
  updates: number;
  policy: Sequential;
  /** Returns of greedy play (the most probable action) on fresh starts. */
  evaluate: (episodes: number, seed: number) => number[];
}

function mlp(hidden: number, outputs: number, seed: number): Sequential {
  return sequential([
    dense({ units: hidden, activation: 'tanh', inputShape: [4], seed }),
    dense({ units: outputs, seed: seed + 1 }),
  ]);
}

/**
 * REINFORCE (Williams 1992) with a learned state-value baseline: play `episodesPerUpdate`
 * episodes by sampling from the policy's softmax, then take one gradient step on
 * `−mean(log π(a|s) · A)` with advantages `A = G − V(s)` (standardized), and fit `V` to the
 * discounted returns `G` with mean squared error.
 */
export function trainReinforce(overrides: Partial<ReinforceOptions> = {}): ReinforceResult {
  const o: ReinforceOptions = { ...defaultReinforceOptions, ...overrides };
  const env = new CartPole({ seed: o.seed });
  const g = new Generator(o.seed + 1);
  const policy = mlp(o.hidden, 2, o.seed * 10 + 1);
  const value = mlp(o.hidden, 1, o.seed * 10 + 5);
  const policyParams = policy.trainableParameters();
  const valueParams = value.trainableParameters();
  const policyOpt = adam({ learningRate: o.policyLearningRate });
  const valueOpt = adam({ learningRate: o.valueLearningRate });

  const probabilities = (obs: Float32Array) =>
    noGrad(() => scope(() => softmax(policy.call(tensor(obs, [1, 4]))).dataSync()));
  const sample = (p: ArrayLike<number>) => (g.uniform() < p[0] ? 0 : 1);

  const returns: number[] = [];
  const average = new MovingAverage(o.solvedWindow);
  let solvedAtEpisode: number | null = null;
  let bestAverage = Number.NEGATIVE_INFINITY;
  let totalSteps = 0;
  let updates = 0;
  while (returns.length < o.maxEpisodes && solvedAtEpisode === null) {
    const states: number[] = [];
    const actions: number[] = [];
    const targets: number[] = [];
    for (let k = 0; k < o.episodesPerUpdate && solvedAtEpisode === null; k++) {
      const rewards: number[] = [];
      let obs = env.reset();
      for (;;) {
        const action = sample(probabilities(obs));
        const step = env.step(action);
        states.push(...obs);
        actions.push(action);
        rewards.push(step.reward);
        totalSteps++;
        if (step.terminated || step.truncated) {
          // A truncated episode's tail is worth about V(s'), not 0.
          const bootstrap = step.terminated
            ? 0
            : noGrad(() => scope(() => value.call(tensor(step.observation, [1, 4])).item()));
          targets.push(
            ...discountedReturns(rewards, { gamma: o.gamma, bootstrapValue: bootstrap }),
          );
          break;
        }
        obs = step.observation;
      }
      const episodeReturn = rewards.length;
      returns.push(episodeReturn);
      average.push(episodeReturn);
      const avg = average.mean;
      if (average.full || returns.length < o.solvedWindow) bestAverage = Math.max(bestAverage, avg);
      if (average.full && avg >= o.solvedReturn) solvedAtEpisode = returns.length;
      o.onEpisode?.({ episode: returns.length, return: episodeReturn, average: avg, totalSteps });
    }
    const n = actions.length;
    scope(() => {
      const s = tensor(new Float32Array(states), [n, 4]);
      const a = tensor(new Int32Array(actions), [n], 'int32');
      const gT = tensor(new Float32Array(targets), [n, 1]);
      const baseline = noGrad(() => value.call(s).dataSync());
      const adv = tensor(Float32Array.from(standardize(targets.map((t, i) => t - baseline[i]))));
      const logProb = sum(mul(logSoftmax(policy.call(s, { training: true })), oneHot(a, 2)), -1);
      neg(mean(mul(logProb, adv))).backward();
      policyOpt.step(policyParams);
      policyOpt.zeroGrad(policyParams);
      meanSquaredError(gT, value.call(s, { training: true })).backward();
      valueOpt.step(valueParams);
      valueOpt.zeroGrad(valueParams);
    });
    updates++;
  }

  const evaluate = (episodes: number, seed: number) =>
    evaluatePolicy(new CartPole({ seed }), (obs) => greedyAction(probabilities(obs)), episodes);
  return { returns, solvedAtEpisode, bestAverage, totalSteps, updates, policy, evaluate };
}
