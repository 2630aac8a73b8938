import { ValueError } from '@tsgrad/tensor';

/** @internal Hyperparameter checks; each message names the function, the argument and the value. */
export const check = {
  positive(op: string, key: string, v: unknown): void {
    if (typeof v !== 'number' || !(v > 0) || !Number.isFinite(v))
      throw new ValueError(op, `${key} must be > 0, got ${show(v)}`);
  },
  nonNegative(op: string, key: string, v: unknown): void {
    if (typeof v !== 'number' || !(v >= 0) || !Number.isFinite(v))
      throw new ValueError(op, `${key} must be >= 0, got ${show(v)}`);
  },
  /** [0, 1) */
  fraction(op: string, key: string, v: unknown): void {
    if (typeof v !== 'number' || !(v >= 0 && v < 1))
      throw new ValueError(op, `${key} must be in [0, 1), got ${show(v)}`);
  },
  /** [0, 1] */
  unit(op: string, key: string, v: unknown): void {
    if (typeof v !== 'number' || !(v >= 0 && v <= 1))
      throw new ValueError(op, `${key} must be in [0, 1], got ${show(v)}`);
  },
  /** (0, 1) */
  openUnit(op: string, key: string, v: unknown): void {
    if (typeof v !== 'number' || !(v > 0 && v < 1))
      throw new ValueError(op, `${key} must be in (0, 1), got ${show(v)}`);
  },
  positiveInteger(op: string, key: string, v: unknown): void {
    if (typeof v !== 'number' || !Number.isInteger(v) || v < 1)
      throw new ValueError(op, `${key} must be an integer >= 1, got ${show(v)}`);
  },
  nonNegativeInteger(op: string, key: string, v: unknown): void {
    if (typeof v !== 'number' || !Number.isInteger(v) || v < 0)
      throw new ValueError(op, `${key} must be an integer >= 0, got ${show(v)}`);
  },
  boolean(op: string, key: string, v: unknown): void {
    if (typeof v !== 'boolean')
      throw new ValueError(op, `${key} must be a boolean, got ${show(v)}`);
  },
  /** Throws for keys not in `known` (typos such as `lr` for `learningRate`). */
  knownKeys(op: string, options: object, known: readonly string[]): void {
    if (options === null || typeof options !== 'object' || Array.isArray(options)) {
      throw new ValueError(op, `options must be an object, got ${show(options)}`);
    }
    for (const key of Object.keys(options)) {
      if (!known.includes(key))
        throw new ValueError(op, `unknown option '${key}' (known options: ${known.join(', ')})`);
    }
  },
};

/** A value as messages print it. */
export function show(v: unknown): string {
  if (typeof v === 'number' || typeof v === 'boolean' || v === undefined) return String(v);
  if (typeof v === 'function') return 'a function';
  try {
    return JSON.stringify(v);
  } catch {
    return String(v);
  }
}
