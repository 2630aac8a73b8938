import { type DType, TsgradError, type TypedArray } from '@tsgrad/tensor';

/** A named array as stored in a safetensors file. */
export interface StoredArray {
  dtype: DType;
  shape: number[];
  data: TypedArray;
}

/**
 * A file that is not valid safetensors, or that tsgrad refuses to read.
 * @example
 * try {
 *   decodeSafetensors(new Uint8Array(4), 'bad.safetensors');
 * } catch (e) {
 *   console.log(e instanceof SafetensorsError); // true
 * }
 */
export class SafetensorsError extends TsgradError {}

const TO_FILE: Record<DType, string> = {
  float32: 'F32',
  float64: 'F64',
  int32: 'I32',
  bool: 'BOOL',
};
const FROM_FILE: Record<string, DType> = {
  F32: 'float32',
  F64: 'float64',
  I32: 'int32',
  BOOL: 'bool',
  U8: 'bool',
};
const ARRAYS = {
  float32: Float32Array,
  float64: Float64Array,
  int32: Int32Array,
  bool: Uint8Array,
} as const;

/** Headers beyond this are refused before any allocation (the format's own limit is 100 MB). */
export const MAX_HEADER_BYTES = 100_000_000;

/**
 * Serializes named arrays to the safetensors format (https://github.com/huggingface/safetensors):
 * an 8-byte little-endian header length, a JSON header, then the raw little-endian data. The
 * header is padded with spaces so the data starts 8-byte aligned. Readable by PyTorch, JAX and
 * others.
 * @example const bytes = encodeSafetensors({ 'dense/kernel': { dtype: 'float32', shape: [2, 2], data } });
 */
export function encodeSafetensors(
  arrays: Record<string, StoredArray>,
  metadata: Record<string, string> = {},
): Uint8Array {
  const header: Record<string, unknown> = {};
  if (Object.keys(metadata).length > 0) header.__metadata__ = metadata;
  let offset = 0;
  const names = Object.keys(arrays).sort();
  for (const name of names) {
    const a = arrays[name];
    const bytes = a.data.byteLength;
    header[name] = {
      dtype: TO_FILE[a.dtype],
      shape: a.shape,
      data_offsets: [offset, offset + bytes],
    };
    offset += bytes;
  }
  let json = JSON.stringify(header);
  const enc = new TextEncoder();
  let headerBytes = enc.encode(json);
  const pad = (8 - ((8 + headerBytes.length) % 8)) % 8;
  if (pad) {
    json += ' '.repeat(pad);
    headerBytes = enc.encode(json);
  }
  const out = new Uint8Array(8 + headerBytes.length + offset);
  const view = new DataView(out.buffer);
  view.setBigUint64(0, BigInt(headerBytes.length), true);
  out.set(headerBytes, 8);
  let pos = 8 + headerBytes.length;
  for (const name of names) {
    const d = arrays[name].data;
    out.set(new Uint8Array(d.buffer, d.byteOffset, d.byteLength), pos);
    pos += d.byteLength;
  }
  if (!littleEndian())
    throw new SafetensorsError('encodeSafetensors', 'big-endian platforms are not supported');
  return out;
}

function littleEndian(): boolean {
  return new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
}

/**
 * Parses safetensors bytes, defensively: the header length is bounded before allocation, the
 * JSON header is read into null-prototype maps (no prototype pollution), every entry's dtype,
 * shape and offsets are checked against each other and the file size, and entries may not
 * overlap. Nothing in the file is ever executed.
 *
 * @throws {SafetensorsError} naming the file (`source`) and what is wrong.
 * @example
 * const bytes = encodeSafetensors({ w: { dtype: 'float32', shape: [2], data: new Float32Array([1, 2]) } });
 * const { arrays } = decodeSafetensors(bytes, 'w.safetensors');
 * console.log(arrays.get('w')!.shape); // [2]
 */
export function decodeSafetensors(
  bytes: Uint8Array,
  source = 'safetensors',
): { arrays: Map<string, StoredArray>; metadata: Map<string, string> } {
  const fail = (msg: string): never => {
    throw new SafetensorsError('loadWeights', `${source}: ${msg}`);
  };
  if (bytes.byteLength < 8) fail(`file is ${bytes.byteLength} bytes, too short for a header`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const n = view.getBigUint64(0, true);
  if (n > BigInt(MAX_HEADER_BYTES))
    fail(`header length ${n} exceeds the limit of ${MAX_HEADER_BYTES} bytes`);
  const headerLen = Number(n);
  if (8 + headerLen > bytes.byteLength)
    fail(
      `header says ${headerLen} bytes but the file has only ${bytes.byteLength - 8} after the length`,
    );
  let parsed: unknown;
  try {
    parsed = JSON.parse(
      new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(8, 8 + headerLen)),
    );
  } catch (e) {
    fail(`header is not valid UTF-8 JSON (${(e as Error).message})`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
    fail('header is not a JSON object');
  const dataStart = 8 + headerLen;
  const dataLen = bytes.byteLength - dataStart;
  const arrays = new Map<string, StoredArray>();
  const metadata = new Map<string, string>();
  const spans: [number, number, string][] = [];
  for (const [name, entry] of Object.entries(parsed as Record<string, unknown>)) {
    if (name === '__metadata__') {
      if (typeof entry !== 'object' || entry === null || Array.isArray(entry))
        fail('__metadata__ must be an object of strings');
      for (const [k, v] of Object.entries(entry as Record<string, unknown>)) {
        if (typeof v !== 'string') fail(`__metadata__.${k} must be a string`);
        metadata.set(k, v as string);
      }
      continue;
    }
    if (typeof entry !== 'object' || entry === null) fail(`entry '${name}' is not an object`);
    const e = entry as Record<string, unknown>;
    const dtype =
      typeof e.dtype === 'string' && Object.hasOwn(FROM_FILE, e.dtype)
        ? FROM_FILE[e.dtype]
        : undefined;
    if (!dtype)
      fail(
        `entry '${name}' has unsupported dtype ${JSON.stringify(e.dtype)} (supported: F32, F64, I32, BOOL)`,
      );
    const shape = e.shape;
    if (
      !Array.isArray(shape) ||
      shape.length > 16 ||
      !shape.every((d) => Number.isSafeInteger(d) && d >= 0)
    ) {
      fail(`entry '${name}' has an invalid shape ${JSON.stringify(shape)}`);
    }
    const offs = e.data_offsets;
    if (
      !Array.isArray(offs) ||
      offs.length !== 2 ||
      !offs.every((o) => Number.isSafeInteger(o) && o >= 0) ||
      offs[0] > offs[1]
    ) {
      fail(`entry '${name}' has invalid data_offsets ${JSON.stringify(offs)}`);
    }
    const [begin, end] = offs as [number, number];
    if (end > dataLen)
      fail(
        `entry '${name}' ends at byte ${end} but the data section has ${dataLen} bytes (truncated file?)`,
      );
    const size = (shape as number[]).reduce((p, d) => p * d, 1);
    const Arr = ARRAYS[dtype!];
    if (size * Arr.BYTES_PER_ELEMENT !== end - begin) {
      fail(
        `entry '${name}': shape ${JSON.stringify(shape)} of ${e.dtype} needs ${size * Arr.BYTES_PER_ELEMENT} bytes, offsets span ${end - begin}`,
      );
    }
    spans.push([begin, end, name]);
    // Copy into a fresh, aligned buffer: the caller owns it and alignment is guaranteed.
    const copy = new Uint8Array(end - begin);
    copy.set(bytes.subarray(dataStart + begin, dataStart + end));
    arrays.set(name, {
      dtype: dtype!,
      shape: (shape as number[]).slice(),
      data: new Arr(copy.buffer),
    });
  }
  spans.sort((a, b) => a[0] - b[0]);
  for (let i = 1; i < spans.length; i++) {
    if (spans[i][0] < spans[i - 1][1])
      fail(`entries '${spans[i - 1][2]}' and '${spans[i][2]}' overlap`);
  }
  return { arrays, metadata };
}
