import type { Kernel, KernelArgs } from '../../backend.js';
import { allocArray } from '../../dtype.js';
import { forEachBroadcast } from './broadcast.js';
import { CpuData, valuesOf } from './storage.js';

interface ReduceAttrs {
  axes: readonly number[];
}

/** outer × reduced × inner, when the reduced axes are one contiguous run. */
function contiguousSplit(
  shape: readonly number[],
  axes: readonly number[],
): [number, number, number] | null {
  for (let i = 1; i < axes.length; i++) if (axes[i] !== axes[i - 1] + 1) return null;
  let outer = 1;
  let red = 1;
  let inner = 1;
  for (let i = 0; i < shape.length; i++) {
    if (i < axes[0]) outer *= shape[i];
    else if (i <= axes[axes.length - 1]) red *= shape[i];
    else inner *= shape[i];
  }
  return [outer, red, inner];
}

function keptShape(shape: readonly number[], axes: readonly number[]): number[] {
  return shape.map((d, i) => (axes.includes(i) ? 1 : d));
}

function reduceKernel(init: number, step: (acc: number, x: number) => number): Kernel<ReduceAttrs> {
  return ({ inputs, attrs, outDtype }: KernelArgs<ReduceAttrs>) => {
    const X = inputs[0];
    const x = valuesOf(X.dataId);
    const axes = attrs.axes;
    const outSize = X.shape.reduce((p, d, i) => (axes.includes(i) ? p : p * d), 1);
    const acc = new Float64Array(outSize).fill(init);
    const split = axes.length === 0 ? null : contiguousSplit(X.shape, axes);
    if (axes.length === 0) {
      for (let i = 0; i < x.length; i++) acc[i] = step(init, x[i]);
    } else if (split) {
      const [outer, red, inner] = split;
      for (let o = 0; o < outer; o++) {
        const base = o * red * inner;
        const ob = o * inner;
        for (let r = 0; r < red; r++) {
          const row = base + r * inner;
          for (let j = 0; j < inner; j++) acc[ob + j] = step(acc[ob + j], x[row + j]);
        }
      }
    } else {
      forEachBroadcast(X.shape, [X.shape, keptShape(X.shape, axes)], (_o, ix, io) => {
        acc[io] = step(acc[io], x[ix]);
      });
    }
    const out = allocArray(outDtype, outSize);
    out.set(acc);
    return new CpuData(out, outDtype);
  };
}

function argKernel(better: (x: number, best: number) => boolean): Kernel<ReduceAttrs> {
  return ({ inputs, attrs }: KernelArgs<ReduceAttrs>) => {
    const X = inputs[0];
    const x = valuesOf(X.dataId);
    const [outer, red, inner] = contiguousSplit(X.shape, attrs.axes)!;
    const out = new Int32Array(outer * inner);
    for (let o = 0; o < outer; o++) {
      for (let j = 0; j < inner; j++) {
        const base = o * red * inner + j;
        let best = x[base];
        let bi = 0;
        // First occurrence wins ties; NaN wins over numbers (like NumPy).
        if (!Number.isNaN(best)) {
          for (let r = 1; r < red; r++) {
            const v = x[base + r * inner];
            if (Number.isNaN(v)) {
              bi = r;
              break;
            }
            if (better(v, best)) {
              best = v;
              bi = r;
            }
          }
        }
        out[o * inner + j] = bi;
      }
    }
    return new CpuData(out, 'int32');
  };
}

/** max/min propagate NaN, like NumPy. */
const nanMax = (a: number, x: number) => (x > a || Number.isNaN(x) ? x : a);
const nanMin = (a: number, x: number) => (x < a || Number.isNaN(x) ? x : a);

export const reduceKernels: Record<string, Kernel> = {
  sum: reduceKernel(0, (a, x) => a + x),
  prod: reduceKernel(1, (a, x) => a * x),
  max: reduceKernel(-Infinity, nanMax),
  min: reduceKernel(Infinity, nanMin),
  argmax: argKernel((v, b) => v > b),
  argmin: argKernel((v, b) => v < b),
};
