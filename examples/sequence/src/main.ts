import { parseArgs } from 'node:util';
import { type Task, addingTask, sineTask } from './tasks.js';
import { type Cell, trainSequenceModel } from './train.js';

const { values } = parseArgs({
  options: {
    epochs: { type: 'string', default: '12' },
    'train-size': { type: 'string', default: '2048' },
  },
});
const epochs = Number(values.epochs);
const trainSize = Number(values['train-size']);
const t0 = performance.now();
const rows: string[][] = [];
for (const task of [sineTask(20), addingTask(20)] as Task[]) {
  console.log(
    `\n${task.name}: ${task.steps} steps × ${task.features} feature(s), ${trainSize} training sequences`,
  );
  let baseline = Number.NaN;
  for (const cell of ['lstm', 'gru'] as Cell[]) {
    const r = trainSequenceModel(task, {
      cell,
      units: 32,
      trainSize,
      testSize: 1024,
      epochs,
      batchSize: 32,
      learningRate: 0.01,
      seed: 0,
      onEpoch: (e, train, test) =>
        console.log(
          `  ${cell.toUpperCase().padEnd(4)} epoch ${String(e).padStart(2)}  train mse ${train.toFixed(4)}  test mse ${test.toFixed(4)}`,
        ),
    });
    baseline = r.baselineMse;
    rows.push([
      task.name,
      cell.toUpperCase(),
      r.testMse.toFixed(4),
      r.baselineMse.toFixed(4),
      `${(r.baselineMse / r.testMse).toFixed(1)}×`,
      `${r.seconds.toFixed(0)} s`,
    ]);
  }
  console.log(`  baseline (${task.baselineName}): test mse ${baseline.toFixed(4)}`);
}
const header = ['task', 'model', 'test mse', 'baseline mse', 'better by', 'time'];
const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
const line = (c: string[]) => c.map((v, i) => v.padEnd(widths[i])).join('  ');
console.log(`\n${line(header)}\n${line(widths.map((w) => '-'.repeat(w)))}`);
for (const r of rows) console.log(line(r));
console.log(`\ntotal time ${((performance.now() - t0) / 1000).toFixed(0)} s`);
