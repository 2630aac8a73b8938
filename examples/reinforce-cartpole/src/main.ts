import { parseArgs } from 'node:util';
import { registerWasmBackend } from '@tsgrad/backend-wasm';
import { getBackend, setBackend } from '@tsgrad/tensor';
import { defaultReinforceOptions, trainReinforce } from './reinforce.js';

const { values } = parseArgs({
  options: {
    seed: { type: 'string', default: '0' },
    'max-episodes': { type: 'string', default: String(defaultReinforceOptions.maxEpisodes) },
    backend: { type: 'string', default: 'wasm' },
  },
});
if (values.backend === 'wasm') setBackend(registerWasmBackend());
const o = defaultReinforceOptions;
console.log(
  `REINFORCE with a value baseline on CartPole-v1: policy and value MLPs 4-${o.hidden}-·, Adam lr ${o.policyLearningRate} / ${o.valueLearningRate}, ` +
    `γ ${o.gamma}, ${o.episodesPerUpdate} episodes per update, standardized advantages`,
);
console.log(
  `backend ${getBackend().name}; goal: average return ≥ ${o.solvedReturn} over ${o.solvedWindow} consecutive episodes\n`,
);
const t0 = performance.now();
const secs = () => ((performance.now() - t0) / 1000).toFixed(1);
const r = trainReinforce({
  seed: Number(values.seed),
  maxEpisodes: Number(values['max-episodes']),
  onEpisode: (e) => {
    if (e.episode % 40 === 0)
      console.log(
        `episode ${String(e.episode).padStart(4)}  return ${String(e.return).padStart(3)}  avg(100) ${e.average.toFixed(1).padStart(5)}  steps ${e.totalSteps}  ${secs()} s`,
      );
  },
});
const trainTime = secs();
if (r.solvedAtEpisode !== null) {
  const avg = r.returns.slice(-o.solvedWindow).reduce((a, b) => a + b, 0) / o.solvedWindow;
  console.log(
    `\nsolved at episode ${r.solvedAtEpisode}: average ${avg} over episodes ${r.solvedAtEpisode - o.solvedWindow + 1}–${r.solvedAtEpisode}`,
  );
} else {
  console.log(
    `\nnot solved in ${r.returns.length} episodes; best average ${r.bestAverage.toFixed(1)}`,
  );
}
console.log(`${r.totalSteps} environment steps, ${r.updates} updates, ${trainTime} s`);
const greedy = r.evaluate(100, 12345);
const avg = greedy.reduce((a, b) => a + b, 0) / greedy.length;
console.log(
  `greedy policy (most probable action) on 100 new episodes: average ${avg.toFixed(1)}, min ${Math.min(...greedy)}, max ${Math.max(...greedy)}`,
);
