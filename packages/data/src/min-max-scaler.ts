import { ValueError } from '@tsgrad/tensor';
import { type Matrix, readMatrix, writeMatrix } from './inputs.js';
import { assertFitted, jsonNumbers, jsonType } from './scaler-checks.js';

/** Options of {@link minMaxScaler}. */
export interface MinMaxScalerOptions {
  /** The range features are scaled to (default `[0, 1]`). */
  featureRange?: readonly [number, number];
  /** Clip transformed values into `featureRange` (values outside the fitted min/max; default false). */
  clip?: boolean;
}

/** The saved state of a {@link MinMaxScaler} (`toJSON()`). */
export interface MinMaxScalerJSON {
  type: 'minMaxScaler';
  featureRange: [number, number];
  clip: boolean;
  dataMin: number[] | null;
  dataMax: number[] | null;
}

/**
 * Scales each feature (column of a `[N, F]` matrix) to `featureRange`, like scikit-learn's
 * `MinMaxScaler`: `x' = (x - min) / (max - min) * (hi - lo) + lo`. A constant feature
 * (max = min) is given scale 1, so it maps to `lo + (x - min)` instead of dividing by zero.
 *
 * Create one with {@link minMaxScaler}. Methods take a `[N, F]` tensor (returning float32, or
 * float64 for float64 input) or `number[][]` (returning `number[][]`).
 * @example
 * import { tensor } from '@tsgrad/tensor';
 * import { MinMaxScaler } from '@tsgrad/data';
 * const scaler = new MinMaxScaler({ featureRange: [-1, 1] }).fit([[0, 10], [4, 30]]);
 * scaler.transform([[2, 20]]); // [[0, 0]]
 * scaler.transform(tensor([[4, 10]])); // float32 tensor [[1, -1]]
 * scaler.inverseTransform([[1, 1]]); // [[4, 30]]
 * MinMaxScaler.fromJSON(JSON.parse(JSON.stringify(scaler))).dataRange; // [4, 20]
 */
export class MinMaxScaler {
  readonly featureRange: [number, number];
  readonly clip: boolean;
  /** Per-feature minimum seen in `fit` (undefined before). */
  dataMin?: number[];
  /** Per-feature maximum seen in `fit`. */
  dataMax?: number[];

  constructor(opts: MinMaxScalerOptions = {}) {
    const [lo, hi] = opts.featureRange ?? [0, 1];
    if (!(Number.isFinite(lo) && Number.isFinite(hi) && lo < hi)) {
      throw new ValueError(
        'minMaxScaler',
        `featureRange must be [min, max] with min < max, got [${lo}, ${hi}]`,
      );
    }
    this.featureRange = [lo, hi];
    this.clip = opts.clip ?? false;
  }

  /** The number of features seen in `fit`. */
  get nFeatures(): number | undefined {
    return this.dataMin?.length;
  }

  /** `max - min` per feature. */
  get dataRange(): number[] | undefined {
    return this.dataMax?.map((m, j) => m - this.dataMin![j]);
  }

  /** The per-feature factor: `x' = x * scale + min`. */
  get scale(): number[] | undefined {
    const [lo, hi] = this.featureRange;
    return this.dataRange?.map((r) => (hi - lo) / (r === 0 ? 1 : r));
  }

  /** The per-feature offset: `x' = x * scale + min`. */
  get min(): number[] | undefined {
    return this.scale?.map((s, j) => this.featureRange[0] - this.dataMin![j] * s);
  }

  /**
   * Learns each feature's min and max from `x` `[N, F]`.
   * @throws {ShapeError} unless x is 2-D; {ValueError} for an empty x or NaN/Infinity.
   */
  fit(x: Matrix): this {
    const t = readMatrix('MinMaxScaler.fit', x);
    const min = new Array<number>(t.cols).fill(Infinity);
    const max = new Array<number>(t.cols).fill(-Infinity);
    for (let i = 0; i < t.rows; i++) {
      for (let j = 0; j < t.cols; j++) {
        const v = t.values[i * t.cols + j];
        if (v < min[j]) min[j] = v;
        if (v > max[j]) max[j] = v;
      }
    }
    this.dataMin = min;
    this.dataMax = max;
    return this;
  }

  /**
   * Scales `x` `[N, F]` with the fitted min and max.
   * @throws {ValueError} before `fit` or for NaN; {ShapeError} for a different feature count.
   */
  transform<X extends Matrix>(x: X): X {
    const t = readMatrix('MinMaxScaler.transform', x, { allowEmpty: true });
    const f = assertFitted('MinMaxScaler.transform', this.nFeatures, t);
    const scale = this.scale!;
    const min = this.min!;
    const [lo, hi] = this.featureRange;
    const out = new Float64Array(t.values.length);
    for (let k = 0; k < out.length; k++) {
      const j = k % f;
      let v = t.values[k] * scale[j] + min[j];
      if (this.clip) v = Math.min(hi, Math.max(lo, v));
      out[k] = v;
    }
    return writeMatrix(t, out, f);
  }

  /** `fit(x)` then `transform(x)`. */
  fitTransform<X extends Matrix>(x: X): X {
    return this.fit(x).transform(x);
  }

  /**
   * Maps scaled values back to the original units.
   * @throws {ValueError} before `fit`; {ShapeError} for a different feature count.
   */
  inverseTransform<X extends Matrix>(x: X): X {
    const t = readMatrix('MinMaxScaler.inverseTransform', x, { allowEmpty: true });
    const f = assertFitted('MinMaxScaler.inverseTransform', this.nFeatures, t);
    const scale = this.scale!;
    const min = this.min!;
    const out = new Float64Array(t.values.length);
    for (let k = 0; k < out.length; k++) out[k] = (t.values[k] - min[k % f]) / scale[k % f];
    return writeMatrix(t, out, f);
  }

  /** The options and fitted state, as plain JSON. */
  toJSON(): MinMaxScalerJSON {
    return {
      type: 'minMaxScaler',
      featureRange: [...this.featureRange],
      clip: this.clip,
      dataMin: this.dataMin ? [...this.dataMin] : null,
      dataMax: this.dataMax ? [...this.dataMax] : null,
    };
  }

  /**
   * Rebuilds a scaler from `toJSON()` output (also after `JSON.stringify` / `JSON.parse`).
   * @throws {ValueError} for state of another type or malformed fields.
   */
  static fromJSON(json: MinMaxScalerJSON): MinMaxScaler {
    const op = 'MinMaxScaler.fromJSON';
    jsonType(op, json, 'minMaxScaler');
    const s = new MinMaxScaler({
      featureRange: jsonNumbers(op, json, 'featureRange', 2) as [number, number],
      clip: !!json.clip,
    });
    if (json.dataMin !== null) {
      s.dataMin = jsonNumbers(op, json, 'dataMin');
      s.dataMax = jsonNumbers(op, json, 'dataMax', s.dataMin.length);
    }
    return s;
  }
}

/**
 * A min-max scaler (see {@link MinMaxScaler}).
 * @throws {ValueError} unless `featureRange` is `[lo, hi]` with lo < hi.
 * @example
 * const s = minMaxScaler({ featureRange: [-1, 1] });
 * s.fitTransform([[0, 10], [5, 20], [10, 30]]); // [[-1, -1], [0, 0], [1, 1]]
 * MinMaxScaler.fromJSON(JSON.parse(JSON.stringify(s))).transform([[2.5, 15]]); // [[-0.5, -0.5]]
 */
export function minMaxScaler(opts: MinMaxScalerOptions = {}): MinMaxScaler {
  return new MinMaxScaler(opts);
}
