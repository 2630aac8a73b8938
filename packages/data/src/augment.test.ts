import { DTypeError, Generator, ShapeError, ValueError, rand, tensor } from '@tsgrad/tensor';
import { describe, expect, it } from 'vitest';
import {
  augment,
  gaussianNoise,
  randomFlip,
  randomRotation,
  randomShift,
  randomZoom,
} from './augment.js';

const batch = () => rand([4, 6, 5, 2], { seed: 11 });
const values = (t: { dataSync(): ArrayLike<number> }) => Array.from(t.dataSync());

/** One [1, H, W, 1] image with a single 1 at (y, x). */
function dot(h: number, w: number, y: number, x: number) {
  const v = new Float32Array(h * w);
  v[y * w + x] = 1;
  return tensor(v, [1, h, w, 1]);
}

describe('augment', () => {
  it('is the identity when every range is 0', () => {
    const x = batch();
    expect(values(augment(x, { seed: 1 }))).toEqual(values(x));
    expect(
      values(augment(x, { shift: 0, rotation: 0, zoom: 0, flip: 'none', noise: 0, seed: 3 })),
    ).toEqual(values(x));
    expect(values(randomRotation(x, 0, { seed: 2 }))).toEqual(values(x));
    const one = tensor([
      [[1], [2]],
      [[3], [4]],
    ]); // a single image [2, 2, 1]
    expect(augment(one, { seed: 0 }).shape).toEqual([2, 2, 1]);
  });

  it('is deterministic for a seed and differs between seeds', () => {
    const x = batch();
    const opts = { shift: 0.2, rotation: 20, zoom: 0.2, flip: 'both' as const, noise: 0.05 };
    const a = augment(x, { ...opts, seed: 5 });
    expect(a.shape).toEqual(x.shape);
    expect(a.dtype).toBe('float32');
    expect(values(augment(x, { ...opts, seed: 5 }))).toEqual(values(a));
    expect(values(augment(x, { ...opts, seed: 6 }))).not.toEqual(values(a));
    const g = new Generator(5);
    const first = augment(x, { ...opts, generator: g });
    expect(values(first)).toEqual(values(a));
    expect(values(augment(x, { ...opts, generator: g }))).not.toEqual(values(a));
  });

  it('flips exactly (or leaves the image alone)', () => {
    const x = dot(3, 4, 0, 0);
    const mirrorH = values(dot(3, 4, 0, 3));
    const mirrorV = values(dot(3, 4, 2, 0));
    const seen = new Set<string>();
    for (let seed = 0; seed < 12; seed++) {
      const h = values(randomFlip(x, 'horizontal', { seed }));
      expect([values(x), mirrorH]).toContainEqual(h);
      seen.add(h.join());
      expect([values(x), mirrorV]).toContainEqual(values(randomFlip(x, 'vertical', { seed })));
    }
    expect(seen.size).toBe(2);
  });

  it('rotates and zooms about the centre', () => {
    const x = dot(5, 5, 2, 2);
    for (let seed = 0; seed < 5; seed++) {
      const r = values(randomRotation(x, 45, { seed }));
      expect(r[12]).toBeCloseTo(1, 6);
      const z = values(randomZoom(x, 0.5, { seed, interpolation: 'nearest' }));
      expect(z[12]).toBe(1);
    }
    // An off-centre dot moves (angles are random in ±45°, so check several seeds).
    const moved = [0, 1, 2, 3, 4].filter(
      (seed) => values(randomRotation(dot(5, 5, 0, 2), 45, { seed }))[2] < 0.5,
    );
    expect(moved.length).toBeGreaterThan(0);
  });

  it('shifts content and fills with zeros or the nearest pixel', () => {
    const ones = tensor(new Float32Array(8 * 8).fill(1), [1, 8, 8, 1]);
    const zeroFill = values(randomShift(ones, 0.3, { seed: 2 }));
    expect(Math.min(...zeroFill)).toBeLessThan(1);
    expect(zeroFill.filter((v) => v === 1).length).toBeGreaterThan(0);
    const nearest = values(randomShift(ones, 0.3, { seed: 2, fill: 'nearest' }));
    nearest.forEach((v) => {
      expect(v).toBeCloseTo(1, 6);
    });
    const filled = values(randomShift(ones, [0.3, 0], { seed: 2, fillValue: 1 }));
    filled.forEach((v) => {
      expect(v).toBeCloseTo(1, 6);
    });
  });

  it('adds Gaussian noise with the given std', () => {
    const x = tensor(new Float32Array(20000), [2, 100, 100, 1]);
    const v = values(gaussianNoise(x, 0.5, { seed: 0 }));
    const mean = v.reduce((a, b) => a + b, 0) / v.length;
    const std = Math.sqrt(v.reduce((a, b) => a + (b - mean) ** 2, 0) / v.length);
    expect(Math.abs(mean)).toBeLessThan(0.02);
    expect(std).toBeCloseTo(0.5, 1);
    expect(values(gaussianNoise(x, 0.5, { seed: 0 }))).toEqual(v);
    expect(values(gaussianNoise(x, 0))).toEqual(values(x));
  });

  it('throws specific errors', () => {
    expect(() => augment(tensor([1, 2]))).toThrow(
      'augment: expected images [N, H, W, C] (or one image [H, W, C]), got shape [2]',
    );
    expect(() => augment(tensor([1, 2]))).toThrow(ShapeError);
    expect(() => randomShift(tensor([[[[1]]]], undefined, 'int32'), 0.1)).toThrow(DTypeError);
    expect(() => randomZoom(batch(), 1)).toThrow(
      'randomZoom: zoom must be a number in [0, 1), got 1',
    );
    expect(() => randomShift(batch(), 2)).toThrow(
      'randomShift: shift must be a number in [0, 1], got 2',
    );
    expect(() => randomRotation(batch(), -5)).toThrow(ValueError);
    expect(() => augment(batch(), { flip: 'diagonal' as any })).toThrow(
      "flip must be 'horizontal', 'vertical', 'both' or 'none'",
    );
    expect(() => gaussianNoise(batch(), -1)).toThrow('gaussianNoise: std must be a number');
  });
});
