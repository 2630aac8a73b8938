import { Tensor, stack } from '@tsgrad/tensor';

/**
 * What batching turns an element type into: tensors are stacked along a new first axis, plain
 * objects are batched key by key, and anything else (numbers, strings, arrays, typed arrays)
 * becomes an array of the elements.
 */
export type Batch<T> = T extends Tensor
  ? Tensor
  : T extends
        | readonly unknown[]
        | ArrayBufferView
        | string
        | number
        | boolean
        | bigint
        | null
        | undefined
    ? T[]
    : T extends (...args: any[]) => unknown
      ? T[]
      : T extends object
        ? { [K in keyof T]: Batch<T[K]> }
        : T[];

function isPlainObject(v: unknown): v is Record<string, unknown> {
  if (typeof v !== 'object' || v === null) return false;
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

/**
 * Combines elements into a batch (see {@link Batch}): tensors are stacked, plain objects are
 * collated per key, other values are gathered into an array.
 * @example collate([{ x: tensor([1, 2]), y: 0 }, { x: tensor([3, 4]), y: 1 }]); // { x: [2, 2] tensor, y: [0, 1] }
 */
export function collate<T>(items: readonly T[]): Batch<T> {
  const first = items[0];
  if (first instanceof Tensor && items.every((v) => v instanceof Tensor))
    return stack(items as readonly Tensor[], 0) as Batch<T>;
  if (isPlainObject(first) && items.every(isPlainObject)) {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(first))
      out[key] = collate(items.map((v) => (v as Record<string, unknown>)[key]));
    return out as Batch<T>;
  }
  return [...items] as Batch<T>;
}
