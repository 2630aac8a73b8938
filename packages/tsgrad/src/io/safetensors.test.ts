import { Generator } from '@tsgrad/tensor';
import { describe, expect, it } from 'vitest';
import { SafetensorsError, decodeSafetensors, encodeSafetensors } from './safetensors.js';

function sample() {
  return {
    'dense/kernel': {
      dtype: 'float32' as const,
      shape: [2, 3],
      data: new Float32Array([1, 2, 3, 4, 5, 6]),
    },
    'dense/bias': { dtype: 'float32' as const, shape: [3], data: new Float32Array([0.5, -0.5, 0]) },
    step: { dtype: 'int32' as const, shape: [], data: new Int32Array([7]) },
    mask: { dtype: 'bool' as const, shape: [2], data: new Uint8Array([1, 0]) },
    precise: { dtype: 'float64' as const, shape: [1], data: new Float64Array([Math.PI]) },
  };
}

/** Builds a file from a header object and a data section, for forging bad inputs. */
function forge(header: unknown, data = new Uint8Array(0), lengthOverride?: bigint): Uint8Array {
  const json = new TextEncoder().encode(
    typeof header === 'string' ? header : JSON.stringify(header),
  );
  const out = new Uint8Array(8 + json.length + data.length);
  new DataView(out.buffer).setBigUint64(0, lengthOverride ?? BigInt(json.length), true);
  out.set(json, 8);
  out.set(data, 8 + json.length);
  return out;
}

describe('safetensors', () => {
  it('round-trips every dtype exactly, with metadata', () => {
    const bytes = encodeSafetensors(sample(), { format: 'tsgrad' });
    const { arrays, metadata } = decodeSafetensors(bytes);
    expect(metadata.get('format')).toBe('tsgrad');
    for (const [name, a] of Object.entries(sample())) {
      const b = arrays.get(name)!;
      expect(b.dtype).toBe(a.dtype);
      expect(b.shape).toEqual(a.shape);
      expect(Array.from(b.data)).toEqual(Array.from(a.data));
    }
  });

  it('writes the standard layout: u64 little-endian header length, JSON, aligned data', () => {
    const bytes = encodeSafetensors(sample());
    const n = Number(new DataView(bytes.buffer).getBigUint64(0, true));
    expect((8 + n) % 8).toBe(0);
    const header = JSON.parse(new TextDecoder().decode(bytes.subarray(8, 8 + n)));
    expect(header['dense/kernel']).toEqual({
      dtype: 'F32',
      shape: [2, 3],
      data_offsets: [expect.any(Number), expect.any(Number)],
    });
    expect(header.step.dtype).toBe('I32');
  });

  it('refuses a forged giant header length before allocating', () => {
    expect(() => decodeSafetensors(forge({}, undefined, 1n << 60n), 'w.safetensors')).toThrow(
      /w\.safetensors: header length \d+ exceeds the limit/,
    );
  });

  it('refuses truncated files', () => {
    const bytes = encodeSafetensors(sample());
    expect(() => decodeSafetensors(bytes.subarray(0, 4))).toThrow('too short for a header');
    expect(() => decodeSafetensors(bytes.subarray(0, bytes.length - 3))).toThrow(
      /truncated file\?/,
    );
  });

  it('refuses offsets that disagree with the shape, overlap, or unknown dtypes', () => {
    const data = new Uint8Array(16);
    expect(() =>
      decodeSafetensors(forge({ a: { dtype: 'F32', shape: [3], data_offsets: [0, 8] } }, data)),
    ).toThrow('needs 12 bytes, offsets span 8');
    expect(() =>
      decodeSafetensors(
        forge(
          {
            a: { dtype: 'F32', shape: [2], data_offsets: [0, 8] },
            b: { dtype: 'F32', shape: [2], data_offsets: [4, 12] },
          },
          data,
        ),
      ),
    ).toThrow('overlap');
    expect(() =>
      decodeSafetensors(forge({ a: { dtype: 'F16', shape: [2], data_offsets: [0, 4] } }, data)),
    ).toThrow('unsupported dtype "F16"');
    expect(() =>
      decodeSafetensors(forge({ a: { dtype: 'F32', shape: [-1], data_offsets: [0, 4] } }, data)),
    ).toThrow('invalid shape');
  });

  it('does not pollute prototypes from hostile headers', () => {
    const hostile =
      '{"__proto__":{"polluted":"yes"},"constructor":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}}';
    try {
      decodeSafetensors(forge(hostile, new Uint8Array(4)));
    } catch {
      // An error is fine; pollution is not.
    }
    expect(({} as any).polluted).toBeUndefined();
  });

  it('gives only clean SafetensorsErrors for random corruptions (fuzz)', () => {
    const good = encodeSafetensors(sample(), { a: 'b' });
    const g = new Generator(123);
    for (let trial = 0; trial < 500; trial++) {
      const bytes = good.slice(0, g.integer(0, good.length + 1));
      const flips = g.integer(0, 6);
      for (let f = 0; f < flips && bytes.length > 0; f++)
        bytes[g.integer(0, bytes.length)] = g.integer(0, 256);
      try {
        decodeSafetensors(bytes);
      } catch (e) {
        expect(e).toBeInstanceOf(SafetensorsError);
      }
    }
  });
});
