import { ValueError } from '@tsgrad/tensor';
import { type Matrix, readMatrix, writeMatrix } from './inputs.js';
import { assertFitted, jsonType } from './scaler-checks.js';

/** Options of {@link discretizer}. */
export interface DiscretizerOptions {
  /** Bins per feature: one number for all, or one per feature (each >= 2; default 5). */
  nBins?: number | readonly number[];
  /**
   * `'quantile'` (default): edges at evenly spaced percentiles (linear interpolation, as
   * NumPy's `percentile`), so bins hold about as many samples each; `'uniform'`: equal widths.
   */
  strategy?: 'uniform' | 'quantile';
  /** `'onehot'` (default): one column per bin, `[N, Σ nBins]`; `'ordinal'`: the bin index, `[N, F]`. */
  encode?: 'ordinal' | 'onehot';
}

/** The saved state of a {@link Discretizer} (`toJSON()`). */
export interface DiscretizerJSON {
  type: 'discretizer';
  nBins: number | number[];
  strategy: 'uniform' | 'quantile';
  encode: 'ordinal' | 'onehot';
  binEdges: number[][] | null;
}

/** NumPy's default (linear) percentile of sorted values, `q` in [0, 1]. */
function quantile(sorted: Float64Array, q: number): number {
  const pos = q * (sorted.length - 1);
  const lo = Math.floor(pos);
  const hi = Math.min(lo + 1, sorted.length - 1);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
}

/**
 * Bins continuous features into intervals, like scikit-learn's `KBinsDiscretizer`. Create one
 * with {@link discretizer}.
 *
 * Edges per feature: `'uniform'` spaces them evenly from min to max; `'quantile'` puts them at
 * percentiles and then drops bins narrower than 1e-8 (repeated values), so a feature may end up
 * with fewer bins than asked — `nBinsFitted` says how many. A constant feature gets one bin
 * with edges `[v, v]`. A value's bin is the number of inner edges ≤ it, so values outside the
 * fitted range land in the first or last bin.
 *
 * @example
 * import { Discretizer } from '@tsgrad/data';
 * const d = new Discretizer({ nBins: 2, strategy: 'uniform', encode: 'ordinal' });
 * d.fit([[0], [1], [2], [3]]);
 * d.binEdges; // [[0, 1.5, 3]]
 * d.transform([[0.5], [2.5], [9]]); // [[0], [1], [1]]: beyond the range, the last bin
 * Discretizer.fromJSON(JSON.parse(JSON.stringify(d))).transform([[1]]); // [[0]]
 */
export class Discretizer {
  readonly nBins: number | readonly number[];
  readonly strategy: 'uniform' | 'quantile';
  readonly encode: 'ordinal' | 'onehot';
  /** Per-feature bin edges (nBinsFitted[j] + 1 ascending numbers), after `fit`. */
  binEdges?: number[][];

  constructor(opts: DiscretizerOptions = {}) {
    const op = 'discretizer';
    this.nBins = opts.nBins ?? 5;
    this.strategy = opts.strategy ?? 'quantile';
    this.encode = opts.encode ?? 'onehot';
    const bins = typeof this.nBins === 'number' ? [this.nBins] : this.nBins;
    if (!Array.isArray(bins) && typeof this.nBins !== 'number')
      throw new ValueError(op, `nBins must be a number or an array, got ${typeof this.nBins}`);
    for (const b of bins) {
      if (!Number.isInteger(b) || b < 2)
        throw new ValueError(op, `nBins must be integers >= 2, got ${b}`);
    }
    if (this.strategy !== 'uniform' && this.strategy !== 'quantile') {
      throw new ValueError(
        op,
        `strategy must be 'uniform' or 'quantile', got ${JSON.stringify(this.strategy)}`,
      );
    }
    if (this.encode !== 'ordinal' && this.encode !== 'onehot') {
      throw new ValueError(
        op,
        `encode must be 'ordinal' or 'onehot', got ${JSON.stringify(this.encode)}`,
      );
    }
  }

  /** The number of features seen in `fit`. */
  get nFeatures(): number | undefined {
    return this.binEdges?.length;
  }

  /** Bins per feature after `fit` (quantile bins that collapse are dropped). */
  get nBinsFitted(): number[] | undefined {
    return this.binEdges?.map((e) => e.length - 1);
  }

  /**
   * Learns the bin edges of each feature of `x` `[N, F]`.
   * @throws {ShapeError} unless x is 2-D, or when a per-feature `nBins` has the wrong length;
   *   {ValueError} for an empty x or NaN/Infinity.
   */
  fit(x: Matrix): this {
    const op = 'Discretizer.fit';
    const t = readMatrix(op, x);
    const { rows, cols, values } = t;
    if (typeof this.nBins !== 'number' && this.nBins.length !== cols) {
      throw new ValueError(op, `nBins has ${this.nBins.length} entries but x has ${cols} features`);
    }
    const edges: number[][] = [];
    const column = new Float64Array(rows);
    for (let j = 0; j < cols; j++) {
      const n = typeof this.nBins === 'number' ? this.nBins : this.nBins[j];
      for (let i = 0; i < rows; i++) column[i] = values[i * cols + j];
      column.sort();
      const lo = column[0];
      const hi = column[rows - 1];
      if (lo === hi) {
        edges.push([lo, hi]);
        continue;
      }
      let e: number[] = [];
      for (let k = 0; k <= n; k++)
        e.push(this.strategy === 'uniform' ? lo + ((hi - lo) * k) / n : quantile(column, k / n));
      e[0] = lo;
      e[n] = hi;
      if (this.strategy === 'quantile') e = e.filter((v, k) => k === 0 || v - e[k - 1] > 1e-8);
      edges.push(e);
    }
    this.binEdges = edges;
    return this;
  }

  /**
   * Replaces each value by its bin: `[N, F]` bin indices (`'ordinal'`) or `[N, Σ bins]` one-hot
   * columns (`'onehot'`), as a float32 tensor for tensor input or `number[][]`.
   * @throws {ValueError} before `fit` or for NaN; {ShapeError} for a different feature count.
   */
  transform<X extends Matrix>(x: X): X {
    const op = 'Discretizer.transform';
    const t = readMatrix(op, x, { allowEmpty: true });
    const f = assertFitted(op, this.nFeatures, t);
    const bins = this.nBinsFitted!;
    const width = this.encode === 'onehot' ? bins.reduce((a, b) => a + b, 0) : f;
    const out = new Float64Array(t.rows * width);
    for (let i = 0; i < t.rows; i++) {
      let offset = 0;
      for (let j = 0; j < f; j++) {
        const e = this.binEdges![j];
        const v = t.values[i * f + j];
        let b = 0;
        while (b < e.length - 2 && e[b + 1] <= v) b++;
        if (this.encode === 'onehot') out[i * width + offset + b] = 1;
        else out[i * width + j] = b;
        offset += bins[j];
      }
    }
    return writeMatrix(t, out, width);
  }

  /** `fit(x)` then `transform(x)`. */
  fitTransform<X extends Matrix>(x: X): X {
    return this.fit(x).transform(x);
  }

  /**
   * Maps bins back to the centres of their intervals, `[N, F]` (from ordinal or one-hot codes).
   * @throws {ValueError} before `fit` or for a bin index out of range; {ShapeError} for a
   *   different width.
   */
  inverseTransform<X extends Matrix>(x: X): X {
    const op = 'Discretizer.inverseTransform';
    const bins = this.nBinsFitted;
    const f = assertFitted(op, this.nFeatures);
    const t = readMatrix(op, x, { allowEmpty: true });
    const width = this.encode === 'onehot' ? bins!.reduce((a, b) => a + b, 0) : f;
    if (t.cols !== width)
      throw new ValueError(
        op,
        `expected ${width} columns (${this.encode} codes of ${f} features), got ${t.cols}`,
      );
    const out = new Float64Array(t.rows * f);
    for (let i = 0; i < t.rows; i++) {
      let offset = 0;
      for (let j = 0; j < f; j++) {
        let b: number;
        if (this.encode === 'onehot') {
          b = 0;
          for (let k = 1; k < bins![j]; k++)
            if (t.values[i * width + offset + k] > t.values[i * width + offset + b]) b = k;
        } else b = t.values[i * width + j];
        const e = this.binEdges![j];
        if (!Number.isInteger(b) || b < 0 || b >= e.length - 1) {
          throw new ValueError(
            op,
            `bin ${b} at row ${i}, feature ${j} is outside [0, ${e.length - 1})`,
          );
        }
        out[i * f + j] = (e[b] + e[b + 1]) / 2;
        offset += bins![j];
      }
    }
    return writeMatrix(t, out, f);
  }

  /** The options and fitted edges, as plain JSON. */
  toJSON(): DiscretizerJSON {
    return {
      type: 'discretizer',
      nBins: typeof this.nBins === 'number' ? this.nBins : [...this.nBins],
      strategy: this.strategy,
      encode: this.encode,
      binEdges: this.binEdges ? this.binEdges.map((e) => [...e]) : null,
    };
  }

  /**
   * Rebuilds a discretizer from `toJSON()` output.
   * @throws {ValueError} for state of another type or malformed edges.
   */
  static fromJSON(json: DiscretizerJSON): Discretizer {
    const op = 'Discretizer.fromJSON';
    jsonType(op, json, 'discretizer');
    const d = new Discretizer({ nBins: json.nBins, strategy: json.strategy, encode: json.encode });
    if (json.binEdges !== null) {
      if (
        !Array.isArray(json.binEdges) ||
        json.binEdges.some(
          (e) => !Array.isArray(e) || e.length < 2 || e.some((v) => typeof v !== 'number'),
        )
      ) {
        throw new ValueError(op, 'binEdges must be arrays of at least 2 numbers per feature');
      }
      d.binEdges = json.binEdges.map((e) => [...e]);
    }
    return d;
  }
}

/**
 * A discretizer (see {@link Discretizer}).
 * @throws {ValueError} for nBins below 2 or an unknown strategy or encoding.
 * @example
 * const d = discretizer({ nBins: 3, strategy: 'uniform', encode: 'ordinal' });
 * d.fitTransform([[0], [1], [2], [3], [4], [6]]); // [[0], [0], [1], [1], [2], [2]]
 * d.binEdges; // [[0, 2, 4, 6]]
 */
export function discretizer(opts: DiscretizerOptions = {}): Discretizer {
  return new Discretizer(opts);
}
