import { crc32 as nodeCrc32, inflateSync } from 'node:zlib';
import { describe, expect, test } from 'vitest';
import { DataError } from './errors.js';
import { crc32, encodePng } from './png.js';

/** A minimal PNG reader written from the spec, using node:zlib (not fflate) to inflate. */
function decodePng(bytes: Uint8Array) {
  expect(Array.from(bytes.subarray(0, 8))).toEqual([137, 80, 78, 71, 13, 10, 26, 10]);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const chunks: { type: string; data: Uint8Array }[] = [];
  for (let at = 8; at < bytes.length; ) {
    const len = view.getUint32(at);
    const type = String.fromCharCode(...bytes.subarray(at + 4, at + 8));
    const data = bytes.subarray(at + 8, at + 8 + len);
    expect(view.getUint32(at + 8 + len)).toBe(nodeCrc32(bytes.subarray(at + 4, at + 8 + len)));
    chunks.push({ type, data });
    at += 12 + len;
  }
  expect(chunks.map((c) => c.type)).toEqual(['IHDR', 'IDAT', 'IEND']);
  const ih = new DataView(chunks[0].data.buffer, chunks[0].data.byteOffset, 13);
  const width = ih.getUint32(0);
  const height = ih.getUint32(4);
  const colorType = chunks[0].data[9];
  expect([chunks[0].data[8], chunks[0].data[10], chunks[0].data[11], chunks[0].data[12]]).toEqual([
    8, 0, 0, 0,
  ]);
  const bpp = { 0: 1, 4: 2, 2: 3, 6: 4 }[colorType as 0 | 4 | 2 | 6];
  const raw = inflateSync(chunks[1].data);
  const stride = width * bpp;
  expect(raw.length).toBe(height * (stride + 1));
  const out = new Uint8Array(height * stride);
  const filters: number[] = [];
  for (let y = 0; y < height; y++) {
    const f = raw[y * (stride + 1)];
    filters.push(f);
    for (let i = 0; i < stride; i++) {
      const x = raw[y * (stride + 1) + 1 + i];
      const a = i >= bpp ? out[y * stride + i - bpp] : 0;
      const b = y > 0 ? out[(y - 1) * stride + i] : 0;
      const c = i >= bpp && y > 0 ? out[(y - 1) * stride + i - bpp] : 0;
      const p = a + b - c;
      const pr =
        Math.abs(p - a) <= Math.abs(p - b) && Math.abs(p - a) <= Math.abs(p - c)
          ? a
          : Math.abs(p - b) <= Math.abs(p - c)
            ? b
            : c;
      const pred = [0, a, b, (a + b) >> 1, pr][f];
      out[y * stride + i] = (x + pred) & 0xff;
    }
  }
  return { width, height, colorType, data: out, filters };
}

function pseudoRandom(n: number, seed: number): Uint8Array {
  const out = new Uint8Array(n);
  let s = seed;
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    out[i] = s >>> 24;
  }
  return out;
}

describe('encodePng', () => {
  test('crc32 matches zlib', () => {
    const bytes = pseudoRandom(1000, 1);
    expect(crc32(bytes)).toBe(nodeCrc32(bytes));
    expect(crc32(new TextEncoder().encode('IEND'))).toBe(0xae426082);
  });

  test.each([
    [1, 0],
    [2, 4],
    [3, 2],
    [4, 6],
  ] as const)('round-trips %i channel(s) (colour type %i) exactly', (channels, colorType) => {
    const width = 13;
    const height = 7;
    // Smooth ramps (where the Sub/Up/Paeth filters win) beside noise (where None wins).
    const data = new Uint8Array(width * height * channels);
    for (let y = 0; y < height; y++)
      for (let x = 0; x < width; x++)
        for (let c = 0; c < channels; c++)
          data[(y * width + x) * channels + c] = y < 4 ? (x * 9 + y * 5 + c * 40) & 0xff : 0;
    data.set(pseudoRandom(width * 3 * channels, 7), width * 4 * channels);
    const png = encodePng({ width, height, channels, data });
    const decoded = decodePng(png);
    expect([decoded.width, decoded.height, decoded.colorType]).toEqual([width, height, colorType]);
    expect(Array.from(decoded.data)).toEqual(Array.from(data));
    expect(new Set(decoded.filters).size).toBeGreaterThan(1); // adaptive: not one filter for all
  });

  test('a constant image compresses to about 1% of its size; level 0 stores it', () => {
    const data = new Uint8Array(100 * 100).fill(200);
    const png = encodePng({ width: 100, height: 100, channels: 1, data });
    expect(png.length).toBeLessThan(150); // of 10,100 filtered bytes
    const stored = encodePng({ width: 100, height: 100, channels: 1, data }, { level: 0 });
    expect(stored.length).toBeGreaterThan(100 * 101);
    expect(Array.from(decodePng(stored).data)).toEqual(Array.from(data));
  });

  test('bad input raises DataError with the values', () => {
    const data = new Uint8Array(4);
    expect(() => encodePng({ width: 2, height: 2, channels: 1, data: new Uint8Array(3) })).toThrow(
      'encodePng: data has 3 bytes, expected width·height·channels = 2·2·1 = 4',
    );
    expect(() => encodePng({ width: 0, height: 2, channels: 1, data })).toThrow(
      'encodePng: width must be a positive integer, got 0',
    );
    expect(() => encodePng({ width: 2, height: 2, channels: 5 as 1, data })).toThrow(DataError);
    expect(() =>
      encodePng({ width: 2, height: 2, channels: 1, data: new Float32Array(4) as never }),
    ).toThrow('encodePng: data must be a Uint8Array of 8-bit samples');
    expect(() => encodePng({ width: 2, height: 2, channels: 1, data }, { level: 12 as 1 })).toThrow(
      'encodePng: level must be an integer in [0, 9], got 12',
    );
  });
});
