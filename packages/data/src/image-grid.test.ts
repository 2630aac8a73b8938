import { ShapeError, tensor } from '@tsgrad/tensor';
import { describe, expect, test } from 'vitest';
import { DataError } from './errors.js';
import { imageGrid, imageGridPng } from './image-grid.js';

describe('imageGrid', () => {
  // Two 2×2 gray images: 0..0.75 and its negative, laid out in one row with 1 px padding.
  const images = tensor([
    [
      [[0], [0.25]],
      [[0.5], [0.75]],
    ],
    [
      [[1], [0.75]],
      [[0.5], [0.25]],
    ],
  ]);

  test('tiles images in rows with padding, mapping [0, 1] to 0..255', () => {
    const g = imageGrid(images, { columns: 2, padValue: 1 });
    expect([g.width, g.height, g.channels]).toEqual([7, 4, 1]);
    const rows = Array.from({ length: g.height }, (_, y) =>
      Array.from(g.data.subarray(y * g.width, (y + 1) * g.width)),
    );
    expect(rows).toEqual([
      [255, 255, 255, 255, 255, 255, 255],
      [255, 0, 64, 255, 255, 191, 255],
      [255, 128, 191, 255, 128, 64, 255],
      [255, 255, 255, 255, 255, 255, 255],
    ]);
  });

  test('columns wrap into rows; scale repeats pixels; [N, H, W] is gray', () => {
    const flat = tensor([[[0.5]], [[1]], [[0]]]); // three 1×1 images, rank 3
    const g = imageGrid(flat, { columns: 2, padding: 0, scale: 2 });
    expect([g.width, g.height]).toEqual([4, 4]);
    expect(Array.from(g.data)).toEqual([
      128, 128, 255, 255, 128, 128, 255, 255, 0, 0, 128, 128, 0, 0, 128, 128,
    ]); // the empty fourth cell is padValue: the middle of the range
  });

  test("keeps channels, clips out-of-range values, and 'auto' stretches the range", () => {
    const rgb = tensor([[[[2, -1, 0.5]]]]); // one 1×1 RGB image
    expect(Array.from(imageGrid(rgb, { padding: 0 }).data)).toEqual([255, 0, 128]);
    const g = imageGrid(tensor([[[[10], [20]]]]), { padding: 0, range: 'auto' });
    expect(Array.from(g.data)).toEqual([0, 255]);
    const wide = imageGrid(tensor([[[[0], [5]]]]), { padding: 0, range: [-5, 5] });
    expect(Array.from(wide.data)).toEqual([128, 255]);
  });

  test('imageGridPng returns PNG bytes', () => {
    const png = imageGridPng(images, { scale: 3, level: 9 });
    expect(Array.from(png.subarray(0, 4))).toEqual([137, 80, 78, 71]);
  });

  test('bad input raises errors naming the problem', () => {
    expect(() => imageGrid(tensor([1, 2]))).toThrow(ShapeError);
    expect(() => imageGrid(tensor([1, 2]))).toThrow(
      'imageGrid: images must be [N, H, W, C] or [N, H, W], got shape [2]',
    );
    expect(() => imageGrid(tensor([[[[0, 0, 0, 0, 0]]]]))).toThrow(
      'imageGrid: images must have 1, 2, 3 or 4 channels (last axis), got shape [1,1,1,5]',
    );
    expect(() => imageGrid(images, { scale: 1.5 })).toThrow(
      'imageGrid: scale must be a positive integer, got 1.5',
    );
    expect(() => imageGrid(images, { range: [1, 1] })).toThrow(DataError);
    expect(() => imageGrid(images, { colums: 2 } as never)).toThrow(
      "imageGrid: unknown option 'colums'",
    );
    expect(() => imageGrid(tensor([[[0, Number.NaN]]]))).toThrow(
      'imageGrid: image 0 has NaN at row 0, column 1',
    );
  });
});
