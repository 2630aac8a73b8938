import { DTypeError } from './errors.js';

/**
 * Element types. `float64` exists for gradient checks and is supported by the CPU backend;
 * `bool` tensors hold 0 and 1.
 */
export type DType = 'float32' | 'float64' | 'int32' | 'bool';

export type TypedArray = Float32Array | Float64Array | Int32Array | Uint8Array;

/** The storage class for each dtype. */
export const ARRAY_TYPES = {
  float32: Float32Array,
  float64: Float64Array,
  int32: Int32Array,
  bool: Uint8Array,
} as const;

export const DTYPES: readonly DType[] = ['float32', 'float64', 'int32', 'bool'];

/** The smallest normal number of each float dtype: 2⁻¹²⁶ (float32) and 2⁻¹⁰²² (float64). */
export const MIN_NORMAL = { float32: 2 ** -126, float64: 2 ** -1022 } as const;

/**
 * Whether `dtype` is a floating-point dtype (float32 or float64): the dtypes that can require
 * gradients.
 * @example
 * isFloat('float64'); // true
 * isFloat('int32'); // false
 */
export function isFloat(dtype: DType): boolean {
  return dtype === 'float32' || dtype === 'float64';
}

export function bytesPerElement(dtype: DType): number {
  return ARRAY_TYPES[dtype].BYTES_PER_ELEMENT;
}

export function allocArray(dtype: DType, size: number): TypedArray {
  return new ARRAY_TYPES[dtype](size);
}

export function assertDType(op: string, dtype: unknown): DType {
  if (!DTYPES.includes(dtype as DType)) {
    throw new DTypeError(
      op,
      `unknown dtype ${JSON.stringify(dtype)}; expected one of ${DTYPES.join(', ')}`,
    );
  }
  return dtype as DType;
}

/** The dtype a TypedArray naturally maps to. */
export function dtypeOfArray(values: ArrayLike<number>): DType | undefined {
  if (values instanceof Float32Array) return 'float32';
  if (values instanceof Float64Array) return 'float64';
  if (values instanceof Int32Array) return 'int32';
  if (values instanceof Uint8Array) return 'bool';
  return undefined;
}

const RANK: Record<DType, number> = { bool: 0, int32: 1, float32: 2, float64: 3 };

/**
 * The result dtype of an arithmetic op on two dtypes: the wider one, where bool < int32 <
 * float32 < float64. Like NumPy but without silent float64 from int32 (float32 is the default).
 * @example
 * upcast('int32', 'float32'); // 'float32'
 * upcast('bool', 'int32'); // 'int32'
 */
export function upcast(a: DType, b: DType): DType {
  return RANK[a] >= RANK[b] ? a : b;
}

/** The float dtype an op that needs fractions (exp, div, mean) gives for an input dtype. */
export function floatOf(dtype: DType): DType {
  return dtype === 'float64' ? 'float64' : 'float32';
}
