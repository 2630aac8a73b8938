import { ValueError } from '@tsgrad/tensor';
import { gzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { DataError } from './errors.js';
import { type IdxDType, encodeIdx, isGzip, parseIdx } from './idx.js';

const samples: Record<IdxDType, ArrayLike<number>> = {
  uint8: new Uint8Array([0, 1, 127, 128, 200, 255]),
  int8: new Int8Array([-128, -1, 0, 1, 100, 127]),
  int16: new Int16Array([-32768, -300, 0, 1, 258, 32767]),
  int32: new Int32Array([-2147483648, -70000, 0, 1, 65536, 2147483647]),
  float32: new Float32Array([-1.5, 0, 0.1, 3.25, 1e30, -7]),
  float64: new Float64Array([-1.5, 0, 0.1, Math.PI, 1e300, -7]),
};

const codes: Record<IdxDType, number> = {
  uint8: 8,
  int8: 9,
  int16: 0x0b,
  int32: 0x0c,
  float32: 0x0d,
  float64: 0x0e,
};

describe('parseIdx', () => {
  for (const [dtype, values] of Object.entries(samples) as [IdxDType, ArrayLike<number>][]) {
    it(`round-trips ${dtype} (raw and gzip)`, () => {
      const bytes = encodeIdx(values, [2, 3]);
      expect(bytes[2]).toBe(codes[dtype]);
      expect(bytes[3]).toBe(2);
      for (const input of [bytes, gzipSync(bytes), bytes.buffer]) {
        const out = parseIdx(input as Uint8Array);
        expect(out.dtype).toBe(dtype);
        expect(out.shape).toEqual([2, 3]);
        expect(out.data.constructor).toBe((values as any).constructor);
        expect(Array.from(out.data)).toEqual(Array.from(values));
      }
    });
  }

  it('reads big-endian values written by hand', () => {
    // int16 [2]: 0x0102 = 258, 0xfffe = -2
    const bytes = new Uint8Array([0, 0, 0x0b, 1, 0, 0, 0, 2, 0x01, 0x02, 0xff, 0xfe]);
    expect(Array.from(parseIdx(bytes).data)).toEqual([258, -2]);
  });

  it('reads a parsed view inside a larger buffer', () => {
    const inner = encodeIdx(new Uint8Array([9, 8, 7]), [3]);
    const big = new Uint8Array(inner.length + 5);
    big.set(inner, 5);
    expect(Array.from(parseIdx(big.subarray(5)).data)).toEqual([9, 8, 7]);
  });

  it('takes the first `limit` items', () => {
    const out = parseIdx(encodeIdx(new Uint8Array([1, 2, 3, 4, 5, 6]), [3, 2]), { limit: 2 });
    expect(out.shape).toEqual([2, 2]);
    expect(Array.from(out.data)).toEqual([1, 2, 3, 4]);
    expect(parseIdx(encodeIdx(new Uint8Array([1, 2]), [2]), { limit: 10 }).shape).toEqual([2]);
  });

  it('rejects a bad magic number', () => {
    const bytes = encodeIdx(new Uint8Array([1]), [1]);
    bytes[2] = 0x07;
    expect(() => parseIdx(bytes, { name: 'x.idx' })).toThrow(
      'parseIdx: x.idx is not an IDX file: magic number 0x00000701',
    );
    expect(() => parseIdx(new TextEncoder().encode('<html>404</html>'))).toThrow(DataError);
  });

  it('rejects truncated data with the header and the byte count', () => {
    const bytes = encodeIdx(new Uint8Array(60 * 28 * 28), [60, 28, 28]);
    const cut = bytes.slice(0, 1200);
    expect(() => parseIdx(cut, { name: 'train-images-idx3-ubyte', op: 'loadMnist' })).toThrow(
      'loadMnist: train-images-idx3-ubyte is truncated: header says 60×28×28, file has 1200 bytes',
    );
    expect(() => parseIdx(bytes.slice(0, 10))).toThrow('is truncated: its header needs 16 bytes');
    expect(() => parseIdx(bytes.slice(0, 3))).toThrow('too short');
    // Without validation, what is read must still be there; the rest may be missing.
    expect(parseIdx(cut, { validate: false, limit: 1 }).shape).toEqual([1, 28, 28]);
    expect(() => parseIdx(cut, { validate: false, limit: 2 })).toThrow('is truncated');
  });

  it('rejects trailing bytes when validating', () => {
    const bytes = encodeIdx(new Uint8Array([1, 2]), [2]);
    const longer = new Uint8Array(bytes.length + 3);
    longer.set(bytes);
    expect(() => parseIdx(longer, { name: 'l' })).toThrow('parseIdx: l has 3 bytes after the data');
    expect(Array.from(parseIdx(longer, { validate: false }).data)).toEqual([1, 2]);
  });

  it('rejects impossible dimensions', () => {
    const zeroRank = new Uint8Array([0, 0, 8, 0]);
    expect(() => parseIdx(zeroRank)).toThrow('impossible dimensions: the header says 0 dimensions');
    const huge = new Uint8Array([0, 0, 0x0e, 2, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff]);
    expect(() => parseIdx(huge, { name: 'h' })).toThrow(
      'parseIdx: h has impossible dimensions: header says 4294967295×4294967295 float64 values',
    );
  });

  it('rejects corrupt gzip data', () => {
    const gz = gzipSync(encodeIdx(new Uint8Array(1000).fill(7), [1000]));
    const bad = gz.slice(0, 20);
    expect(isGzip(bad)).toBe(true);
    expect(() => parseIdx(bad, { name: 'f.gz' })).toThrow(/parseIdx: f\.gz is not valid gzip data/);
    const flipped = gz.slice();
    flipped[12] ^= 0xff;
    expect(() => parseIdx(flipped, { name: 'f.gz' })).toThrow(DataError);
  });

  it('throws DataError, which is a ValueError', () => {
    try {
      parseIdx(new Uint8Array([1, 2, 3, 4]));
    } catch (e) {
      expect(e).toBeInstanceOf(DataError);
      expect(e).toBeInstanceOf(ValueError);
      return;
    }
    throw new Error('no error');
  });
});

describe('encodeIdx', () => {
  it('checks the shape against the values', () => {
    expect(() => encodeIdx(new Uint8Array(3), [2, 2])).toThrow(
      'encodeIdx: shape [2,2] needs 4 values, got 3',
    );
    expect(() => encodeIdx([1, 2], [2])).toThrow('cannot infer the IDX element type');
    expect(Array.from(parseIdx(encodeIdx([1, 2], [2], 'int16')).data)).toEqual([1, 2]);
  });
});
