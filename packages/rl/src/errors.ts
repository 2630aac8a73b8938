import { ValueError } from '@tsgrad/tensor';

/**
 * Misuse of an RL part: an invalid hyperparameter, an action outside the action space, a step
 * after the episode ended, sampling from an empty replay buffer, or two networks whose weights
 * do not line up.
 *
 * It extends {@link ValueError} from `@tsgrad/tensor`, so code that catches tsgrad's value errors
 * catches it too; its message starts with the function or class that raised it:
 * `CartPole.step: the episode is over (terminated); call reset() before stepping again`.
 *
 * @example
 * try {
 *   env.step(1);
 * } catch (e) {
 *   if (e instanceof RlError) console.error(e.message);
 * }
 */
export class RlError extends ValueError {}

/** @internal Throws unless `value` is an integer in `[min, max]`. */
export function checkInteger(
  op: string,
  name: string,
  value: number,
  min: number,
  max = Number.MAX_SAFE_INTEGER,
): void {
  if (!Number.isInteger(value) || value < min || value > max) {
    const range = max === Number.MAX_SAFE_INTEGER ? `>= ${min}` : `in [${min}, ${max}]`;
    throw new RlError(op, `${name} must be an integer ${range}, got ${value}`);
  }
}

/** @internal Throws unless `value` is a finite number in `[min, max]`. */
export function checkRange(op: string, name: string, value: number, min: number, max: number) {
  if (!(Number.isFinite(value) && value >= min && value <= max)) {
    throw new RlError(op, `${name} must be in [${min}, ${max}], got ${value}`);
  }
}
