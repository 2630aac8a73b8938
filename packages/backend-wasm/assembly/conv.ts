// im2col and col2im for NHWC convolutions, so conv2d and its two gradients become GEMMs (the
// same scheme as the CPU backend's conv.ts). The patch of output pixel (n, oh, ow) is one row
// of KH·KW·C values ordered (kh, kw, c), the row order of a [KH,KW,C,F] filter read as
// [KH·KW·C, F]. The geometry lives in a small i32 block the host writes (src/conv.ts).

/** Field offsets (in i32s) of the geometry block (field 0 is the batch size, unused here). */
const H = 1;
const W = 2;
const C = 3;
const KH = 4;
const KW = 5;
const OH = 6;
const OW = 7;
const SH = 8;
const SW = 9;
const DH = 10;
const DW = 11;
const PAD_TOP = 12;
const PAD_LEFT = 13;

function field(g: usize, i: i32): i32 {
  return load<i32>(g + ((<usize>i) << 2));
}

/**
 * Writes the patches of output rows [row0, row0 + rows) into `cols` ([rows, KH·KW·C]) when
 * `scatter` is false; when true, adds each patch row of `cols` back into x (col2im).
 */
function walk(x: usize, g: usize, row0: i32, rows: i32, cols: usize, scatter: bool): void {
  const h = field(g, H);
  const w = field(g, W);
  const c = field(g, C);
  const kh = field(g, KH);
  const kw = field(g, KW);
  const oh = field(g, OH);
  const ow = field(g, OW);
  const sh = field(g, SH);
  const sw = field(g, SW);
  const dh = field(g, DH);
  const dw = field(g, DW);
  const padTop = field(g, PAD_TOP);
  const padLeft = field(g, PAD_LEFT);
  const cBytes = (<usize>c) << 2;
  const spanBytes = (<usize>(kw * c)) << 2;
  const ohw = oh * ow;
  let n = row0 / ohw;
  let y = (row0 % ohw) / ow;
  let z = row0 % ow;
  let p = cols;
  for (let r = 0; r < rows; r++) {
    const ih0 = y * sh - padTop;
    const iw0 = z * sw - padLeft;
    const contiguous = dw === 1 && iw0 >= 0 && iw0 + kw <= w;
    const xBatch = x + ((<usize>n * h * w * c) << 2);
    for (let a = 0; a < kh; a++) {
      const ih = ih0 + a * dh;
      if (ih < 0 || ih >= h) {
        if (!scatter) memory.fill(p, 0, spanBytes);
        p += spanBytes;
        continue;
      }
      const xRow = xBatch + ((<usize>ih * w * c) << 2);
      if (contiguous) {
        const at = xRow + ((<usize>iw0 * c) << 2);
        if (scatter) addInto(at, p, kw * c);
        else copyInto(p, at, kw * c);
        p += spanBytes;
        continue;
      }
      for (let b = 0; b < kw; b++) {
        const iw = iw0 + b * dw;
        if (iw < 0 || iw >= w) {
          if (!scatter) memory.fill(p, 0, cBytes);
        } else {
          const at = xRow + ((<usize>iw * c) << 2);
          if (scatter) addInto(at, p, c);
          else copyInto(p, at, c);
        }
        p += cBytes;
      }
    }
    if (++z === ow) {
      z = 0;
      if (++y === oh) {
        y = 0;
        n++;
      }
    }
  }
}

/**
 * dst[0:n] = src[0:n]. Short runs (a patch row of a few channels, e.g. 3 floats for C = 1) are
 * copied with loads and stores: a `memory.copy` per few bytes costs more than the bytes.
 */
function copyInto(dst: usize, src: usize, n: i32): void {
  if (n > 32) {
    memory.copy(dst, src, (<usize>n) << 2);
    return;
  }
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    v128.store(dst, v128.load(src));
    dst += 16;
    src += 16;
  }
  for (; i < n; i++) {
    store<f32>(dst, load<f32>(src));
    dst += 4;
    src += 4;
  }
}

/** dst[0:n] += src[0:n]. */
function addInto(dst: usize, src: usize, n: i32): void {
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    v128.store(dst, f32x4.add(v128.load(dst), v128.load(src)));
    dst += 16;
    src += 16;
  }
  for (; i < n; i++) {
    store<f32>(dst, load<f32>(dst) + load<f32>(src));
    dst += 4;
    src += 4;
  }
}

/** cols[rows, KH·KW·C] = the patches of output rows [row0, row0 + rows) of x [N,H,W,C]. */
export function im2col(x: usize, geometry: usize, row0: i32, rows: i32, cols: usize): void {
  walk(x, geometry, row0, rows, cols, false);
}

/** dx [N,H,W,C] += the patch rows of cols, each added back at its pixels. */
export function col2im(dx: usize, geometry: usize, row0: i32, rows: i32, cols: usize): void {
  walk(dx, geometry, row0, rows, cols, true);
}
