import { zlibSync } from 'fflate';
import { DataError } from './errors.js';

/** An 8-bit image in row-major, interleaved order: `data[(y·width + x)·channels + c]`. */
export interface RasterImage {
  width: number;
  height: number;
  /** 1 gray, 2 gray + alpha, 3 RGB, 4 RGBA. */
  channels: 1 | 2 | 3 | 4;
  /** `width · height · channels` bytes. */
  data: Uint8Array;
}

/** Options of {@link encodePng}. */
export interface EncodePngOptions {
  /** zlib level 0 (store) .. 9 (smallest); default 6. */
  level?: 0 | 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9;
}

/** PNG colour type by channel count (PNG 1.2 §4.1.1, IHDR). */
const COLOR_TYPE = { 1: 0, 2: 4, 3: 2, 4: 6 } as const;
const SIGNATURE = [137, 80, 78, 71, 13, 10, 26, 10];

let crcTable: Uint32Array | undefined;

/** @internal CRC-32 (ISO 3309, polynomial 0xEDB88320), as PNG chunks need it. */
export function crc32(bytes: Uint8Array, start = 0, end = bytes.length): number {
  if (!crcTable) {
    crcTable = new Uint32Array(256);
    for (let n = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      crcTable[n] = c >>> 0;
    }
  }
  let c = 0xffffffff;
  for (let i = start; i < end; i++) c = crcTable[(c ^ bytes[i]) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function paeth(a: number, b: number, c: number): number {
  const p = a + b - c;
  const pa = Math.abs(p - a);
  const pb = Math.abs(p - b);
  const pc = Math.abs(p - c);
  if (pa <= pb && pa <= pc) return a;
  return pb <= pc ? b : c;
}

/**
 * Filters every scanline (PNG 1.2 §6) with the type, of the five, whose output has the smallest
 * sum of absolute values as signed bytes — the heuristic libpng uses by default.
 */
function filterScanlines(img: RasterImage): Uint8Array {
  const bpp = img.channels;
  const stride = img.width * bpp;
  const out = new Uint8Array(img.height * (stride + 1));
  const candidate = new Uint8Array(stride);
  const best = new Uint8Array(stride);
  const src = img.data;
  for (let y = 0; y < img.height; y++) {
    const row = y * stride;
    const prev = row - stride; // only read when y > 0
    let bestType = 0;
    let bestScore = Number.POSITIVE_INFINITY;
    for (let type = 0; type < 5; type++) {
      let score = 0;
      for (let i = 0; i < stride; i++) {
        const x = src[row + i];
        const a = i >= bpp ? src[row + i - bpp] : 0;
        const b = y > 0 ? src[prev + i] : 0;
        const c = i >= bpp && y > 0 ? src[prev + i - bpp] : 0;
        let v: number;
        if (type === 0) v = x;
        else if (type === 1) v = x - a;
        else if (type === 2) v = x - b;
        else if (type === 3) v = x - ((a + b) >>> 1);
        else v = x - paeth(a, b, c);
        v &= 0xff;
        candidate[i] = v;
        score += v < 128 ? v : 256 - v;
      }
      if (score < bestScore) {
        bestScore = score;
        bestType = type;
        best.set(candidate);
      }
    }
    const dst = y * (stride + 1);
    out[dst] = bestType;
    out.set(best, dst + 1);
  }
  return out;
}

function chunk(type: string, payload: Uint8Array): Uint8Array {
  const out = new Uint8Array(12 + payload.length);
  const view = new DataView(out.buffer);
  view.setUint32(0, payload.length);
  for (let i = 0; i < 4; i++) out[4 + i] = type.charCodeAt(i);
  out.set(payload, 8);
  view.setUint32(8 + payload.length, crc32(out, 4, 8 + payload.length));
  return out;
}

/**
 * Encodes an 8-bit gray, gray + alpha, RGB or RGBA image as PNG bytes (non-interlaced, adaptive
 * per-row filtering, zlib from `fflate`). Works in browsers and Node; write the bytes with
 * `fs.writeFileSync` or wrap them in a `Blob`.
 *
 * @throws {DataError} for non-integer or non-positive dimensions, an unsupported channel count,
 *   or data of the wrong length.
 * @example
 * const data = new Uint8Array(16 * 16).map((_, i) => (i % 16) * 16); // a horizontal ramp
 * const png = encodePng({ width: 16, height: 16, channels: 1, data });
 * png.subarray(1, 4); // Uint8Array [80, 78, 71]
 * // In Node: writeFileSync('ramp.png', png); in a browser: new Blob([png], { type: 'image/png' })
 */
export function encodePng(image: RasterImage, options: EncodePngOptions = {}): Uint8Array {
  const op = 'encodePng';
  const { width, height, channels, data } = image;
  for (const [name, v] of [
    ['width', width],
    ['height', height],
  ] as const) {
    if (!Number.isInteger(v) || v < 1 || v > 0x7fffffff)
      throw new DataError(op, `${name} must be a positive integer, got ${v}`);
  }
  if (!(channels in COLOR_TYPE))
    throw new DataError(op, `channels must be 1, 2, 3 or 4, got ${channels}`);
  if (!(data instanceof Uint8Array))
    throw new DataError(op, 'data must be a Uint8Array of 8-bit samples');
  if (data.length !== width * height * channels)
    throw new DataError(
      op,
      `data has ${data.length} bytes, expected width·height·channels = ${width}·${height}·${channels} = ${width * height * channels}`,
    );
  const level = options.level ?? 6;
  if (!Number.isInteger(level) || level < 0 || level > 9)
    throw new DataError(op, `level must be an integer in [0, 9], got ${level}`);

  const ihdr = new Uint8Array(13);
  const v = new DataView(ihdr.buffer);
  v.setUint32(0, width);
  v.setUint32(4, height);
  ihdr[8] = 8; // bit depth
  ihdr[9] = COLOR_TYPE[channels];
  ihdr[10] = 0; // compression: deflate
  ihdr[11] = 0; // filter method: adaptive
  ihdr[12] = 0; // no interlace
  const idat = zlibSync(filterScanlines(image), { level });
  const parts = [
    Uint8Array.from(SIGNATURE),
    chunk('IHDR', ihdr),
    chunk('IDAT', idat),
    chunk('IEND', new Uint8Array(0)),
  ];
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}
