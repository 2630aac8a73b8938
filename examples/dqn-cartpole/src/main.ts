import { parseArgs } from 'node:util';
import { registerWasmBackend } from '@tsgrad/backend-wasm';
import { getBackend, setBackend } from '@tsgrad/tensor';
import { defaultDqnOptions, trainDqn } from './dqn.js';

const { values } = parseArgs({
  options: {
    seed: { type: 'string', default: '0' },
    'max-episodes': { type: 'string', default: String(defaultDqnOptions.maxEpisodes) },
    'max-steps': { type: 'string', default: String(defaultDqnOptions.maxSteps) },
    backend: { type: 'string', default: 'wasm' },
  },
});
// WebAssembly SIMD kernels: about 4× faster here than the TypeScript reference (`--backend cpu`).
if (values.backend === 'wasm') setBackend(registerWasmBackend());
const o = defaultDqnOptions;
console.log(
  `DQN on CartPole-v1: MLP 4-${o.hidden}-${o.hidden}-2, Adam lr ${o.learningRate}, batch ${o.batchSize}, ` +
    `replay ${o.bufferSize}, γ ${o.gamma}, ε ${o.epsilonStart} → ${o.epsilonEnd} over ${o.epsilonSteps} steps, ` +
    `target copy every ${o.targetEvery} updates, Huber δ ${o.huberDelta}, clip norm ${o.clipNorm}`,
);
console.log(
  `backend ${getBackend().name}; goal: average return ≥ ${o.solvedReturn} over ${o.solvedWindow} consecutive episodes\n`,
);
const t0 = performance.now();
const secs = () => ((performance.now() - t0) / 1000).toFixed(1);
const r = trainDqn({
  seed: Number(values.seed),
  maxEpisodes: Number(values['max-episodes']),
  maxSteps: Number(values['max-steps']),
  onEpisode: (e) => {
    if (e.episode % 20 === 0)
      console.log(
        `episode ${String(e.episode).padStart(4)}  return ${String(e.return).padStart(3)}  avg(100) ${e.average.toFixed(1).padStart(5)}  ε ${e.epsilon.toFixed(3)}  steps ${e.totalSteps}  ${secs()} s`,
      );
  },
});
const trainTime = secs();
if (r.solvedAtEpisode !== null) {
  console.log(
    `\nsolved at episode ${r.solvedAtEpisode}: average ${
      r.returns.slice(-o.solvedWindow).reduce((a, b) => a + b, 0) / o.solvedWindow
    } over episodes ${r.solvedAtEpisode - o.solvedWindow + 1}–${r.solvedAtEpisode}`,
  );
} else {
  console.log(
    `\nnot solved in ${r.returns.length} episodes; best average ${r.bestAverage.toFixed(1)}`,
  );
}
console.log(`${r.totalSteps} environment steps, ${r.gradientSteps} gradient steps, ${trainTime} s`);
const greedy = r.evaluate(100, 12345);
const avg = greedy.reduce((a, b) => a + b, 0) / greedy.length;
console.log(
  `greedy policy (ε = 0) on 100 new episodes: average ${avg.toFixed(1)}, min ${Math.min(...greedy)}, max ${Math.max(...greedy)}`,
);
