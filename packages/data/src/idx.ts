import { gunzipSync } from 'fflate';
import { DataError } from './errors.js';

/** The element types an IDX file can hold, by their names in tsgrad. */
export type IdxDType = 'uint8' | 'int8' | 'int16' | 'int32' | 'float32' | 'float64';

/** The typed array each IDX element type is decoded into. */
export interface IdxArrays {
  uint8: Uint8Array;
  int8: Int8Array;
  int16: Int16Array;
  int32: Int32Array;
  float32: Float32Array;
  float64: Float64Array;
}

/** A parsed IDX file: its element type, its shape, and its values in row-major order. */
export interface IdxData<D extends IdxDType = IdxDType> {
  dtype: D;
  shape: number[];
  data: IdxArrays[D];
}

/** Options of {@link parseIdx}. */
export interface ParseIdxOptions {
  /** The file's name, used in error messages (default `'IDX data'`). */
  name?: string;
  /** The function named at the start of error messages (default `'parseIdx'`). */
  op?: string;
  /** Read only the first `limit` items along the first dimension. */
  limit?: number;
  /**
   * Check that the byte count matches the header exactly (default true). With `false`, only the
   * bytes actually read (the first `limit` items) must be present, and trailing bytes are ignored.
   */
  validate?: boolean;
}

interface ElementType {
  code: number;
  dtype: IdxDType;
  bytes: number;
}

const TYPES: readonly ElementType[] = [
  { code: 0x08, dtype: 'uint8', bytes: 1 },
  { code: 0x09, dtype: 'int8', bytes: 1 },
  { code: 0x0b, dtype: 'int16', bytes: 2 },
  { code: 0x0c, dtype: 'int32', bytes: 4 },
  { code: 0x0d, dtype: 'float32', bytes: 4 },
  { code: 0x0e, dtype: 'float64', bytes: 8 },
];

const ARRAYS = {
  uint8: Uint8Array,
  int8: Int8Array,
  int16: Int16Array,
  int32: Int32Array,
  float32: Float32Array,
  float64: Float64Array,
} as const;

/** IDX files are addressed with 32-bit sizes; anything larger cannot be a real file. */
const MAX_BYTES = 2 ** 32;

/**
 * True when `bytes` starts with the gzip magic number `1f 8b` (how the IDX readers tell `.gz`
 * files from raw ones, whatever their names).
 * @example
 * isGzip(new Uint8Array([0x1f, 0x8b, 8, 0])); // true
 * isGzip(new Uint8Array([0, 0, 8, 1])); // false: an IDX header (uint8, 1 dimension)
 */
export function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

/**
 * Decompresses gzip data (detected by its magic number `1f 8b`); other bytes pass through.
 * Uses `fflate`, so it works in browsers as well as in Node.
 *
 * @throws {DataError} when the gzip stream is corrupt or cut short.
 * @example
 * // In Node: const raw = maybeGunzip(await readFile('train-images-idx3-ubyte.gz'));
 * const raw = encodeIdx(new Uint8Array([5, 0, 4]), [3]);
 * maybeGunzip(raw) === raw; // true: not gzip, passed through unchanged
 */
export function maybeGunzip(
  bytes: Uint8Array,
  opts: { name?: string; op?: string } = {},
): Uint8Array {
  if (!isGzip(bytes)) return bytes;
  try {
    return gunzipSync(bytes);
  } catch (e) {
    const why = e instanceof Error ? e.message : String(e);
    throw new DataError(
      opts.op ?? 'parseIdx',
      `${opts.name ?? 'IDX data'} is not valid gzip data (${why})`,
      { cause: e },
    );
  }
}

function toBytes(op: string, input: Uint8Array | ArrayBuffer): Uint8Array {
  if (input instanceof Uint8Array) return input;
  if (input instanceof ArrayBuffer) return new Uint8Array(input);
  if (ArrayBuffer.isView(input)) {
    const v = input as ArrayBufferView;
    return new Uint8Array(v.buffer, v.byteOffset, v.byteLength);
  }
  throw new DataError(op, `expected a Uint8Array or ArrayBuffer, got ${typeof input}`);
}

function hex(n: number, width: number): string {
  return `0x${n.toString(16).padStart(width, '0')}`;
}

/**
 * Parses an IDX file (the format of MNIST and Fashion-MNIST), raw or gzip-compressed.
 *
 * The header is big-endian: two zero bytes, an element-type byte (0x08 uint8, 0x09 int8,
 * 0x0B int16, 0x0C int32, 0x0D float32, 0x0E float64), the number of dimensions, then each
 * dimension as a 32-bit integer. The values follow, big-endian, in row-major order.
 *
 * @param bytes The file's bytes; gzip data (magic `1f 8b`) is decompressed first.
 * @returns `{ dtype, shape, data }` where `data` is a typed array of the element type with
 *   `shape`'s product elements (the first dimension cut to `limit` when given).
 * @throws {DataError} for a bad magic number or element type, zero or impossible dimensions,
 *   a truncated file (`x is truncated: header says 60000×28×28, file has 1200 bytes`), trailing
 *   bytes when `validate` is on, or corrupt gzip data.
 * @example
 * // In Node: const bytes = await readFile('train-labels-idx1-ubyte'), giving uint8 [60000]
 * const bytes = encodeIdx(new Uint8Array([5, 0, 4]), [3]);
 * const { dtype, shape, data } = parseIdx(bytes, { name: 'labels' });
 * dtype; // 'uint8'
 * shape; // [3]
 * data; // Uint8Array [5, 0, 4]
 */
export function parseIdx(input: Uint8Array | ArrayBuffer, opts: ParseIdxOptions = {}): IdxData {
  const op = opts.op ?? 'parseIdx';
  const name = opts.name ?? 'IDX data';
  const validate = opts.validate ?? true;
  const bytes = maybeGunzip(toBytes(op, input), { name, op });
  if (bytes.length < 4) {
    throw new DataError(
      op,
      `${name} is too short to be an IDX file: ${bytes.length} bytes, the header alone needs at least 4`,
    );
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const magic = view.getUint32(0);
  const type = TYPES.find((t) => t.code === bytes[2]);
  if (bytes[0] !== 0 || bytes[1] !== 0 || type === undefined) {
    throw new DataError(
      op,
      `${name} is not an IDX file: magic number ${hex(magic, 8)}, expected 0x0000TTNN with type TT one of 08, 09, 0b, 0c, 0d, 0e`,
    );
  }
  const rank = bytes[3];
  if (rank === 0)
    throw new DataError(op, `${name} has impossible dimensions: the header says 0 dimensions`);
  const headerBytes = 4 + 4 * rank;
  if (bytes.length < headerBytes) {
    throw new DataError(
      op,
      `${name} is truncated: its header needs ${headerBytes} bytes for ${rank} dimensions, file has ${bytes.length} bytes`,
    );
  }
  const shape: number[] = [];
  for (let d = 0; d < rank; d++) shape.push(view.getUint32(4 + 4 * d));
  const dims = shape.join('×');
  const rowSize = shape.slice(1).reduce((a, b) => a * b, 1);
  const total = shape[0] * rowSize;
  if (total * type.bytes + headerBytes > MAX_BYTES) {
    throw new DataError(
      op,
      `${name} has impossible dimensions: header says ${dims} ${type.dtype} values, more than an IDX file can hold (4 GiB)`,
    );
  }
  if (opts.limit !== undefined && !(Number.isInteger(opts.limit) && opts.limit >= 0)) {
    throw new DataError(op, `limit must be an integer >= 0, got ${opts.limit}`);
  }
  const expected = headerBytes + total * type.bytes;
  if (validate && bytes.length < expected) {
    throw new DataError(
      op,
      `${name} is truncated: header says ${dims}, file has ${bytes.length} bytes`,
    );
  }
  if (validate && bytes.length > expected) {
    throw new DataError(
      op,
      `${name} has ${bytes.length - expected} bytes after the data: header says ${dims} (${expected} bytes), file has ${bytes.length} bytes`,
    );
  }
  const items = Math.min(shape[0], opts.limit ?? shape[0]);
  const count = items * rowSize;
  if (bytes.length < headerBytes + count * type.bytes) {
    throw new DataError(
      op,
      `${name} is truncated: header says ${dims}, file has ${bytes.length} bytes`,
    );
  }
  shape[0] = items;
  return { dtype: type.dtype, shape, data: decode(bytes, view, headerBytes, count, type) };
}

function decode(
  bytes: Uint8Array,
  view: DataView,
  offset: number,
  count: number,
  type: ElementType,
) {
  switch (type.dtype) {
    case 'uint8':
      return bytes.slice(offset, offset + count);
    case 'int8':
      return new Int8Array(bytes.slice(offset, offset + count).buffer);
    case 'int16': {
      const out = new Int16Array(count);
      for (let i = 0; i < count; i++) out[i] = view.getInt16(offset + 2 * i);
      return out;
    }
    case 'int32': {
      const out = new Int32Array(count);
      for (let i = 0; i < count; i++) out[i] = view.getInt32(offset + 4 * i);
      return out;
    }
    case 'float32': {
      const out = new Float32Array(count);
      for (let i = 0; i < count; i++) out[i] = view.getFloat32(offset + 4 * i);
      return out;
    }
    case 'float64': {
      const out = new Float64Array(count);
      for (let i = 0; i < count; i++) out[i] = view.getFloat64(offset + 8 * i);
      return out;
    }
  }
}

/**
 * Writes values as an IDX file (big-endian), the inverse of {@link parseIdx}.
 *
 * @param data Row-major values; the dtype follows the typed array (`Uint8Array` → uint8,
 *   `Int8Array` → int8, `Int16Array` → int16, `Int32Array` → int32, `Float32Array` → float32,
 *   `Float64Array` → float64) unless `dtype` is given.
 * @throws {DataError} when the shape's product differs from the number of values, or for a
 *   dimension outside 1..255 dimensions of 32-bit sizes.
 * @example
 * const bytes = encodeIdx(new Uint8Array([5, 0, 4]), [3]); // a tiny labels file
 */
export function encodeIdx(
  data: ArrayLike<number>,
  shape: readonly number[],
  dtype?: IdxDType,
): Uint8Array {
  const op = 'encodeIdx';
  const dt = dtype ?? (Object.keys(ARRAYS) as IdxDType[]).find((k) => data instanceof ARRAYS[k]);
  const type = TYPES.find((t) => t.dtype === dt);
  if (type === undefined)
    throw new DataError(
      op,
      `cannot infer the IDX element type; pass dtype (one of ${TYPES.map((t) => t.dtype).join(', ')})`,
    );
  if (shape.length < 1 || shape.length > 255)
    throw new DataError(op, `an IDX file has 1 to 255 dimensions, got ${shape.length}`);
  if (shape.some((d) => !Number.isInteger(d) || d < 0 || d >= MAX_BYTES))
    throw new DataError(
      op,
      `dimensions must be 32-bit unsigned integers, got [${shape.join(',')}]`,
    );
  const count = shape.reduce((a, b) => a * b, 1);
  if (count !== data.length)
    throw new DataError(op, `shape [${shape.join(',')}] needs ${count} values, got ${data.length}`);
  const header = 4 + 4 * shape.length;
  const out = new Uint8Array(header + count * type.bytes);
  const view = new DataView(out.buffer);
  out[2] = type.code;
  out[3] = shape.length;
  shape.forEach((d, k) => {
    view.setUint32(4 + 4 * k, d);
  });
  const set = {
    uint8: (i: number, v: number) => view.setUint8(header + i, v),
    int8: (i: number, v: number) => view.setInt8(header + i, v),
    int16: (i: number, v: number) => view.setInt16(header + 2 * i, v),
    int32: (i: number, v: number) => view.setInt32(header + 4 * i, v),
    float32: (i: number, v: number) => view.setFloat32(header + 4 * i, v),
    float64: (i: number, v: number) => view.setFloat64(header + 8 * i, v),
  }[type.dtype];
  for (let i = 0; i < count; i++) set(i, data[i]);
  return out;
}
