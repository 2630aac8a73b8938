import { parseArgs } from 'node:util';
import { compareWeighting } from './class-imbalance.js';

const { values } = parseArgs({
  options: {
    majority: { type: 'string', default: '2000' },
    minority: { type: 'string', default: '40' },
    epochs: { type: 'string', default: '10' },
    backend: { type: 'string', default: 'wasm' },
  },
});
const t0 = performance.now();
const r = await compareWeighting({
  majority: Number(values.majority),
  minority: Number(values.minority),
  testSize: 10_000,
  epochs: Number(values.epochs),
  batchSize: 64,
  learningRate: 1e-3,
  seed: 0,
  backend: values.backend === 'cpu' ? 'cpu' : 'wasm',
});
const pct = (v: number) => `${(v * 100).toFixed(1)}%`.padStart(7);
console.log(
  `training images per digit: ${r.counts.join(', ')} (digits 5–9 are ${r.counts[0] / r.counts[9]}× rarer)`,
);
console.log(`'balanced' class weights: ${r.classWeights.map((w) => w.toFixed(2)).join(', ')}`);
console.log('test set: the first 10,000 MNIST test images (balanced)\n');
console.log('digit   recall: plain  weighted');
for (let d = 0; d < 10; d++)
  console.log(`  ${d}            ${pct(r.plain.recall[d])}  ${pct(r.weighted.recall[d])}`);
console.log(`macro recall       ${pct(r.plain.macroRecall)}  ${pct(r.weighted.macroRecall)}`);
console.log(`macro F1           ${pct(r.plain.macroF1)}  ${pct(r.weighted.macroF1)}`);
console.log(`accuracy           ${pct(r.plain.accuracy)}  ${pct(r.weighted.accuracy)}`);
for (const [name, s] of [
  ['plain loss', r.plain],
  ['class-weighted loss', r.weighted],
] as const) {
  console.log(`\nconfusion matrix, ${name} (rows: true digit, columns: predicted)`);
  console.log(`    ${Array.from({ length: 10 }, (_, i) => String(i).padStart(5)).join('')}`);
  for (const [i, row] of s.confusionMatrix.entries())
    console.log(`${i} | ${row.map((v) => String(v).padStart(5)).join('')}`);
}
console.log(`\ntime ${((performance.now() - t0) / 1000).toFixed(1)} s`);
