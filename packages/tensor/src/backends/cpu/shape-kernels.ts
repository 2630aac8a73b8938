import type { Kernel, KernelArgs } from '../../backend.js';
import { allocArray } from '../../dtype.js';
import { sizeOf, stridesOf } from '../../shape.js';
import { copyStrided } from './strided.js';
import { CpuData, valuesOf } from './storage.js';

const transpose: Kernel<{ perm: readonly number[] }> = ({ inputs, attrs, outShape, outDtype }) => {
  const X = inputs[0];
  const st = stridesOf(X.shape);
  const out = allocArray(outDtype, sizeOf(outShape));
  copyStrided(
    outShape,
    valuesOf(X.dataId),
    0,
    attrs.perm.map((p) => st[p]),
    out,
    0,
    stridesOf(outShape),
  );
  return new CpuData(out, outDtype);
};

const slice: Kernel<{ begin: readonly number[]; size: readonly number[] }> = ({
  inputs,
  attrs,
  outShape,
  outDtype,
}) => {
  const X = inputs[0];
  const st = stridesOf(X.shape);
  const off = attrs.begin.reduce((acc, b, i) => acc + b * st[i], 0);
  const out = allocArray(outDtype, sizeOf(outShape));
  copyStrided(outShape, valuesOf(X.dataId), off, st, out, 0, stridesOf(outShape));
  return new CpuData(out, outDtype);
};

const pad: Kernel<{ paddings: readonly (readonly [number, number])[]; value: number }> = ({
  inputs,
  attrs,
  outShape,
  outDtype,
}) => {
  const X = inputs[0];
  const out = allocArray(outDtype, sizeOf(outShape));
  if (attrs.value !== 0) out.fill(attrs.value);
  const ost = stridesOf(outShape);
  const off = attrs.paddings.reduce((acc, [lo], i) => acc + lo * ost[i], 0);
  copyStrided(X.shape, valuesOf(X.dataId), 0, stridesOf(X.shape), out, off, ost);
  return new CpuData(out, outDtype);
};

const concat: Kernel<{ axis: number }> = ({
  inputs,
  attrs,
  outShape,
  outDtype,
}: KernelArgs<{ axis: number }>) => {
  const out = allocArray(outDtype, sizeOf(outShape));
  const ost = stridesOf(outShape);
  let offset = 0;
  for (const X of inputs) {
    copyStrided(
      X.shape,
      valuesOf(X.dataId),
      0,
      stridesOf(X.shape),
      out,
      offset * ost[attrs.axis],
      ost,
    );
    offset += X.shape[attrs.axis];
  }
  return new CpuData(out, outDtype);
};

const broadcastTo: Kernel = ({ inputs, outShape, outDtype }) => {
  const X = inputs[0];
  const rank = outShape.length;
  const st = stridesOf(X.shape);
  const srcStrides = outShape.map((_, i) => {
    const j = i - (rank - X.shape.length);
    return j < 0 || X.shape[j] === 1 ? 0 : st[j];
  });
  const out = allocArray(outDtype, sizeOf(outShape));
  copyStrided(outShape, valuesOf(X.dataId), 0, srcStrides, out, 0, stridesOf(outShape));
  return new CpuData(out, outDtype);
};

/** out[..., i, ...] = x[..., indices[i], ...] along `axis`; indices are flattened. */
const gather: Kernel<{ axis: number }> = ({ inputs, attrs, outShape, outDtype }) => {
  const [X, I] = inputs;
  const x = valuesOf(X.dataId);
  const idx = valuesOf(I.dataId);
  const axis = attrs.axis;
  const outer = sizeOf(X.shape.slice(0, axis));
  const inner = sizeOf(X.shape.slice(axis + 1));
  const n = X.shape[axis];
  const out = allocArray(outDtype, sizeOf(outShape));
  const m = idx.length;
  for (let o = 0; o < outer; o++) {
    for (let i = 0; i < m; i++) {
      const src = (o * n + idx[i]) * inner;
      const dst = (o * m + i) * inner;
      // Rows of images (gathering a shuffled batch) are long: one block copy each.
      if (inner >= 64) out.set(x.subarray(src, src + inner), dst);
      else for (let j = 0; j < inner; j++) out[dst + j] = x[src + j];
    }
  }
  return new CpuData(out, outDtype);
};

/** out = x; out[..., indices[i], ...] += updates[..., i, ...] along `axis`. */
const scatterAdd: Kernel<{ axis: number }> = ({ inputs, attrs, outDtype }) => {
  const [X, I, U] = inputs;
  const out = allocArray(outDtype, X.size);
  out.set(valuesOf(X.dataId));
  const idx = valuesOf(I.dataId);
  const u = valuesOf(U.dataId);
  const axis = attrs.axis;
  const outer = sizeOf(X.shape.slice(0, axis));
  const inner = sizeOf(X.shape.slice(axis + 1));
  const n = X.shape[axis];
  const m = idx.length;
  for (let o = 0; o < outer; o++) {
    for (let i = 0; i < m; i++) {
      const dst = (o * n + idx[i]) * inner;
      const src = (o * m + i) * inner;
      for (let j = 0; j < inner; j++) out[dst + j] += u[src + j];
    }
  }
  return new CpuData(out, outDtype);
};

const oneHot: Kernel<{ depth: number; onValue: number; offValue: number }> = ({
  inputs,
  attrs,
  outShape,
  outDtype,
}) => {
  const idx = valuesOf(inputs[0].dataId);
  const out = allocArray(outDtype, sizeOf(outShape));
  if (attrs.offValue !== 0) out.fill(attrs.offValue);
  for (let i = 0; i < idx.length; i++) {
    const k = idx[i];
    if (k >= 0 && k < attrs.depth) out[i * attrs.depth + k] = attrs.onValue;
  }
  return new CpuData(out, outDtype);
};

export const shapeKernels: Record<string, Kernel> = {
  transpose,
  slice,
  pad,
  concat,
  broadcastTo,
  gather,
  scatterAdd,
  oneHot,
};
