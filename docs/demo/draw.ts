/**
 * Turns a drawing into an MNIST-style input, as the dataset was made: the digit's bounding box
 * scaled to fit 20×20 (keeping its aspect), then placed in a 28×28 image with its centre of
 * mass at the centre. Returns 784 values in [0, 1] (1 = ink), or null for an empty canvas.
 */
export function toMnistPixels(source: HTMLCanvasElement): Float32Array | null {
  const { width, height } = source;
  const rgba = source.getContext('2d')!.getImageData(0, 0, width, height).data;
  let x0 = width;
  let y0 = height;
  let x1 = -1;
  let y1 = -1;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      if (rgba[(y * width + x) * 4 + 3] > 0) {
        if (x < x0) x0 = x;
        if (x > x1) x1 = x;
        if (y < y0) y0 = y;
        if (y > y1) y1 = y;
      }
    }
  }
  if (x1 < 0) return null;
  const w = x1 - x0 + 1;
  const h = y1 - y0 + 1;
  const scale = 20 / Math.max(w, h);
  const box = document.createElement('canvas');
  box.width = 28;
  box.height = 28;
  const ctx = box.getContext('2d')!;
  ctx.imageSmoothingEnabled = true;
  ctx.imageSmoothingQuality = 'high';
  // First pass: scaled into the top-left corner, to find the centre of mass.
  const sw = Math.max(1, Math.round(w * scale));
  const sh = Math.max(1, Math.round(h * scale));
  ctx.drawImage(source, x0, y0, w, h, 0, 0, sw, sh);
  const first = ctx.getImageData(0, 0, 28, 28).data;
  let mass = 0;
  let cx = 0;
  let cy = 0;
  for (let y = 0; y < 28; y++) {
    for (let x = 0; x < 28; x++) {
      const a = first[(y * 28 + x) * 4 + 3] / 255;
      mass += a;
      cx += a * x;
      cy += a * y;
    }
  }
  ctx.clearRect(0, 0, 28, 28);
  const dx = Math.round(14 - cx / mass);
  const dy = Math.round(14 - cy / mass);
  ctx.drawImage(source, x0, y0, w, h, dx, dy, sw, sh);
  const img = ctx.getImageData(0, 0, 28, 28).data;
  const out = new Float32Array(784);
  for (let i = 0; i < 784; i++) out[i] = img[i * 4 + 3] / 255;
  return out;
}
