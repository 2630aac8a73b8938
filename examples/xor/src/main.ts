import { trainXor } from './xor.js';

const t0 = performance.now();
const r = trainXor({
  hidden: 8,
  steps: 500,
  learningRate: 0.05,
  seed: 0,
  logEvery: 50,
  onStep: (step, loss) => console.log(`step ${String(step).padStart(3)}  loss ${loss.toFixed(4)}`),
});
console.log('\n x1 x2 | xor | P(1)');
const cases = [
  [0, 0],
  [0, 1],
  [1, 0],
  [1, 1],
];
cases.forEach(([a, b], i) => {
  console.log(`  ${a}  ${b} |  ${a ^ b}  | ${r.probabilities[i].toFixed(4)}`);
});
console.log(`\ntime ${((performance.now() - t0) / 1000).toFixed(2)} s`);
