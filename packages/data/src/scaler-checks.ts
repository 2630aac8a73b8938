import { ShapeError, ValueError } from '@tsgrad/tensor';
import type { Table } from './inputs.js';

/** @internal Throws when a scaler is used before `fit`, or on a different number of features. */
export function assertFitted(op: string, nFeatures: number | undefined, x?: Table): number {
  if (nFeatures === undefined) throw new ValueError(op, 'not fitted yet; call fit(x) first');
  if (x !== undefined && x.cols !== nFeatures) {
    throw new ShapeError(
      op,
      `fitted on ${nFeatures} features, got x with shape [${x.rows},${x.cols}]`,
    );
  }
  return nFeatures;
}

/** @internal Reads a numeric array field of a saved scaler. */
export function jsonNumbers(op: string, json: any, key: string, length?: number): number[] {
  const v = json?.[key];
  if (
    !Array.isArray(v) ||
    v.some((n) => typeof n !== 'number') ||
    (length !== undefined && v.length !== length)
  ) {
    throw new ValueError(
      op,
      `saved state needs ${key} as ${length ?? 'an array of'} numbers, got ${JSON.stringify(v)?.slice(0, 60)}`,
    );
  }
  return v;
}

/** @internal Checks the `type` tag of a saved state. */
export function jsonType(op: string, json: any, type: string): void {
  if (json?.type !== type)
    throw new ValueError(
      op,
      `expected saved state of type '${type}', got ${JSON.stringify(json?.type)}`,
    );
}
