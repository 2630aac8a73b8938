import {
  DTypeError,
  ShapeError,
  type Tensor,
  Tensor as TensorClass,
  type TypedArray,
  ValueError,
  cast,
  formatShape,
  isFloat,
  reshape,
} from '@tsgrad/tensor';

/**
 * The values of `t` without a copy, when its backend reads synchronously (the CPU); `undefined`
 * on backends that read asynchronously, where the value checks below are skipped rather than
 * forcing a download every step.
 */
export function readValues(t: Tensor): TypedArray | undefined {
  const backend = t.backend;
  if (!backend.readSync || t.isDisposed) return undefined;
  return backend.readSync(t.dataId);
}

/** Throws unless both arguments are tensors and `yPred` is a float tensor. */
export function assertTensors(name: string, yTrue: unknown, yPred: unknown): void {
  if (!(yTrue instanceof TensorClass))
    throw new ValueError(name, `yTrue must be a Tensor, got ${describe(yTrue)}`);
  if (!(yPred instanceof TensorClass))
    throw new ValueError(name, `yPred must be a Tensor, got ${describe(yPred)}`);
  if (!isFloat(yPred.dtype)) {
    throw new DTypeError(name, `yPred must be float32 or float64, got ${yPred.dtype}`);
  }
}

function describe(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array (wrap it with tensor(...))';
  return typeof v;
}

/**
 * Makes `yTrue` the shape of `yPred` (and its dtype). The one mismatch forgiven is a trailing
 * axis of size 1 on either side (`[N]` labels against `[N,1]` predictions, or the reverse), as
 * Keras does; anything else is a ShapeError naming both shapes.
 */
export function matchShapes(name: string, yTrue: Tensor, yPred: Tensor): Tensor {
  const a = yTrue.shape;
  const b = yPred.shape;
  let t = yTrue;
  if (!sameShape(a, b)) {
    const trailingOne =
      (a.length === b.length + 1 && a[a.length - 1] === 1 && sameShape(a.slice(0, -1), b)) ||
      (b.length === a.length + 1 && b[b.length - 1] === 1 && sameShape(b.slice(0, -1), a));
    if (!trailingOne) {
      throw new ShapeError(
        name,
        `yTrue has shape ${formatShape(a)} but yPred has shape ${formatShape(b)}`,
      );
    }
    t = reshape(yTrue, b);
  }
  return cast(t, yPred.dtype);
}

export function sameShape(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i]);
}

/** Throws a ValueError at the first NaN in `t` (skipped on asynchronous backends). */
export function assertNoNaN(name: string, arg: string, t: Tensor): void {
  const v = readValues(t);
  if (!v) return;
  for (let i = 0; i < v.length; i++) {
    if (Number.isNaN(v[i])) throw new ValueError(name, `${arg} contains NaN (at flat index ${i})`);
  }
}

/**
 * Throws a ValueError at the first value outside [0, 1]. NaN is an error in labels (`nanIsError`)
 * and let through in predictions, where it is the symptom of a diverging model and is better
 * reported as a NaN loss (which `TerminateOnNaN` stops on) than as an exception.
 */
export function assertProbabilities(
  name: string,
  arg: string,
  t: Tensor,
  hint: string,
  nanIsError: boolean,
): void {
  const v = readValues(t);
  if (!v) return;
  for (let i = 0; i < v.length; i++) {
    const x = v[i];
    if (Number.isNaN(x)) {
      if (nanIsError) throw new ValueError(name, `${arg} contains NaN (at flat index ${i})`);
      continue;
    }
    if (x < 0 || x > 1) {
      throw new ValueError(
        name,
        `${arg} must hold probabilities in [0, 1]${hint}, got ${x} at flat index ${i}`,
      );
    }
  }
}

/** Label smoothing must be a number in [0, 1). */
export function checkLabelSmoothing(name: string, v: unknown): void {
  if (v === undefined) return;
  if (typeof v !== 'number' || !(v >= 0 && v < 1)) {
    throw new ValueError(name, `labelSmoothing must be in [0, 1), got ${String(v)}`);
  }
}

/** Class weights must be an array of finite numbers >= 0 (the length is checked per call). */
export function checkClassWeights(name: string, w: unknown): void {
  if (w === undefined) return;
  if (!Array.isArray(w) || w.length === 0) {
    throw new ValueError(
      name,
      `classWeights must be a non-empty array of numbers, got ${JSON.stringify(w)}`,
    );
  }
  w.forEach((x, i) => {
    if (typeof x !== 'number' || !Number.isFinite(x) || x < 0) {
      throw new ValueError(
        name,
        `classWeights[${i}] must be a finite number >= 0, got ${String(x)}`,
      );
    }
  });
}

export function checkClassWeightsLength(
  name: string,
  w: readonly number[],
  numClasses: number,
  what: string,
): void {
  if (w.length !== numClasses) {
    throw new ValueError(
      name,
      `classWeights has ${w.length} entries but ${what} has ${numClasses} classes`,
    );
  }
}

export function checkBoolean(name: string, key: string, v: unknown): void {
  if (v !== undefined && typeof v !== 'boolean')
    throw new ValueError(name, `${key} must be a boolean, got ${String(v)}`);
}
