import type { Kernel } from '../../backend.js';
import { MIN_NORMAL, allocArray } from '../../dtype.js';
import type { FusedMatmulAttrs } from '../../ops/fused-matmul.js';
import type { AdamUpdateAttrs, SgdUpdateAttrs } from '../../ops/fused-update.js';
import { stridesOf } from '../../shape.js';
import { matmulKernels } from './matmul.js';
import { CpuData, valuesOf } from './storage.js';

// The optional fused kernels (see ops/fused-update.ts and ops/softmax.ts) for typed-array
// storage. Each element goes through the same float operations, in the same order and with the
// same rounding to the dtype after each one, as the composite of public ops it replaces, so
// results are bit-identical to it (for float32: +, −, ×, ÷ and √ of float32 values computed in
// float64 and rounded once equal the float32 operations; exp and log are Math's, rounded, as in
// the CPU kernels; sums accumulate in float64 like the CPU's sum).

const identity = (x: number) => x;

/** out = [p′, m′, v′] stacked: one pass over p, g, m, v. */
const adamUpdate: Kernel<AdamUpdateAttrs> = ({ inputs: [P, G, M, V], attrs, outDtype }) => {
  const p = valuesOf(P.dataId);
  const g = valuesOf(G.dataId);
  const m = valuesOf(M.dataId);
  const v = valuesOf(V.dataId);
  const n = P.size;
  const out = allocArray(outDtype, 3 * n);
  const r = outDtype === 'float32' ? Math.fround : identity;
  const b1 = r(attrs.beta1);
  const c1 = r(1 - attrs.beta1);
  const b2 = r(attrs.beta2);
  const c2 = r(1 - attrs.beta2);
  const s = r(attrs.vScale);
  const eps = r(attrs.epsilon);
  const k = r(attrs.stepSize);
  // State below the smallest normal number is stored as 0 (flushSubnormal).
  const tiny = MIN_NORMAL[outDtype as 'float32' | 'float64'];
  for (let i = 0; i < n; i++) {
    const gi = g[i];
    let mi = r(r(m[i] * b1) + r(gi * c1));
    if (Math.abs(mi) < tiny) mi = 0;
    let vi = r(r(v[i] * b2) + r(r(gi * gi) * c2));
    if (Math.abs(vi) < tiny) vi = 0;
    const d = r(r(r(Math.sqrt(vi)) * s) + eps);
    out[i] = p[i] - r(r(mi / d) * k);
    out[n + i] = mi;
    out[2 * n + i] = vi;
  }
  return new CpuData(out, outDtype);
};

/** out = [p′] or [p′, b′] stacked (with momentum). */
const sgdUpdate: Kernel<SgdUpdateAttrs> = ({ inputs, attrs, outDtype }) => {
  const p = valuesOf(inputs[0].dataId);
  const g = valuesOf(inputs[1].dataId);
  const n = inputs[0].size;
  const r = outDtype === 'float32' ? Math.fround : identity;
  const lr = r(attrs.lr);
  if (attrs.momentum === 0) {
    const out = allocArray(outDtype, n);
    for (let i = 0; i < n; i++) out[i] = p[i] - r(g[i] * lr);
    return new CpuData(out, outDtype);
  }
  const b = valuesOf(inputs[2].dataId);
  const mu = r(attrs.momentum);
  const damped = attrs.dampening !== 0;
  const keep = r(1 - attrs.dampening);
  const out = allocArray(outDtype, 2 * n);
  // State below the smallest normal number is stored as 0 (flushSubnormal).
  const tiny = MIN_NORMAL[outDtype as 'float32' | 'float64'];
  for (let i = 0; i < n; i++) {
    const gi = g[i];
    let bi = r(r(b[i] * mu) + (damped ? r(gi * keep) : gi));
    if (Math.abs(bi) < tiny) bi = 0;
    const dir = attrs.nesterov ? r(gi + r(bi * mu)) : bi;
    out[i] = p[i] - r(dir * lr);
    out[n + i] = bi;
  }
  return new CpuData(out, outDtype);
};

/**
 * Writes [shift, lse] of the slice of `n` elements of `x` from `base` with `stride` into `out`,
 * as logSoftmax's composite computes them: shift = the maximum (NaN wins, as in max; 0 when not
 * finite), lse = log Σ exp(x − shift), each step rounded by `r`, the sum in float64.
 */
function sliceStats(
  x: ArrayLike<number>,
  base: number,
  n: number,
  stride: number,
  r: (v: number) => number,
  out: [number, number],
): void {
  let m = Number.NEGATIVE_INFINITY;
  for (let k = 0; k < n; k++) {
    const v = x[base + k * stride];
    if (!(v <= m)) m = v;
  }
  const shift = Number.isFinite(m) ? m : 0;
  let s = 0;
  for (let k = 0; k < n; k++) s += r(Math.exp(r(x[base + k * stride] - shift)));
  out[0] = shift;
  out[1] = r(Math.log(r(s)));
}

/**
 * log(softmax(x)) along one axis, as `logSoftmax`'s composite computes it: per slice, the shift
 * m = max (0 when not finite), z = x − m, then z − log(Σ exp(z)).
 */
const logSoftmax: Kernel<{ axis: number }> = ({ inputs: [X], attrs: { axis }, outDtype }) => {
  const x = valuesOf(X.dataId);
  const out = allocArray(outDtype, X.size);
  const r = outDtype === 'float32' ? Math.fround : identity;
  const stats: [number, number] = [0, 0];
  const n = X.shape[axis];
  const inner = stridesOf(X.shape)[axis];
  const outer = n === 0 ? 0 : X.size / (n * inner);
  for (let o = 0; o < outer; o++) {
    for (let j = 0; j < inner; j++) {
      const base = o * n * inner + j;
      sliceStats(x, base, n, inner, r, stats);
      const [shift, lse] = stats;
      for (let k = 0; k < n; k++) {
        const at = base + k * inner;
        out[at] = r(x[at] - shift) - lse;
      }
    }
  }
  return new CpuData(out, outDtype);
};

/**
 * −logSoftmax(x)[label] per row of [N, C] logits, as `softmaxCrossEntropy`'s composite computes
 * it (the shift and log-sum-exp of `logSoftmax`, then the label's entry, negated).
 */
const softmaxCrossEntropy: Kernel = ({ inputs: [X, L], outDtype }) => {
  const x = valuesOf(X.dataId);
  const labels = valuesOf(L.dataId);
  const [rows, n] = X.shape;
  const out = allocArray(outDtype, rows);
  const r = outDtype === 'float32' ? Math.fround : identity;
  const stats: [number, number] = [0, 0];
  for (let i = 0; i < rows; i++) {
    const base = i * n;
    sliceStats(x, base, n, 1, r, stats);
    const [shift, lse] = stats;
    out[i] = -r(r(x[base + labels[i]] - shift) - lse);
  }
  return new CpuData(out, outDtype);
};

/** dy · (x > 0 ? 1 : 0), multiplied as the composite does (NaN in dy stays NaN). */
const reluGrad: Kernel = ({ inputs: [DY, X], outDtype }) => {
  const dy = valuesOf(DY.dataId);
  const x = valuesOf(X.dataId);
  const out = allocArray(outDtype, DY.size);
  for (let i = 0; i < out.length; i++) out[i] = dy[i] * (x[i] > 0 ? 1 : 0);
  return new CpuData(out, outDtype);
};

/**
 * act(A·B + bias) for A [M,K], B [K,N], bias [N]: the CPU matmul, then one pass over its output
 * (the output array is the dtype's, so each store rounds like `add`'s and relu keeps NaN).
 */
const fusedMatmul: Kernel<FusedMatmulAttrs> = (args) => {
  const product = matmulKernels.matmul!({
    ...args,
    inputs: args.inputs.slice(0, 2),
    attrs: { transposeA: false, transposeB: false },
  }) as CpuData;
  const { hasBias, activation } = args.attrs;
  if (!hasBias && activation === 'linear') return product;
  const out = product.values;
  const bias = hasBias ? valuesOf(args.inputs[2].dataId) : null;
  const n = args.outShape[1];
  for (let i = 0; i < out.length; i += n) {
    for (let j = 0; j < n; j++) {
      if (bias) out[i + j] += bias[j];
      if (activation === 'relu') {
        const z = out[i + j];
        out[i + j] = z > 0 || Number.isNaN(z) ? z : 0;
      }
    }
  }
  return product;
};

/**
 * Typed-array kernels for the optional fused kernels — the optimizer updates `adamUpdate` and
 * `sgdUpdate`, `logSoftmax`, `softmaxCrossEntropy`, `reluGrad` and `fusedMatmul` — bit-identical to the composites they replace. Not part of the
 * CPU backend's own table (other backends need not implement them: the ops fall back to the
 * composites); a backend over typed arrays can add them, e.g. `new CpuBackend(fusedKernels)`.
 * @example
 * registerBackend('cpu-fused', () => new CpuBackend(fusedKernels));
 */
export const fusedKernels: Readonly<
  Record<
    'adamUpdate' | 'sgdUpdate' | 'logSoftmax' | 'softmaxCrossEntropy' | 'reluGrad' | 'fusedMatmul',
    Kernel
  >
> = {
  adamUpdate,
  sgdUpdate,
  logSoftmax,
  softmaxCrossEntropy,
  reluGrad,
  fusedMatmul,
};
