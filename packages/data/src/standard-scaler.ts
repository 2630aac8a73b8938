import { type Matrix, readMatrix, writeMatrix } from './inputs.js';
import { assertFitted, jsonNumbers, jsonType } from './scaler-checks.js';

/** Options of {@link standardScaler}. */
export interface StandardScalerOptions {
  /** Subtract the mean (default true). */
  withMean?: boolean;
  /** Divide by the standard deviation (default true). */
  withStd?: boolean;
}

/** The saved state of a {@link StandardScaler} (`toJSON()`). */
export interface StandardScalerJSON {
  type: 'standardScaler';
  withMean: boolean;
  withStd: boolean;
  mean: number[] | null;
  var: number[] | null;
  nSamplesSeen: number;
}

/**
 * Standardizes each feature (column of a `[N, F]` matrix) to zero mean and unit variance, like
 * scikit-learn's `StandardScaler`: `x' = (x - mean) / std`, with the population standard
 * deviation (divisor N). A constant feature gets scale 1 (it becomes 0, not NaN).
 *
 * Create one with {@link standardScaler}. Methods take a `[N, F]` tensor (returning float32, or
 * float64 for float64 input) or `number[][]` (returning `number[][]`). Statistics are computed
 * in float64.
 * @example
 * import { tensor } from '@tsgrad/tensor';
 * import { StandardScaler } from '@tsgrad/data';
 * const scaler = new StandardScaler().fit([[1, 10], [3, 30]]);
 * scaler.mean; // [2, 20]
 * scaler.scale; // [1, 10]
 * scaler.transform(tensor([[3, 30]])); // float32 tensor [[1, 1]]
 * scaler.inverseTransform([[-1, 0]]); // [[1, 20]]
 */
export class StandardScaler {
  readonly withMean: boolean;
  readonly withStd: boolean;
  /** Per-feature mean seen in `fit` (undefined before). */
  mean?: number[];
  /** Per-feature population variance seen in `fit`. */
  var?: number[];
  /** The number of rows `fit` saw. */
  nSamplesSeen = 0;

  constructor(opts: StandardScalerOptions = {}) {
    this.withMean = opts.withMean ?? true;
    this.withStd = opts.withStd ?? true;
  }

  /** The number of features seen in `fit`. */
  get nFeatures(): number | undefined {
    return this.mean?.length;
  }

  /** The per-feature divisor: `sqrt(var)`, or 1 for constant features (and with `withStd: false`). */
  get scale(): number[] | undefined {
    if (!this.withStd) return this.var?.map(() => 1);
    return this.var?.map((v) => (v === 0 ? 1 : Math.sqrt(v)));
  }

  /**
   * Learns each feature's mean and variance from `x` `[N, F]` (two passes, float64).
   * @throws {ShapeError} unless x is 2-D; {ValueError} for an empty x or NaN/Infinity.
   */
  fit(x: Matrix): this {
    const t = readMatrix('StandardScaler.fit', x);
    const { rows, cols, values } = t;
    const mean = new Array<number>(cols).fill(0);
    const first = values.slice(0, cols);
    const constant = new Array<boolean>(cols).fill(true);
    for (let k = 0; k < values.length; k++) {
      mean[k % cols] += values[k];
      if (values[k] !== first[k % cols]) constant[k % cols] = false;
    }
    for (let j = 0; j < cols; j++) mean[j] = constant[j] ? first[j] : mean[j] / rows;
    const variance = new Array<number>(cols).fill(0);
    for (let k = 0; k < values.length; k++) {
      const d = values[k] - mean[k % cols];
      variance[k % cols] += d * d;
    }
    // A constant column has variance exactly 0 (rounding in the mean could otherwise leave ~1e-33).
    this.var = variance.map((v, j) => (constant[j] ? 0 : v / rows));
    this.mean = mean;
    this.nSamplesSeen = rows;
    return this;
  }

  /**
   * Standardizes `x` `[N, F]` with the fitted statistics.
   * @throws {ValueError} before `fit` or for NaN; {ShapeError} for a different feature count.
   */
  transform<X extends Matrix>(x: X): X {
    const t = readMatrix('StandardScaler.transform', x, { allowEmpty: true });
    const f = assertFitted('StandardScaler.transform', this.nFeatures, t);
    const scale = this.scale!;
    const mean = this.withMean ? this.mean! : this.mean!.map(() => 0);
    const out = new Float64Array(t.values.length);
    for (let k = 0; k < out.length; k++) out[k] = (t.values[k] - mean[k % f]) / scale[k % f];
    return writeMatrix(t, out, f);
  }

  /** `fit(x)` then `transform(x)`. */
  fitTransform<X extends Matrix>(x: X): X {
    return this.fit(x).transform(x);
  }

  /**
   * Maps standardized values back: `x * std + mean`.
   * @throws {ValueError} before `fit`; {ShapeError} for a different feature count.
   */
  inverseTransform<X extends Matrix>(x: X): X {
    const t = readMatrix('StandardScaler.inverseTransform', x, { allowEmpty: true });
    const f = assertFitted('StandardScaler.inverseTransform', this.nFeatures, t);
    const scale = this.scale!;
    const mean = this.withMean ? this.mean! : this.mean!.map(() => 0);
    const out = new Float64Array(t.values.length);
    for (let k = 0; k < out.length; k++) out[k] = t.values[k] * scale[k % f] + mean[k % f];
    return writeMatrix(t, out, f);
  }

  /** The options and fitted state, as plain JSON. */
  toJSON(): StandardScalerJSON {
    return {
      type: 'standardScaler',
      withMean: this.withMean,
      withStd: this.withStd,
      mean: this.mean ? [...this.mean] : null,
      var: this.var ? [...this.var] : null,
      nSamplesSeen: this.nSamplesSeen,
    };
  }

  /**
   * Rebuilds a scaler from `toJSON()` output (also after `JSON.stringify` / `JSON.parse`).
   * @throws {ValueError} for state of another type or malformed fields.
   */
  static fromJSON(json: StandardScalerJSON): StandardScaler {
    const op = 'StandardScaler.fromJSON';
    jsonType(op, json, 'standardScaler');
    const s = new StandardScaler({
      withMean: json.withMean !== false,
      withStd: json.withStd !== false,
    });
    if (json.mean !== null) {
      s.mean = jsonNumbers(op, json, 'mean');
      s.var = jsonNumbers(op, json, 'var', s.mean.length);
      s.nSamplesSeen = Number(json.nSamplesSeen) || 0;
    }
    return s;
  }
}

/**
 * A standard scaler (see {@link StandardScaler}).
 * @example
 * const s = standardScaler();
 * s.fitTransform([[1, 5], [3, 5]]); // [[-1, 0], [1, 0]]  (the constant feature gets scale 1)
 * s.inverseTransform([[0, 0]]);      // [[2, 5]]
 */
export function standardScaler(opts: StandardScalerOptions = {}): StandardScaler {
  return new StandardScaler(opts);
}
