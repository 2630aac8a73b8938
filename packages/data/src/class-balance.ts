import { Generator, type Tensor, ValueError, defaultGenerator, permutation } from '@tsgrad/tensor';
import { type Labels, lengthOf, readClassIndices, take } from './inputs.js';
import { classMembers } from './split.js';

/**
 * Per-class weights that balance the classes, scikit-learn's `'balanced'` formula:
 * `n_samples / (n_classes * count[c])`. Rare classes weigh more; a balanced set gets all 1s.
 * @param labels Integer class labels `[N]` in `0..numClasses-1` (array or int32 tensor).
 * @returns `number[]` indexed by class (what the losses' `classWeights` and `fit`'s
 *   `classWeight` take).
 * @throws {ValueError} for non-integer labels, empty labels, or a class in `0..numClasses-1`
 *   that never occurs (its weight would be infinite).
 * @example computeClassWeights([0, 0, 0, 1], 'balanced'); // [0.667, 2]
 */
export function computeClassWeights(
  labels: Labels,
  mode: 'balanced' = 'balanced',
  opts: { numClasses?: number } = {},
): number[] {
  const op = 'computeClassWeights';
  if (mode !== 'balanced')
    throw new ValueError(op, `mode must be 'balanced', got ${JSON.stringify(mode)}`);
  const { y, numClasses } = readClassIndices(op, labels, opts.numClasses);
  if (y.length === 0) throw new ValueError(op, 'labels are empty');
  const counts = new Array<number>(numClasses).fill(0);
  for (const c of y) counts[c]++;
  const missing = counts.indexOf(0);
  if (missing >= 0)
    throw new ValueError(
      op,
      `class ${missing} has no samples in labels; its weight would be infinite`,
    );
  return counts.map((c) => y.length / (numClasses * c));
}

/**
 * Each sample's weight from its class's weight (for a loss's `sampleWeight`).
 * @param classWeights An array indexed by class, or an object `{ [class]: weight }`.
 * @returns A Float32Array `[N]` (wrap it with `tensor(w)` for a loss).
 * @throws {ValueError} for a label with no weight, or a weight that is negative or not finite.
 * @example sampleWeightsFromClassWeights([0, 1, 1], [2, 0.5]); // Float32Array [2, 0.5, 0.5]
 */
export function sampleWeightsFromClassWeights(
  labels: Labels,
  classWeights: readonly number[] | Readonly<Record<number, number>>,
): Float32Array {
  const op = 'sampleWeightsFromClassWeights';
  const { y } = readClassIndices(op, labels);
  const out = new Float32Array(y.length);
  for (let i = 0; i < y.length; i++) {
    const w = (classWeights as Record<number, number>)[y[i]];
    if (w === undefined) throw new ValueError(op, `no weight for class ${y[i]} (labels[${i}])`);
    if (!(Number.isFinite(w) && w >= 0))
      throw new ValueError(op, `the weight of class ${y[i]} must be finite and >= 0, got ${w}`);
    out[i] = w;
  }
  return out;
}

/** What {@link oversample} returns: x and y in their input kinds, and the source index of each row. */
export interface Oversampled<X, Y> {
  x: X;
  y: Y;
  indices: Int32Array;
}

/**
 * Random oversampling (imbalanced-learn's `RandomOverSampler`): draws extra samples, with
 * replacement, from every class smaller than the largest until all classes have its count.
 * The result holds the original samples first, then the drawn ones (class by class), unless
 * `shuffle` is set.
 * @param x Samples `[N, ...]` (tensor or array); rows of a tensor are gathered.
 * @param y Labels `[N]` (numbers or strings; array or tensor).
 * @throws {ValueError} when x and y differ in length or are empty.
 * @example const { x: xBal, y: yBal } = oversample(x, y, { seed: 0 });
 */
export function oversample<
  X extends Tensor | ArrayLike<unknown>,
  Y extends Tensor | ArrayLike<unknown>,
>(x: X, y: Y, opts: { seed?: number; shuffle?: boolean } = {}): Oversampled<X, Y> {
  const op = 'oversample';
  const n = lengthOf(op, x, 'x');
  if (lengthOf(op, y, 'y') !== n)
    throw new ValueError(op, `x has ${n} samples but y has ${lengthOf(op, y, 'y')}`);
  if (n === 0) throw new ValueError(op, 'x is empty');
  const { members } = classMembers(op, y as unknown as Labels, n, 'y');
  const g = new Generator(opts.seed ?? defaultGenerator().nextUint32());
  const target = Math.max(...members.map((m) => m.length));
  const indices: number[] = Array.from({ length: n }, (_, i) => i);
  for (const m of members)
    for (let k = m.length; k < target; k++) indices.push(m[g.integer(0, m.length)]);
  let idx = Int32Array.from(indices);
  if (opts.shuffle) {
    const p = permutation(idx.length, g);
    idx = Int32Array.from(p, (j) => idx[j]);
  }
  return { x: take(x, idx), y: take(y, idx), indices: idx };
}
