import { Generator, ValueError, defaultGenerator, permutation } from '@tsgrad/tensor';
import type { Labels } from './inputs.js';
import { type SplitIndices, classMembers } from './split.js';

/** Options of {@link kFold} and {@link stratifiedKFold}. */
export interface KFoldOptions {
  /** Number of folds (>= 2; default 5). */
  k?: number;
  /** Shuffle before dealing samples into folds (default: true when a seed is given). */
  shuffle?: boolean;
  /** Seed for the shuffle. */
  seed?: number;
}

function checkK(op: string, k: number, n: number): void {
  if (!Number.isInteger(k) || k < 2)
    throw new ValueError(op, `k must be an integer >= 2, got ${k}`);
  if (n < k) throw new ValueError(op, `cannot split ${n} samples into k=${k} folds`);
}

function foldsFrom(testFold: Int32Array, k: number): SplitIndices[] {
  const out: SplitIndices[] = [];
  for (let f = 0; f < k; f++) {
    const train: number[] = [];
    const test: number[] = [];
    testFold.forEach((fold, i) => {
      (fold === f ? test : train).push(i);
    });
    out.push({ trainIndices: Int32Array.from(train), testIndices: Int32Array.from(test) });
  }
  return out;
}

/**
 * K-fold cross-validation indices for `n` samples, like scikit-learn's `KFold`: consecutive
 * folds (of a shuffled order when shuffling); the first `n % k` folds have one extra sample.
 * Each fold's test sets are disjoint and together cover every sample once.
 * @returns `k` folds `{ trainIndices, testIndices }`, each ascending.
 * @throws {ValueError} for k < 2 or fewer samples than folds.
 * @example for (const { trainIndices, testIndices } of kFold(100, { k: 5, seed: 0 })) { ... }
 */
export function kFold(n: number, opts: KFoldOptions = {}): SplitIndices[] {
  const op = 'kFold';
  const k = opts.k ?? 5;
  if (!Number.isInteger(n) || n < 0)
    throw new ValueError(op, `n must be an integer >= 0, got ${n}`);
  checkK(op, k, n);
  const shuffle = opts.shuffle ?? opts.seed !== undefined;
  const order = shuffle
    ? permutation(n, new Generator(opts.seed ?? defaultGenerator().nextUint32()))
    : Int32Array.from({ length: n }, (_, i) => i);
  const testFold = new Int32Array(n);
  let pos = 0;
  for (let f = 0; f < k; f++) {
    const size = Math.floor(n / k) + (f < n % k ? 1 : 0);
    for (let j = 0; j < size; j++) testFold[order[pos++]] = f;
  }
  return foldsFrom(testFold, k);
}

/**
 * Stratified k-fold indices, like scikit-learn's `StratifiedKFold`: every fold holds about the
 * same proportion of each class. Samples are sorted by class and dealt round-robin to decide
 * how many of each class go to each fold; with shuffling, which samples go where is random.
 * @param labels Class labels `[N]` (numbers or strings; array or tensor).
 * @returns `k` folds `{ trainIndices, testIndices }`, each ascending.
 * @throws {ValueError} for k < 2, fewer samples than folds, or when every class has fewer than k members.
 * @example stratifiedKFold(y, { k: 5, seed: 42 });
 */
export function stratifiedKFold(labels: Labels, opts: KFoldOptions = {}): SplitIndices[] {
  const op = 'stratifiedKFold';
  const k = opts.k ?? 5;
  const { y, members } = classMembers(op, labels);
  checkK(op, k, y.length);
  const counts = members.map((m) => m.length);
  if (counts.every((c) => c < k))
    throw new ValueError(
      op,
      `k=${k} is greater than the number of members in every class (largest: ${Math.max(...counts)})`,
    );
  const shuffle = opts.shuffle ?? opts.seed !== undefined;
  const g = new Generator(opts.seed ?? defaultGenerator().nextUint32());
  // Sorted by class, sample s goes to fold s % k: allocation[f][c] = how many of class c in fold f.
  const sorted = Array.from(y).sort((a, b) => a - b);
  const allocation = Array.from({ length: k }, () => new Array<number>(members.length).fill(0));
  sorted.forEach((c, s) => {
    allocation[s % k][c]++;
  });
  const testFold = new Int32Array(y.length);
  members.forEach((m, c) => {
    const folds: number[] = [];
    for (let f = 0; f < k; f++) for (let j = 0; j < allocation[f][c]; j++) folds.push(f);
    const p = shuffle ? permutation(folds.length, g) : null;
    for (let j = 0; j < m.length; j++) testFold[m[j]] = folds[p ? p[j] : j];
  });
  return foldsFrom(testFold, k);
}
