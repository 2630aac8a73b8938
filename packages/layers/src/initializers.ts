import {
  type DType,
  Generator,
  type Tensor,
  ValueError,
  defaultGenerator,
  full,
  tensor,
} from '@tsgrad/tensor';

/** Float dtypes weights can have: float32, or float64 for gradient checks. */
export type FloatDType = 'float32' | 'float64';

/**
 * Makes the initial values of a weight. Random initializers draw from the generator they are
 * given (the layer's, seeded by its `seed` option, or the global default), unless they carry
 * their own `seed`, in which case every call gives the same values (as in Keras).
 */
export interface Initializer {
  /** The registry name, e.g. `'GlorotUniform'`. */
  readonly className: string;
  /** Values for a weight of `shape` and `dtype`. */
  init(shape: readonly number[], dtype: FloatDType, generator?: Generator): Tensor;
  /** JSON-serializable options; `initializerFromConfig` rebuilds the initializer from them. */
  getConfig(): Record<string, unknown>;
}

/** An initializer, its name (`'glorotUniform'`, `'glorot_uniform'`, `'GlorotUniform'`), or its serialized form. */
export type InitializerIdentifier = Initializer | string | SerializedInitializer;

/** What `serializeInitializer` writes: `{ className: 'RandomNormal', config: { stddev: 0.1 } }`. */
export interface SerializedInitializer {
  className: string;
  config?: Record<string, unknown>;
}

/**
 * Fan-in and fan-out of a weight shape, as Keras computes them: `[in, out]` for a matrix;
 * for a conv kernel `[KH, KW, C, F]` the receptive field size KH·KW times C (in) or F (out).
 * @example computeFans([3, 3, 1, 32]); // [9, 288]
 */
export function computeFans(shape: readonly number[]): [number, number] {
  if (shape.length === 0) return [1, 1];
  if (shape.length === 1) return [shape[0], shape[0]];
  if (shape.length === 2) return [shape[0], shape[1]];
  let receptive = 1;
  for (const d of shape.slice(0, -2)) receptive *= d;
  return [shape[shape.length - 2] * receptive, shape[shape.length - 1] * receptive];
}

function sizeOf(shape: readonly number[]): number {
  return shape.reduce((p, d) => p * d, 1);
}

type Sampler = (shape: readonly number[], g: Generator) => Float64Array;

function fixed(
  className: string,
  config: Record<string, unknown>,
  make: (shape: readonly number[], dtype: DType) => Tensor,
): Initializer {
  return {
    className,
    init: (shape, dtype) => make(shape, dtype),
    getConfig: () => ({ ...config }),
  };
}

function random(className: string, config: Record<string, unknown>, sample: Sampler): Initializer {
  const seed = config.seed as number | undefined;
  return {
    className,
    init(shape, dtype, generator) {
      const g = seed !== undefined ? new Generator(seed) : (generator ?? defaultGenerator());
      return tensor(sample(shape, g), shape, dtype);
    },
    getConfig: () => ({ ...config }),
  };
}

function fill(shape: readonly number[], f: () => number): Float64Array {
  const a = new Float64Array(sizeOf(shape));
  for (let i = 0; i < a.length; i++) a[i] = f();
  return a;
}

function truncated(g: Generator): number {
  let z: number;
  do z = g.normal();
  while (z < -2 || z > 2);
  return z;
}

function positive(op: string, name: string, value: number): number {
  if (!(value > 0) || !Number.isFinite(value))
    throw new ValueError(op, `${name} must be > 0, got ${value}`);
  return value;
}

/**
 * All zeros (the default for biases).
 * @example
 * import { initializers } from '@tsgrad/layers';
 * initializers.zeros().init([3], 'float32').toArray(); // [0, 0, 0]
 */
export function zeros(): Initializer {
  return fixed('Zeros', {}, (shape, dtype) => full(shape, 0, dtype));
}

/** All ones (BatchNorm's gamma and moving variance). */
export function ones(): Initializer {
  return fixed('Ones', {}, (shape, dtype) => full(shape, 1, dtype));
}

/**
 * Every element `value`.
 * @example
 * import { initializers } from '@tsgrad/layers';
 * initializers.constant({ value: 0.1 });
 */
export function constant(options: { value?: number } = {}): Initializer {
  const value = options.value ?? 0;
  return fixed('Constant', { value }, (shape, dtype) => full(shape, value, dtype));
}

/**
 * Uniform in [minval, maxval) (defaults ±0.05, Keras' Embedding default).
 * @example
 * import { initializers } from '@tsgrad/layers';
 * initializers.randomUniform({ minval: -1, maxval: 1, seed: 0 });
 */
export function randomUniform(
  options: { minval?: number; maxval?: number; seed?: number } = {},
): Initializer {
  const minval = options.minval ?? -0.05;
  const maxval = options.maxval ?? 0.05;
  if (!(maxval > minval))
    throw new ValueError(
      'randomUniform',
      `maxval must be > minval, got minval=${minval}, maxval=${maxval}`,
    );
  return random('RandomUniform', { minval, maxval, seed: options.seed }, (s, g) =>
    fill(s, () => minval + (maxval - minval) * g.uniform()),
  );
}

/**
 * Normal with `mean` and `stddev` (default 0.05).
 * @example
 * import { initializers } from '@tsgrad/layers';
 * initializers.randomNormal({ stddev: 0.01 });
 */
export function randomNormal(
  options: { mean?: number; stddev?: number; seed?: number } = {},
): Initializer {
  const mean = options.mean ?? 0;
  const stddev = positive('randomNormal', 'stddev', options.stddev ?? 0.05);
  return random('RandomNormal', { mean, stddev, seed: options.seed }, (s, g) =>
    fill(s, () => mean + stddev * g.normal()),
  );
}

/**
 * Normal redrawn outside two standard deviations (default stddev 0.05).
 * @example
 * import { initializers } from '@tsgrad/layers';
 * initializers.truncatedNormal({ stddev: 0.02 });
 */
export function truncatedNormal(
  options: { mean?: number; stddev?: number; seed?: number } = {},
): Initializer {
  const mean = options.mean ?? 0;
  const stddev = positive('truncatedNormal', 'stddev', options.stddev ?? 0.05);
  return random('TruncatedNormal', { mean, stddev, seed: options.seed }, (s, g) =>
    fill(s, () => mean + stddev * truncated(g)),
  );
}

/** Options of `varianceScaling`, Keras' general form of the Glorot/He/LeCun initializers. */
export interface VarianceScalingOptions {
  scale?: number;
  mode?: 'fanIn' | 'fanOut' | 'fanAvg';
  distribution?: 'truncatedNormal' | 'untruncatedNormal' | 'uniform';
  seed?: number;
}

// Standard deviation of a unit normal truncated to [-2, 2] (Keras divides by it).
const TRUNCATED_STD = 0.8796256610342398;

function scaled(
  className: string,
  options: VarianceScalingOptions,
  config: Record<string, unknown>,
): Initializer {
  const scale = positive('varianceScaling', 'scale', options.scale ?? 1);
  const mode = options.mode ?? 'fanIn';
  const distribution = options.distribution ?? 'truncatedNormal';
  if (!['fanIn', 'fanOut', 'fanAvg'].includes(mode))
    throw new ValueError(
      'varianceScaling',
      `mode must be 'fanIn', 'fanOut' or 'fanAvg', got ${JSON.stringify(mode)}`,
    );
  if (!['truncatedNormal', 'untruncatedNormal', 'uniform'].includes(distribution)) {
    throw new ValueError(
      'varianceScaling',
      `distribution must be 'truncatedNormal', 'untruncatedNormal' or 'uniform', got ${JSON.stringify(distribution)}`,
    );
  }
  return random(className, config, (shape, g) => {
    const [fanIn, fanOut] = computeFans(shape);
    const n = mode === 'fanIn' ? fanIn : mode === 'fanOut' ? fanOut : (fanIn + fanOut) / 2;
    const variance = scale / Math.max(1, n);
    if (distribution === 'uniform') {
      const limit = Math.sqrt(3 * variance);
      return fill(shape, () => limit * (2 * g.uniform() - 1));
    }
    if (distribution === 'untruncatedNormal') {
      const std = Math.sqrt(variance);
      return fill(shape, () => std * g.normal());
    }
    const std = Math.sqrt(variance) / TRUNCATED_STD;
    return fill(shape, () => std * truncated(g));
  });
}

/**
 * Scaled by fan-in/out: variance `scale / n`.
 * @example
 * import { initializers } from '@tsgrad/layers';
 * initializers.varianceScaling({ scale: 2, mode: 'fanIn', distribution: 'uniform' });
 */
export function varianceScaling(options: VarianceScalingOptions = {}): Initializer {
  const config = {
    scale: options.scale ?? 1,
    mode: options.mode ?? 'fanIn',
    distribution: options.distribution ?? 'truncatedNormal',
    seed: options.seed,
  };
  return scaled('VarianceScaling', options, config);
}

/** Glorot (Xavier) uniform: U(±√(6/(fanIn+fanOut))). Keras' default for Dense and Conv2D kernels. */
export function glorotUniform(options: { seed?: number } = {}): Initializer {
  return scaled(
    'GlorotUniform',
    { scale: 1, mode: 'fanAvg', distribution: 'uniform', seed: options.seed },
    { seed: options.seed },
  );
}

/** Glorot normal: truncated normal with std √(2/(fanIn+fanOut)). */
export function glorotNormal(options: { seed?: number } = {}): Initializer {
  return scaled(
    'GlorotNormal',
    { scale: 1, mode: 'fanAvg', seed: options.seed },
    { seed: options.seed },
  );
}

/** He uniform: U(±√(6/fanIn)), for ReLU networks. */
export function heUniform(options: { seed?: number } = {}): Initializer {
  return scaled(
    'HeUniform',
    { scale: 2, mode: 'fanIn', distribution: 'uniform', seed: options.seed },
    { seed: options.seed },
  );
}

/** He normal: truncated normal with std √(2/fanIn). */
export function heNormal(options: { seed?: number } = {}): Initializer {
  return scaled(
    'HeNormal',
    { scale: 2, mode: 'fanIn', seed: options.seed },
    { seed: options.seed },
  );
}

/** LeCun uniform: U(±√(3/fanIn)), for SELU networks. */
export function lecunUniform(options: { seed?: number } = {}): Initializer {
  return scaled(
    'LecunUniform',
    { scale: 1, mode: 'fanIn', distribution: 'uniform', seed: options.seed },
    { seed: options.seed },
  );
}

/** LeCun normal: truncated normal with std √(1/fanIn). */
export function lecunNormal(options: { seed?: number } = {}): Initializer {
  return scaled(
    'LecunNormal',
    { scale: 1, mode: 'fanIn', seed: options.seed },
    { seed: options.seed },
  );
}

/**
 * A random (semi-)orthogonal matrix times `gain` — Keras' default for recurrent kernels. The
 * weight is seen as a matrix [prod(shape[:-1]), shape[-1]]; a normal sample is orthonormalized
 * by modified Gram–Schmidt in float64 (the QR factorization with a positive diagonal of R), so
 * rows or columns, whichever are fewer, are orthonormal.
 * @throws {ValueError} for shapes of rank < 2.
 * @example
 * import { initializers } from '@tsgrad/layers';
 * initializers.orthogonal({ seed: 0 }).init([32, 32], 'float32'); // Q with QᵀQ = I
 */
export function orthogonal(options: { gain?: number; seed?: number } = {}): Initializer {
  const gain = options.gain ?? 1;
  return random('Orthogonal', { gain, seed: options.seed }, (shape, g) => {
    if (shape.length < 2)
      throw new ValueError(
        'orthogonal',
        `needs a weight of rank >= 2, got shape [${shape.join(',')}]`,
      );
    const cols = shape[shape.length - 1];
    const rows = sizeOf(shape) / cols;
    const n = Math.max(rows, cols);
    const m = Math.min(rows, cols);
    // q[j] is column j (length n) of an n×m matrix with orthonormal columns.
    const q: Float64Array[] = [];
    for (let j = 0; j < m; j++) {
      const v = new Float64Array(n);
      for (let i = 0; i < n; i++) v[i] = g.normal();
      for (let k = 0; k < j; k++) {
        let d = 0;
        for (let i = 0; i < n; i++) d += q[k][i] * v[i];
        for (let i = 0; i < n; i++) v[i] -= d * q[k][i];
      }
      let norm = 0;
      for (let i = 0; i < n; i++) norm += v[i] * v[i];
      norm = Math.sqrt(norm);
      for (let i = 0; i < n; i++) v[i] /= norm;
      q.push(v);
    }
    const out = new Float64Array(rows * cols);
    for (let r = 0; r < rows; r++) {
      for (let c = 0; c < cols; c++) {
        // rows >= cols: the matrix is Q (n=rows, m=cols); otherwise Qᵀ (n=cols, m=rows).
        out[r * cols + c] = gain * (rows >= cols ? q[c][r] : q[r][c]);
      }
    }
    return out;
  });
}

const FACTORIES: Record<string, (config: any) => Initializer> = {
  Zeros: () => zeros(),
  Ones: () => ones(),
  Constant: constant,
  RandomUniform: randomUniform,
  RandomNormal: randomNormal,
  TruncatedNormal: truncatedNormal,
  VarianceScaling: varianceScaling,
  GlorotUniform: glorotUniform,
  GlorotNormal: glorotNormal,
  HeUniform: heUniform,
  HeNormal: heNormal,
  LecunUniform: lecunUniform,
  LecunNormal: lecunNormal,
  Orthogonal: orthogonal,
};

// 'glorot_uniform', 'glorotUniform' and 'GlorotUniform' all find GlorotUniform.
const normalize = (name: string) => name.replace(/[_\-\s]/g, '').toLowerCase();
const BY_KEY = new Map(Object.keys(FACTORIES).map((k) => [normalize(k), k]));

/**
 * Names of the built-in initializers (class names; `getInitializer` also takes them in
 * camelCase or snake_case).
 * @example initializerNames().includes('GlorotUniform'); // true
 */
export function initializerNames(): string[] {
  return Object.keys(FACTORIES);
}

/**
 * An initializer from a name (default options), its serialized form, or itself.
 * @throws {ValueError} for an unknown name, listing the known ones.
 * @example getInitializer('he_normal'); getInitializer({ className: 'Constant', config: { value: 2 } });
 */
export function getInitializer(id: InitializerIdentifier): Initializer {
  if (typeof id === 'object' && id !== null && typeof (id as Initializer).init === 'function')
    return id as Initializer;
  const name = typeof id === 'string' ? id : (id as SerializedInitializer)?.className;
  const key = typeof name === 'string' ? BY_KEY.get(normalize(name)) : undefined;
  if (!key) {
    throw new ValueError(
      'getInitializer',
      `unknown initializer ${JSON.stringify(name ?? id)}; known initializers: ${initializerNames().join(', ')}`,
    );
  }
  const config = typeof id === 'string' ? {} : ((id as SerializedInitializer).config ?? {});
  return FACTORIES[key](config);
}

/**
 * `{ className, config }` for a config file; undefined fields are dropped. `getInitializer`
 * reads it back.
 * @example
 * import { initializers, serializeInitializer } from '@tsgrad/layers';
 * serializeInitializer(initializers.constant({ value: 2 })); // { className: 'Constant', config: { value: 2 } }
 */
export function serializeInitializer(init: Initializer): SerializedInitializer {
  return { className: init.className, config: dropUndefined(init.getConfig()) };
}

/** @internal */
export function dropUndefined(o: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));
}
