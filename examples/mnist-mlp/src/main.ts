import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { trainMnistMlp } from './mnist-mlp.js';

const { values } = parseArgs({
  options: {
    epochs: { type: 'string', default: '20' },
    'train-size': { type: 'string', default: '60000' },
    backend: { type: 'string', default: 'wasm' },
    out: { type: 'string', default: join(dirname(fileURLToPath(import.meta.url)), '..', 'out') },
  },
});
const r = await trainMnistMlp({
  trainSize: Number(values['train-size']),
  testSize: 10_000,
  epochs: Number(values.epochs),
  batchSize: 128,
  learningRate: 1e-3,
  patience: 3,
  seed: 0,
  outDir: values.out,
  backend: values.backend === 'cpu' ? 'cpu' : 'wasm',
  verbose: 2,
});
const n = r.history.epoch.length;
console.log(
  `\n${n} epochs in ${r.trainSeconds.toFixed(1)} s; early stopping kept epoch ${r.bestEpoch} ` +
    `(val_loss ${r.history.history.val_loss[r.bestEpoch - 1].toFixed(4)}, val_accuracy ${r.history.history.val_accuracy[r.bestEpoch - 1].toFixed(4)})`,
);
console.log(
  `test accuracy ${(r.testAccuracy * 100).toFixed(2)}% (loss ${r.testLoss.toFixed(4)})\n`,
);
console.log(r.reportText);
console.log('confusion matrix (rows: true digit, columns: predicted)');
for (const [i, row] of r.confusionMatrix.entries())
  console.log(`${i} | ${row.map((v) => String(v).padStart(4)).join(' ')}`);
console.log(`\nbest checkpoint ${r.files.checkpoint}/, final model ${r.files.model}/`);
console.log(`CSV log ${r.files.csv}, report ${r.files.report}`);
