import { GradientError, Generator, type Tensor, cast, mul, sum, tensor } from '@tsgrad/tensor';
import { valueAndGrad } from './functional.js';

/** Options of {@link checkGrads}. */
export interface CheckGradsOptions {
  /** Finite-difference step (default 1e-6). */
  eps?: number;
  /** Absolute tolerance (default 1e-5). */
  atol?: number;
  /** Relative tolerance (default 1e-4). */
  rtol?: number;
  /** Seed of the random projection used for non-scalar outputs. */
  seed?: number;
}

/** What {@link checkGrads} returns when every element passes. */
export interface CheckGradsReport {
  /** Largest |analytic − numeric| over all checked elements. */
  maxAbsError: number;
  /** Number of elements checked. */
  checked: number;
}

/**
 * Compares the gradients from the backward rules with central finite differences, in float64.
 *
 * `f` takes the inputs (cast to float64) and returns any tensor; a non-scalar output is reduced
 * with a fixed random projection, so every output element is tested. Each input element is
 * perturbed by ±eps; an element passes when |analytic − numeric| <= atol + rtol·|numeric|.
 *
 * @throws {GradientError} naming the input, the element, both values and the tolerance.
 * @example
 * checkGrads((x) => sum(tanh(x)), [tensor([0.1, -0.5, 2])]);
 */
export function checkGrads(
  f: (...xs: Tensor[]) => Tensor,
  inputs: readonly Tensor[],
  options: CheckGradsOptions = {},
): CheckGradsReport {
  const eps = options.eps ?? 1e-6;
  const atol = options.atol ?? 1e-5;
  const rtol = options.rtol ?? 1e-4;
  const xs = inputs.map((x) => cast(x, 'float64').detach());
  const probe = f(...xs);
  // A fixed random cotangent turns any output into a scalar that depends on every element.
  const g = new Generator(options.seed ?? 0);
  const weights = new Float64Array(probe.size);
  for (let i = 0; i < weights.length; i++) weights[i] = 0.5 + g.uniform();
  const w = tensor(weights, probe.shape, 'float64');
  const scalarF = (...a: Tensor[]) => sum(mul(cast(f(...a), 'float64'), w));
  const argnums = xs.map((_, i) => i);
  const [, analytic] = valueAndGrad(scalarF, argnums)(...xs);
  let maxAbsError = 0;
  let checked = 0;
  xs.forEach((x, k) => {
    const base = x.dataSync() as Float64Array;
    const ga = analytic[k].dataSync();
    for (let i = 0; i < base.length; i++) {
      const at = (v: number) => {
        const copy = base.slice();
        copy[i] = v;
        const args = xs.slice();
        args[k] = tensor(copy, x.shape, 'float64');
        return scalarF(...args).item();
      };
      const numeric = (at(base[i] + eps) - at(base[i] - eps)) / (2 * eps);
      const err = Math.abs(ga[i] - numeric);
      maxAbsError = Math.max(maxAbsError, Number.isNaN(err) ? Infinity : err);
      checked++;
      if (!(err <= atol + rtol * Math.abs(numeric))) {
        throw new GradientError(
          'checkGrads',
          `input ${k} element ${i} (of shape [${x.shape}]): analytic gradient ${ga[i]} differs from numeric ${numeric} by ${err} (> atol ${atol} + rtol ${rtol}·|numeric|)`,
        );
      }
    }
  });
  return { maxAbsError, checked };
}
