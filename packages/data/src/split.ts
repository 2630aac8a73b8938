import { Generator, type Tensor, ValueError, defaultGenerator, permutation } from '@tsgrad/tensor';
import { type Labels, lengthOf, readLabels, take } from './inputs.js';

/** Train and test sample indices (ascending within each set unless shuffled). */
export interface SplitIndices {
  trainIndices: Int32Array;
  testIndices: Int32Array;
}

/** Options of {@link trainTestSplit}. */
export interface TrainTestSplitOptions {
  /** A fraction in (0, 1) of the samples, or a count (default 0.25 when trainSize is absent too). */
  testSize?: number;
  /** A fraction in (0, 1) or a count (default: the complement of testSize). */
  trainSize?: number;
  /** Seed for the shuffle (default: drawn from the default generator). */
  seed?: number;
  /** Shuffle before splitting (default true; false keeps order: train first, then test). */
  shuffle?: boolean;
  /** Class labels `[N]` to preserve class proportions in both sets; `true` uses `y`. */
  stratify?: Labels | true;
}

/** What {@link trainTestSplit} returns: each part in the kind it came in (tensor rows via `gather`, arrays by index). */
export interface TrainTestSplit<X, Y> {
  xTrain: X;
  xTest: X;
  yTrain: Y;
  yTest: Y;
  trainIndices: Int32Array;
  testIndices: Int32Array;
}

function resolveSizes(
  op: string,
  n: number,
  testSize: number | undefined,
  trainSize: number | undefined,
): [number, number] {
  const count = (
    name: string,
    v: number | undefined,
    round: (x: number) => number,
  ): number | undefined => {
    if (v === undefined) return undefined;
    if (v > 0 && v < 1) return round(v * n);
    if (Number.isInteger(v) && v >= 1 && v < n) return v;
    throw new ValueError(
      op,
      `${name} must be a fraction in (0, 1) or an integer in [1, ${n - 1}] for ${n} samples, got ${v}`,
    );
  };
  let test = count('testSize', testSize, Math.ceil);
  let train = count('trainSize', trainSize, Math.floor);
  if (test === undefined && train === undefined) test = Math.ceil(0.25 * n);
  if (test === undefined) test = n - train!;
  if (train === undefined) train = n - test;
  if (train + test > n)
    throw new ValueError(
      op,
      `trainSize + testSize = ${train + test} is more than the ${n} samples`,
    );
  if (train < 1 || test < 1) {
    throw new ValueError(
      op,
      `with ${n} samples, testSize=${testSize ?? 0.25} leaves ${train} for training and ${test} for testing; both need at least 1`,
    );
  }
  return [train, test];
}

/** @internal Labels grouped into classes: class id per sample and member lists, classes in sorted order. */
export function classMembers(
  op: string,
  labels: Labels,
  n?: number,
  name = 'labels',
): { y: Int32Array; members: number[][]; classes: (string | number)[] } {
  const raw = readLabels(op, labels, name);
  if (n !== undefined && raw.length !== n)
    throw new ValueError(op, `${name} has ${raw.length} entries for ${n} samples`);
  const classes = [...new Set(raw)].sort((a, b) =>
    typeof a === 'number' && typeof b === 'number'
      ? a - b
      : String(a) < String(b)
        ? -1
        : String(a) > String(b)
          ? 1
          : 0,
  );
  const id = new Map(classes.map((c, i) => [c, i]));
  const y = new Int32Array(raw.length);
  const members: number[][] = classes.map(() => []);
  raw.forEach((v, i) => {
    y[i] = id.get(v)!;
    members[y[i]].push(i);
  });
  return { y, members, classes };
}

/** scikit-learn's `_approximate_mode`: split `draws` over classes in proportion, ties at random. */
function approximateMode(counts: number[], draws: number, g: Generator): number[] {
  const total = counts.reduce((a, b) => a + b, 0);
  const continuous = counts.map((c) => (c * draws) / total);
  const out = continuous.map(Math.floor);
  let need = draws - out.reduce((a, b) => a + b, 0);
  const remainder = continuous.map((c, i) => c - out[i]);
  const values = [...new Set(remainder)].sort((a, b) => b - a);
  for (const v of values) {
    if (need <= 0) break;
    const inds = remainder.flatMap((r, i) => (r === v ? [i] : []));
    const perm = permutation(inds.length, g);
    const now = Math.min(inds.length, need);
    for (let k = 0; k < now; k++) out[inds[perm[k]]]++;
    need -= now;
  }
  return out;
}

const ascending = (a: Int32Array) => a.sort();

/**
 * Train/test indices for `n` samples (see {@link trainTestSplit}); with `stratify`, each
 * class keeps its proportion in both sets (scikit-learn's `StratifiedShuffleSplit` allocation).
 * @throws {ValueError} for sizes that leave a set empty, or a stratified split where a class
 *   has a single member or a set is smaller than the number of classes.
 * @example trainTestSplitIndices(10, { testSize: 0.2, seed: 0 }); // { trainIndices: 8, testIndices: 2 }
 */
export function trainTestSplitIndices(
  n: number,
  opts: Omit<TrainTestSplitOptions, 'stratify'> & { stratify?: Labels } = {},
): SplitIndices {
  const op = 'trainTestSplit';
  if (!Number.isInteger(n) || n < 2)
    throw new ValueError(op, `needs at least 2 samples to split, got ${n}`);
  const [nTrain, nTest] = resolveSizes(op, n, opts.testSize, opts.trainSize);
  const shuffle = opts.shuffle ?? true;
  if (!shuffle) {
    if (opts.stratify !== undefined) throw new ValueError(op, 'stratify needs shuffle: true');
    return {
      trainIndices: Int32Array.from({ length: nTrain }, (_, i) => i),
      testIndices: Int32Array.from({ length: nTest }, (_, i) => nTrain + i),
    };
  }
  const g = new Generator(opts.seed ?? defaultGenerator().nextUint32());
  if (opts.stratify === undefined) {
    const p = permutation(n, g);
    return {
      trainIndices: ascending(p.slice(0, nTrain)),
      testIndices: ascending(p.slice(nTrain, nTrain + nTest)),
    };
  }
  const { members, classes } = classMembers(op, opts.stratify, n, 'stratify');
  const counts = members.map((m) => m.length);
  const smallest = counts.indexOf(Math.min(...counts));
  if (counts[smallest] < 2) {
    throw new ValueError(
      op,
      `cannot stratify: class ${JSON.stringify(classes[smallest])} has only 1 member; every class needs at least 2`,
    );
  }
  if (nTrain < classes.length || nTest < classes.length) {
    throw new ValueError(
      op,
      `cannot stratify ${classes.length} classes into ${nTrain} train and ${nTest} test samples; each set needs at least one per class`,
    );
  }
  const perTrain = approximateMode(counts, nTrain, g);
  const perTest = approximateMode(
    counts.map((c, i) => c - perTrain[i]),
    nTest,
    g,
  );
  const train: number[] = [];
  const test: number[] = [];
  members.forEach((m, c) => {
    const p = permutation(m.length, g);
    for (let k = 0; k < perTrain[c]; k++) train.push(m[p[k]]);
    for (let k = perTrain[c]; k < perTrain[c] + perTest[c]; k++) test.push(m[p[k]]);
  });
  return {
    trainIndices: ascending(Int32Array.from(train)),
    testIndices: ascending(Int32Array.from(test)),
  };
}

/**
 * Splits samples into a training and a test set, like scikit-learn's `train_test_split`:
 * shuffled with a seed, optionally stratified by class. `x` and `y` may be tensors (rows are
 * gathered) or arrays; each part keeps its kind. Indices within each set are ascending.
 *
 * @throws {ValueError} when x and y differ in length, for sizes that leave a set empty, or for
 *   an impossible stratification.
 * @example
 * const { xTrain, xTest, yTrain, yTest } = trainTestSplit(x, y, { testSize: 0.2, seed: 42, stratify: true });
 */
export function trainTestSplit<
  X extends Tensor | ArrayLike<unknown>,
  Y extends Tensor | ArrayLike<unknown> = X,
>(x: X, y?: Y, opts: TrainTestSplitOptions = {}): TrainTestSplit<X, Y> {
  const op = 'trainTestSplit';
  const n = lengthOf(op, x, 'x');
  if (y !== undefined && lengthOf(op, y, 'y') !== n)
    throw new ValueError(op, `x has ${n} samples but y has ${lengthOf(op, y, 'y')}`);
  if (n === 0) throw new ValueError(op, 'x is empty; needs at least 2 samples to split');
  if (opts.stratify === true && y === undefined) throw new ValueError(op, 'stratify: true needs y');
  const stratify = opts.stratify === true ? (y as Labels) : opts.stratify;
  const { trainIndices, testIndices } = trainTestSplitIndices(n, { ...opts, stratify });
  return {
    xTrain: take(x, trainIndices),
    xTest: take(x, testIndices),
    yTrain: (y === undefined ? undefined : take(y, trainIndices)) as Y,
    yTest: (y === undefined ? undefined : take(y, testIndices)) as Y,
    trainIndices,
    testIndices,
  };
}
