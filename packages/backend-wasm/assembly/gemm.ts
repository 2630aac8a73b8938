// Single-precision GEMM with WebAssembly SIMD (128-bit, no relaxed SIMD, no FMA), written in
// AssemblyScript. Built by `pnpm build:wasm` into src/kernels.generated.ts.
//
// C[M,N] = op(A)[M,K] · op(B)[K,N], every matrix addressed by element strides, so transposed
// operands cost nothing extra: the transposes happen while packing, which is done anyway.
//
// The loops follow Goto & van de Geijn ("Anatomy of high-performance matrix multiplication",
// 2008): B is packed in KC×NC blocks into panels of NR columns, A in MC×KC blocks into panels
// of MR rows, and a register-blocked MR×NR micro-kernel multiplies one A panel by one B panel
// with all MR·NR/4 accumulators in SIMD registers. A micro-panel of B (KC·NR floats = 8 KiB)
// stays in L1 while the A panels stream from the L2-resident packed block.
//
// Pointers are byte offsets into this module's memory; the host lays the buffers out.

/** Rows of the micro-kernel (a panel of packed A). */
const MR: i32 = 4;
/** Columns of the micro-kernel (a panel of packed B): two f32x4 vectors. */
const NR: i32 = 8;
/** Depth of one packed block. */
const KC: i32 = 256;
/** Rows of op(A) packed at a time (a multiple of MR). */
const MC: i32 = 64;
/** Columns of op(B) packed at a time (a multiple of NR). */
const NC: i32 = 1024;

/** Bytes the host must reserve for the packed-A buffer. */
export const PACK_A_BYTES: i32 = MC * KC * 4;
/** Bytes the host must reserve for the packed-B buffer. */
export const PACK_B_BYTES: i32 = NC * KC * 4;
/** Bytes the host must reserve for the edge tile. */
export const TILE_BYTES: i32 = MR * NR * 4;

/** First byte the host may use (everything below belongs to the module's static data). */
export function heapBase(): usize {
  return __heap_base;
}

/**
 * Packs op(B)[k0:k0+kc, j0:j0+nc] into panels of NR columns, each laid out [kc][NR], with the
 * columns past nc zero-filled. op(B)[k, j] is at b + (k·sBk + j·sBj)·4.
 */
function packB(b: usize, sBk: i32, sBj: i32, k0: i32, kc: i32, j0: i32, nc: i32, dst: usize): void {
  for (let jp = 0; jp < nc; jp += NR) {
    const nr = min(NR, nc - jp);
    if (nr === NR && sBj === 1) {
      let src = b + ((<usize>k0 * sBk + j0 + jp) << 2);
      const step = (<usize>sBk) << 2;
      for (let k = 0; k < kc; k++) {
        v128.store(dst, v128.load(src));
        v128.store(dst, v128.load(src, 16), 16);
        src += step;
        dst += 32;
      }
    } else if (nr === NR && sBk === 1) {
      // Transposed B: each column of op(B) is a contiguous row of B.
      const col = b + ((<usize>k0 + <usize>(j0 + jp) * sBj) << 2);
      const cs = (<usize>sBj) << 2;
      for (let k = 0; k < kc; k++) {
        const s = col + ((<usize>k) << 2);
        store<f32>(dst, load<f32>(s));
        store<f32>(dst, load<f32>(s + cs), 4);
        store<f32>(dst, load<f32>(s + 2 * cs), 8);
        store<f32>(dst, load<f32>(s + 3 * cs), 12);
        store<f32>(dst, load<f32>(s + 4 * cs), 16);
        store<f32>(dst, load<f32>(s + 5 * cs), 20);
        store<f32>(dst, load<f32>(s + 6 * cs), 24);
        store<f32>(dst, load<f32>(s + 7 * cs), 28);
        dst += 32;
      }
    } else {
      for (let k = 0; k < kc; k++) {
        for (let j = 0; j < NR; j++) {
          const v: f32 =
            j < nr ? load<f32>(b + ((<usize>(k0 + k) * sBk + <usize>(j0 + jp + j) * sBj) << 2)) : 0;
          store<f32>(dst + ((<usize>j) << 2), v);
        }
        dst += 32;
      }
    }
  }
}

/**
 * Packs op(A)[i0:i0+mc, k0:k0+kc] into panels of MR rows, each laid out [kc][MR], with the rows
 * past mc zero-filled. op(A)[i, k] is at a + (i·sAi + k·sAk)·4.
 */
function packA(a: usize, sAi: i32, sAk: i32, i0: i32, mc: i32, k0: i32, kc: i32, dst: usize): void {
  const rowBytes = (<usize>MR) << 2;
  for (let ip = 0; ip < mc; ip += MR) {
    const mr = min(MR, mc - ip);
    if (mr === MR) {
      // One pointer per row, each advanced by one k step.
      const ks = (<usize>sAk) << 2;
      const is = (<usize>sAi) << 2;
      let r0 = a + ((<usize>(i0 + ip) * sAi + <usize>k0 * sAk) << 2);
      for (let k = 0; k < kc; k++) {
        store<f32>(dst, load<f32>(r0));
        store<f32>(dst, load<f32>(r0 + is), 4);
        store<f32>(dst, load<f32>(r0 + 2 * is), 8);
        store<f32>(dst, load<f32>(r0 + 3 * is), 12);
        r0 += ks;
        dst += rowBytes;
      }
    } else {
      for (let k = 0; k < kc; k++) {
        for (let i = 0; i < MR; i++) {
          const v: f32 =
            i < mr ? load<f32>(a + ((<usize>(i0 + ip + i) * sAi + <usize>(k0 + k) * sAk) << 2)) : 0;
          store<f32>(dst + ((<usize>i) << 2), v);
        }
        dst += rowBytes;
      }
    }
  }
}

/**
 * The MR×NR micro-kernel: C[0:MR, 0:NR] (+)= Ap[kc][MR] · Bp[kc][NR], eight f32x4
 * accumulators in registers (4×8: with 6×8's twelve, V8 runs out of xmm registers and spills,
 * measured 25 vs 36 GFLOP/s). `ldc` is C's row stride in bytes.
 */
function kernel(kc: i32, ap: usize, bp: usize, c: usize, ldc: usize, accumulate: bool): void {
  let c00 = f32x4.splat(0);
  let c01 = f32x4.splat(0);
  let c10 = f32x4.splat(0);
  let c11 = f32x4.splat(0);
  let c20 = f32x4.splat(0);
  let c21 = f32x4.splat(0);
  let c30 = f32x4.splat(0);
  let c31 = f32x4.splat(0);
  for (let k = 0; k < kc; k++) {
    const b0 = v128.load(bp);
    const b1 = v128.load(bp, 16);
    let a = v128.load32_splat(ap);
    c00 = f32x4.add(c00, f32x4.mul(a, b0));
    c01 = f32x4.add(c01, f32x4.mul(a, b1));
    a = v128.load32_splat(ap, 4);
    c10 = f32x4.add(c10, f32x4.mul(a, b0));
    c11 = f32x4.add(c11, f32x4.mul(a, b1));
    a = v128.load32_splat(ap, 8);
    c20 = f32x4.add(c20, f32x4.mul(a, b0));
    c21 = f32x4.add(c21, f32x4.mul(a, b1));
    a = v128.load32_splat(ap, 12);
    c30 = f32x4.add(c30, f32x4.mul(a, b0));
    c31 = f32x4.add(c31, f32x4.mul(a, b1));
    ap += 16;
    bp += 32;
  }
  if (accumulate) {
    c00 = f32x4.add(c00, v128.load(c));
    c01 = f32x4.add(c01, v128.load(c, 16));
    c10 = f32x4.add(c10, v128.load(c + ldc));
    c11 = f32x4.add(c11, v128.load(c + ldc, 16));
    c20 = f32x4.add(c20, v128.load(c + 2 * ldc));
    c21 = f32x4.add(c21, v128.load(c + 2 * ldc, 16));
    c30 = f32x4.add(c30, v128.load(c + 3 * ldc));
    c31 = f32x4.add(c31, v128.load(c + 3 * ldc, 16));
  }
  v128.store(c, c00);
  v128.store(c, c01, 16);
  v128.store(c + ldc, c10);
  v128.store(c + ldc, c11, 16);
  v128.store(c + 2 * ldc, c20);
  v128.store(c + 2 * ldc, c21, 16);
  v128.store(c + 3 * ldc, c30);
  v128.store(c + 3 * ldc, c31, 16);
}

/**
 * C[M,N] = op(A)[M,K] · op(B)[K,N], C row-major with row stride ldc (elements). op(A)[i,k] is at
 * a + (i·sAi + k·sAk)·4 and op(B)[k,j] at b + (k·sBk + j·sBj)·4. `work` points at
 * TILE_BYTES + PACK_A_BYTES + PACK_B_BYTES of scratch. K must be ≥ 1. With `accumulate`, the
 * product is added to C instead of replacing it.
 */
export function gemm(
  M: i32,
  N: i32,
  K: i32,
  a: usize,
  sAi: i32,
  sAk: i32,
  b: usize,
  sBk: i32,
  sBj: i32,
  c: usize,
  ldc: i32,
  work: usize,
  accumulate: bool,
): void {
  const tile = work;
  const pa = work + TILE_BYTES;
  const pb = pa + PACK_A_BYTES;
  const ldcBytes = (<usize>ldc) << 2;
  for (let jc = 0; jc < N; jc += NC) {
    const nc = min(NC, N - jc);
    for (let pc = 0; pc < K; pc += KC) {
      const kc = min(KC, K - pc);
      const acc = accumulate || pc > 0;
      packB(b, sBk, sBj, pc, kc, jc, nc, pb);
      for (let ic = 0; ic < M; ic += MC) {
        const mc = min(MC, M - ic);
        packA(a, sAi, sAk, ic, mc, pc, kc, pa);
        for (let jr = 0; jr < nc; jr += NR) {
          const nr = min(NR, nc - jr);
          const bp = pb + ((<usize>jr * kc) << 2);
          for (let ir = 0; ir < mc; ir += MR) {
            const mr = min(MR, mc - ir);
            const ap = pa + ((<usize>ir * kc) << 2);
            const cp = c + ((<usize>(ic + ir) * ldc + jc + jr) << 2);
            if (mr === MR && nr === NR) {
              kernel(kc, ap, bp, cp, ldcBytes, acc);
            } else {
              // Edge tile: compute the full tile aside, then copy (or add) its valid part.
              kernel(kc, ap, bp, tile, (<usize>NR) << 2, false);
              for (let i = 0; i < mr; i++) {
                for (let j = 0; j < nr; j++) {
                  const dst = cp + <usize>i * ldcBytes + ((<usize>j) << 2);
                  const v = load<f32>(tile + ((<usize>(i * NR + j)) << 2));
                  store<f32>(dst, acc ? load<f32>(dst) + v : v);
                }
              }
            }
          }
        }
      }
    }
  }
}
