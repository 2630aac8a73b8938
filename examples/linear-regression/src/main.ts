import { fitLine } from './linear-regression.js';

const t0 = performance.now();
const r = fitLine({
  samples: 1000,
  noise: 0.3,
  steps: 300,
  learningRate: 0.1,
  seed: 0,
  logEvery: 30,
  onStep: (step, loss) => console.log(`step ${String(step).padStart(3)}  mse ${loss.toFixed(5)}`),
});
console.log(`\ntrue line:          y = 2x + 1 (noise std 0.3, 1000 samples)`);
console.log(
  `gradient descent:   y = ${r.w.toFixed(4)}x + ${r.b.toFixed(4)}   mse ${r.loss.toFixed(5)}`,
);
console.log(`least squares:      y = ${r.exactW.toFixed(4)}x + ${r.exactB.toFixed(4)}`);
console.log(`time ${((performance.now() - t0) / 1000).toFixed(2)} s`);
