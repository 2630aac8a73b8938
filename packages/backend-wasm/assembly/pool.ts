// Max pooling over NHWC windows and its gradient, SIMD across channels. Same rules as the CPU
// backend's pool.ts: windows clipped to the input ('same' padding ignores padded cells), the
// first maximum wins ties, and NaN wins over numbers (so NaN propagates). The geometry block
// is conv.ts's, with the pool size in place of the filter size and dilation 1.

function field(g: usize, i: i32): i32 {
  return load<i32>(g + ((<usize>i) << 2));
}

/** Lane c of a 4-channel group wins when v > best, or v is NaN and best is not. */
function wins(v: v128, best: v128): v128 {
  return v128.or(f32x4.gt(v, best), v128.and(f32x4.ne(v, v), f32x4.eq(best, best)));
}

/**
 * mode 0: out[n, oh, ow, c] = max over the window of x.
 * mode 1: dx[argmax] += dy[n, oh, ow, c] for each window (dx zeroed by the host).
 * mode 2, for windows that do not overlap (strides ≥ pool size): every cell of every window is
 * written once, dy at the argmax and 0 elsewhere, so the host zeroes dx only where no window
 * reaches (and not at all when the windows tile the input exactly).
 */
export function maxPool(x: usize, g: usize, out: usize, dy: usize, dx: usize, mode: i32): void {
  const grad = mode !== 0;
  const batch = field(g, 0);
  const h = field(g, 1);
  const w = field(g, 2);
  const c = field(g, 3);
  const ph = field(g, 4);
  const pw = field(g, 5);
  const oh = field(g, 6);
  const ow = field(g, 7);
  const sh = field(g, 8);
  const sw = field(g, 9);
  const padTop = field(g, 12);
  const padLeft = field(g, 13);
  const iota = i32x4(0, 1, 2, 3);
  let o = 0;
  for (let n = 0; n < batch; n++) {
    const base = n * h * w * c;
    for (let y = 0; y < oh; y++) {
      const hs = y * sh - padTop;
      const h0 = max(hs, 0);
      const h1 = min(hs + ph, h);
      for (let z = 0; z < ow; z++) {
        const ws = z * sw - padLeft;
        const w0 = max(ws, 0);
        const w1 = min(ws + pw, w);
        const first = base + (h0 * w + w0) * c;
        let k = 0;
        for (; k + 4 <= c; k += 4) {
          let best = v128.load(x + ((<usize>(first + k)) << 2));
          let arg = i32x4.add(i32x4.splat(first + k), iota);
          for (let ih = h0; ih < h1; ih++) {
            for (let iw = ih === h0 ? w0 + 1 : w0; iw < w1; iw++) {
              const s = base + (ih * w + iw) * c + k;
              const v = v128.load(x + ((<usize>s) << 2));
              const m = wins(v, best);
              best = v128.bitselect(v, best, m);
              if (grad) arg = v128.bitselect(i32x4.add(i32x4.splat(s), iota), arg, m);
            }
          }
          if (!grad) {
            v128.store(out + ((<usize>(o + k)) << 2), best);
          } else if (mode === 2) {
            const d = v128.load(dy + ((<usize>(o + k)) << 2));
            const zero = f32x4.splat(0);
            for (let ih = h0; ih < h1; ih++) {
              for (let iw = w0; iw < w1; iw++) {
                const s = base + (ih * w + iw) * c + k;
                const hit = i32x4.eq(i32x4.add(i32x4.splat(s), iota), arg);
                v128.store(dx + ((<usize>s) << 2), v128.bitselect(d, zero, hit));
              }
            }
          } else {
            const d = dy + ((<usize>(o + k)) << 2);
            addAt(dx, i32x4.extract_lane(arg, 0), load<f32>(d));
            addAt(dx, i32x4.extract_lane(arg, 1), load<f32>(d, 4));
            addAt(dx, i32x4.extract_lane(arg, 2), load<f32>(d, 8));
            addAt(dx, i32x4.extract_lane(arg, 3), load<f32>(d, 12));
          }
        }
        for (; k < c; k++) {
          let best = load<f32>(x + ((<usize>(first + k)) << 2));
          let arg = first + k;
          for (let ih = h0; ih < h1; ih++) {
            for (let iw = ih === h0 ? w0 + 1 : w0; iw < w1; iw++) {
              const s = base + (ih * w + iw) * c + k;
              const v = load<f32>(x + ((<usize>s) << 2));
              if (v > best || (Number.isNaN(v) && !Number.isNaN(best))) {
                best = v;
                arg = s;
              }
            }
          }
          if (!grad) store<f32>(out + ((<usize>(o + k)) << 2), best);
          else if (mode === 2) {
            const d = load<f32>(dy + ((<usize>(o + k)) << 2));
            for (let ih = h0; ih < h1; ih++) {
              for (let iw = w0; iw < w1; iw++) {
                const s = base + (ih * w + iw) * c + k;
                store<f32>(dx + ((<usize>s) << 2), s === arg ? d : 0);
              }
            }
          } else addAt(dx, arg, load<f32>(dy + ((<usize>(o + k)) << 2)));
        }
        o += c;
      }
    }
  }
}

function addAt(p: usize, i: i32, v: f32): void {
  const at = p + ((<usize>i) << 2);
  store<f32>(at, load<f32>(at) + v);
}
