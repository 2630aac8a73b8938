import { accuracy } from '@tsgrad/metrics';
import { makeMoons } from './moons.js';
import { formatResults, grid, gridSearch, trainMlp } from './search.js';

const t0 = performance.now();
const train = makeMoons(400, 0.25, 0);
const test = makeMoons(1000, 0.25, 1);
const configs = grid({
  hidden: [2, 8, 32],
  learningRate: [0.001, 0.01, 0.1],
  weightDecay: [0, 0.01],
});
const epochs = 200;
console.log(
  `two moons (noise 0.25): ${train.y.length} training rows, ${test.y.length} test rows; ` +
    `${configs.length} configurations × 5 folds, ${epochs} full-batch Adam steps each\n`,
);
const results = gridSearch(train.x, train.y, configs, { k: 5, epochs, seed: 0 });
console.log(formatResults(results));
const best = results.find((r) => r.rank === 1)!;
const predict = trainMlp(train.x, train.y, best.config, epochs, 0);
console.log(
  `\nbest: hidden ${best.config.hidden}, lr ${best.config.learningRate}, weight decay ${best.config.weightDecay}` +
    ` → retrained on all ${train.y.length} rows, test accuracy ${accuracy(test.y, predict(test.x)).toFixed(3)}`,
);
console.log(`time ${((performance.now() - t0) / 1000).toFixed(1)} s`);
