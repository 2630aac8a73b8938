import '@tsgrad/autograd';
import { noGrad } from '@tsgrad/autograd';
import { standardScaler, stratifiedKFold } from '@tsgrad/data';
import { dense, sequential } from '@tsgrad/layers';
import { binaryCrossentropy } from '@tsgrad/losses';
import { accuracy } from '@tsgrad/metrics';
import { adam } from '@tsgrad/optim';
import { scope, tensor } from '@tsgrad/tensor';

/** One point of the grid. */
export interface Config {
  hidden: number;
  learningRate: number;
  /** L2 penalty on the weights (Adam's `weightDecay`). */
  weightDecay: number;
}

/** What {@link gridSearch} reports for one configuration. */
export interface ConfigResult {
  config: Config;
  /** Validation accuracy of each fold. */
  foldAccuracies: number[];
  mean: number;
  std: number;
  /** 1 for the best mean accuracy. */
  rank: number;
}

/** Every combination of the given values, in order. */
export function grid(values: {
  hidden: number[];
  learningRate: number[];
  weightDecay: number[];
}): Config[] {
  const out: Config[] = [];
  for (const hidden of values.hidden)
    for (const learningRate of values.learningRate)
      for (const weightDecay of values.weightDecay) out.push({ hidden, learningRate, weightDecay });
  return out;
}

const bce = binaryCrossentropy.with({ fromLogits: true });

/**
 * Trains a 2-`hidden`-`hidden`-1 tanh MLP full-batch for `epochs` Adam steps and returns a
 * function giving its class predictions. The scaler is fitted on the training rows only, so no
 * statistics leak from the validation fold.
 */
export function trainMlp(
  x: number[][],
  y: number[],
  config: Config,
  epochs: number,
  seed: number,
): (rows: number[][]) => number[] {
  const scaler = standardScaler().fit(x);
  const xt = tensor(scaler.transform(x));
  const yt = tensor(y.map((v) => [v]));
  const model = sequential([
    dense({ units: config.hidden, activation: 'tanh', inputShape: [2], seed }),
    dense({ units: config.hidden, activation: 'tanh', seed: seed + 1 }),
    dense({ units: 1, seed: seed + 2 }),
  ]);
  const params = model.trainableParameters();
  const opt = adam({ learningRate: config.learningRate, weightDecay: config.weightDecay });
  for (let e = 0; e < epochs; e++)
    scope(() => {
      bce(yt, model.call(xt, { training: true })).backward();
      opt.step(params);
      opt.zeroGrad(params);
    });
  return (rows) =>
    noGrad(() =>
      Array.from(model.call(tensor(scaler.transform(rows))).dataSync(), (z) => (z > 0 ? 1 : 0)),
    );
}

const pick = <T>(a: T[], idx: Int32Array): T[] => Array.from(idx, (i) => a[i]);

/**
 * Scores every configuration by stratified k-fold cross-validation (same folds for all) and
 * ranks them by mean validation accuracy.
 */
export function gridSearch(
  x: number[][],
  y: number[],
  configs: Config[],
  options: { k: number; epochs: number; seed: number; onResult?: (r: ConfigResult) => void },
): ConfigResult[] {
  const folds = stratifiedKFold(y, { k: options.k, seed: options.seed });
  const results: ConfigResult[] = configs.map((config) => {
    const foldAccuracies = folds.map(({ trainIndices, testIndices }, f) => {
      const predict = trainMlp(
        pick(x, trainIndices),
        pick(y, trainIndices),
        config,
        options.epochs,
        options.seed + 10 * f,
      );
      return accuracy(pick(y, testIndices), predict(pick(x, testIndices)));
    });
    const mean = foldAccuracies.reduce((a, b) => a + b, 0) / foldAccuracies.length;
    const std = Math.sqrt(
      foldAccuracies.reduce((a, b) => a + (b - mean) ** 2, 0) / foldAccuracies.length,
    );
    const r = { config, foldAccuracies, mean, std, rank: 0 };
    options.onResult?.(r);
    return r;
  });
  const order = [...results].sort((a, b) => b.mean - a.mean);
  order.forEach((r, i) => {
    r.rank = i + 1;
  });
  return results;
}

/** The results as an aligned text table, best first. */
export function formatResults(results: ConfigResult[]): string {
  const header = ['rank', 'hidden', 'lr', 'weight decay', 'cv accuracy', 'folds'];
  const rows = [...results]
    .sort((a, b) => a.rank - b.rank)
    .map((r) => [
      String(r.rank),
      String(r.config.hidden),
      String(r.config.learningRate),
      String(r.config.weightDecay),
      `${r.mean.toFixed(3)} ± ${r.std.toFixed(3)}`,
      r.foldAccuracies.map((a) => a.toFixed(2)).join(' '),
    ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) =>
    cells.map((c, i) => (i === cells.length - 1 ? c : c.padStart(widths[i]))).join('  ');
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}
