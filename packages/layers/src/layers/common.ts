import { ValueError } from '@tsgrad/tensor';
import {
  type Initializer,
  type InitializerIdentifier,
  getInitializer,
  serializeInitializer,
} from '../initializers.js';
import {
  type Regularizer,
  type RegularizerIdentifier,
  getRegularizer,
  serializeRegularizer,
} from '../regularizers.js';

/** @internal An integer >= min (1 by default), or a ValueError naming the layer and option. */
export function checkInt(label: string, name: string, value: unknown, min = 1): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min) {
    throw new ValueError(
      label,
      `${name} must be an integer >= ${min}, got ${JSON.stringify(value)}`,
    );
  }
  return value;
}

/** @internal A number or a pair of positive integers, as a pair. */
export function checkPair(label: string, name: string, value: unknown, min = 1): [number, number] {
  const pair = typeof value === 'number' ? [value, value] : value;
  if (!Array.isArray(pair) || pair.length !== 2)
    throw new ValueError(
      label,
      `${name} must be an integer or a pair of integers, got ${JSON.stringify(value)}`,
    );
  return [checkInt(label, name, pair[0], min), checkInt(label, name, pair[1], min)];
}

/** @internal */
export function checkPadding(label: string, value: unknown): 'valid' | 'same' {
  const p = value ?? 'valid';
  if (p !== 'valid' && p !== 'same')
    throw new ValueError(label, `padding must be 'valid' or 'same', got ${JSON.stringify(value)}`);
  return p;
}

/** @internal */
export function initOption(
  id: InitializerIdentifier | undefined,
  fallback: InitializerIdentifier,
): Initializer {
  return getInitializer(id ?? fallback);
}

/** @internal */
export function regOption(id: RegularizerIdentifier | null | undefined): Regularizer | null {
  return id === null || id === undefined ? null : getRegularizer(id);
}

/** @internal */
export const initConfig = serializeInitializer;

/** @internal */
export function regConfig(r: Regularizer | null) {
  return r ? serializeRegularizer(r) : null;
}

/** @internal Output length of a conv/pool window along one axis. */
export function convOutputLength(
  size: number | null,
  kernel: number,
  stride: number,
  padding: 'valid' | 'same',
  dilation = 1,
): number | null {
  if (size === null) return null;
  if (padding === 'same') return Math.ceil(size / stride);
  const effective = (kernel - 1) * dilation + 1;
  return Math.max(0, Math.floor((size - effective) / stride) + 1);
}
