import { type Tensor, Tensor as TensorClass, tensor } from '@tsgrad/tensor';
import type { StoredArray } from './safetensors.js';
import { ModelFileError } from './safe-json.js';

/**
 * Splits a JSON-like value holding tensors (an optimizer's state, say) into plain JSON with
 * `{ "$tensor": name }` placeholders and the named arrays, for saving as JSON + safetensors.
 */
export function splitTensors(
  value: unknown,
  prefix: string,
  arrays: Record<string, StoredArray>,
): unknown {
  if (value instanceof TensorClass) {
    const name = `${prefix}`;
    arrays[name] = { dtype: value.dtype, shape: [...value.shape], data: value.dataSync() };
    return { $tensor: name };
  }
  if (value instanceof Map) {
    return {
      $map: [...value.entries()].map(([k, v], i) => [k, splitTensors(v, `${prefix}/${i}`, arrays)]),
    };
  }
  if (Array.isArray(value)) return value.map((v, i) => splitTensors(v, `${prefix}/${i}`, arrays));
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = splitTensors(v, `${prefix}/${k}`, arrays);
    return out;
  }
  if (typeof value === 'number' && !Number.isFinite(value)) return { $number: String(value) };
  return value;
}

/** The inverse of `splitTensors`. */
export function joinTensors(
  value: unknown,
  arrays: Map<string, StoredArray>,
  source: string,
): unknown {
  if (Array.isArray(value)) return value.map((v) => joinTensors(v, arrays, source));
  if (value !== null && typeof value === 'object') {
    const o = value as Record<string, unknown>;
    if (typeof o.$tensor === 'string') {
      const a = arrays.get(o.$tensor);
      if (!a)
        throw new ModelFileError(
          'loadModel',
          `${source} refers to tensor '${o.$tensor}', which the state file lacks`,
        );
      return tensor(a.data, a.shape, a.dtype);
    }
    if (typeof o.$number === 'string') return Number(o.$number);
    if (Array.isArray(o.$map)) {
      return new Map(
        (o.$map as [unknown, unknown][]).map(([k, v]) => [k, joinTensors(v, arrays, source)]),
      );
    }
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(o)) out[k] = joinTensors(v, arrays, source);
    return out;
  }
  return value;
}

/** Named weights as safetensors entries. */
export function weightsToArrays(weights: Map<string, Tensor>): Record<string, StoredArray> {
  const out: Record<string, StoredArray> = {};
  for (const [name, t] of weights)
    out[name] = { dtype: t.dtype, shape: [...t.shape], data: t.dataSync() };
  return out;
}
