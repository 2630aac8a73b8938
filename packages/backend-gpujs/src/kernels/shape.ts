import type { DataId, Kernel, KernelArgs, TensorInfo, TypedArray } from '@tsgrad/tensor';
import type { KernelHost } from '../backend.js';
import { broadcastStrides, coordLines, indexExpr, sizeOf, stridesOf } from '../codegen.js';
import { isDeviceMode } from '../modes.js';

/** Copies along arbitrary strides: transpose, slice and broadcastTo are all this. */
function strided(
  host: KernelHost,
  op: string,
  X: TensorInfo,
  outShape: readonly number[],
  strides: readonly number[],
  offset: number,
  outDtype: KernelArgs['outDtype'],
): DataId {
  return host.run({
    op,
    inputs: [X],
    outSize: sizeOf(outShape),
    outDtype,
    body: (x) => [
      'const o = this.thread.x;',
      ...coordLines(outShape, 'o', 'c'),
      `return ${x(0, indexExpr(strides, 'c', offset))};`,
    ],
  });
}

/**
 * True when a slice of `shape` with sizes `out` covers one contiguous run of memory: after the
 * first axis where it takes more than one index, it takes every index of each later axis.
 */
export function isContiguousBlock(shape: readonly number[], out: readonly number[]): boolean {
  let d = 0;
  while (d < out.length && out[d] === 1) d++;
  for (let e = d + 1; e < out.length; e++) if (out[e] !== shape[e]) return false;
  return true;
}

/** Inputs a single kernel reads at most (WebGL guarantees 8 texture units; keep some spare). */
const MAX_CONCAT_INPUTS = 6;

export function shapeKernels(host: KernelHost): Record<string, Kernel> {
  const transpose: Kernel<{ perm: readonly number[] }> = ({
    inputs: [X],
    attrs,
    outShape,
    outDtype,
  }) => {
    const st = stridesOf(X.shape);
    return strided(
      host,
      'transpose',
      X,
      outShape,
      attrs.perm.map((p) => st[p]),
      0,
      outDtype,
    );
  };

  const slice: Kernel<{ begin: readonly number[]; size: readonly number[] }> = ({
    inputs: [X],
    attrs,
    outShape,
    outDtype,
  }) => {
    const st = stridesOf(X.shape);
    const off = attrs.begin.reduce((acc, b, i) => acc + b * st[i], 0);
    // A slice that is one contiguous block (leading axes of size 1, then one partial axis, then
    // whole axes) is a view: no kernel, no copy.
    if (isContiguousBlock(X.shape, outShape)) return host.view(X, off, sizeOf(outShape));
    return strided(host, 'slice', X, outShape, st, off, outDtype);
  };

  const broadcastTo: Kernel = ({ inputs: [X], outShape, outDtype }) =>
    strided(host, 'broadcastTo', X, outShape, broadcastStrides(X.shape, outShape), 0, outDtype);

  const pad: Kernel<{ paddings: readonly (readonly [number, number])[]; value: number }> = ({
    inputs: [X],
    attrs,
    outShape,
    outDtype,
  }) => {
    const st = stridesOf(X.shape);
    const conds: string[] = [];
    const terms: string[] = [];
    attrs.paddings.forEach(([lo], d) => {
      const hi = lo + X.shape[d];
      if (lo > 0) conds.push(`c${d} >= ${lo}`);
      if (hi < outShape[d]) conds.push(`c${d} < ${hi}`);
      if (st[d] !== 0 && X.shape[d] > 1)
        terms.push(lo > 0 ? `(c${d} - ${lo}) * ${st[d]}` : `c${d} * ${st[d]}`);
    });
    const index = terms.length > 0 ? terms.join(' + ') : '0';
    return host.run({
      op: 'pad',
      inputs: [X],
      params: [attrs.value],
      outSize: sizeOf(outShape),
      outDtype,
      body: (x) => [
        'const o = this.thread.x;',
        ...coordLines(outShape, 'o', 'c'),
        `if (${conds.length > 0 ? conds.join(' && ') : 'o >= 0'}) {`,
        `  return ${X.size === 0 ? 'p0' : x(0, index)};`,
        '}',
        'return p0;',
      ],
    });
  };

  const concatSome = (
    xs: readonly TensorInfo[],
    axis: number,
    outShape: readonly number[],
    outDtype: KernelArgs['outDtype'],
  ): DataId => {
    const lines = ['const o = this.thread.x;', ...coordLines(outShape, 'o', 'c')];
    return host.run({
      op: 'concat',
      inputs: xs,
      outSize: sizeOf(outShape),
      outDtype,
      body: (x) => {
        let start = 0;
        const out = [...lines];
        xs.forEach((t, k) => {
          const st = stridesOf(t.shape);
          const names = t.shape.map((_, d) => (d === axis ? `(c${d} - ${start})` : `c${d}`));
          const read = x(k, indexExpr(st, 'c', 0, names));
          start += t.shape[axis];
          out.push(
            k === xs.length - 1
              ? `return ${read};`
              : `if (c${axis} < ${start}) {\n    return ${read};\n  }`,
          );
        });
        return out;
      },
    });
  };

  const concat: Kernel<{ axis: number }> = ({ inputs, attrs, outShape, outDtype }) => {
    const axis = attrs.axis;
    let parts = inputs.filter((t) => t.size > 0);
    if (parts.length === 0)
      return host.run({ op: 'concat', inputs: [], outSize: 0, outDtype, body: () => [] });
    // Joined in groups so no kernel reads more textures than WebGL guarantees.
    const made: DataId[] = [];
    while (parts.length > MAX_CONCAT_INPUTS) {
      const group = parts.slice(0, MAX_CONCAT_INPUTS);
      const shape = group[0].shape.slice();
      shape[axis] = group.reduce((p, t) => p + t.shape[axis], 0);
      const id = concatSome(group, axis, shape, outDtype);
      made.push(id);
      parts = [
        { dataId: id, shape, dtype: outDtype, size: sizeOf(shape) },
        ...parts.slice(MAX_CONCAT_INPUTS),
      ];
    }
    const out =
      parts.length === 1
        ? strided(host, 'copy', parts[0], outShape, stridesOf(outShape), 0, outDtype)
        : concatSome(parts, axis, outShape, outDtype);
    for (const id of made) host.dispose(id);
    return out;
  };

  /** out[..., i, ...] = x[..., indices[i], ...]; an index outside the axis gives 0. */
  const gather: Kernel<{ axis: number }> = ({ inputs, attrs, outShape, outDtype }) => {
    const [X, I] = inputs;
    const axis = attrs.axis;
    const outer = sizeOf(X.shape.slice(0, axis));
    const inner = sizeOf(X.shape.slice(axis + 1));
    const n = X.shape[axis];
    const m = I.size;
    // Integer data (labels, indices) known on the host is gathered there, so the result is known
    // on the host too: the engine's range check of a later oneHot / gather reads it then
    // without a device readback (it reads indices synchronously).
    const xHost = X.dtype === 'float32' ? null : host.hostValues(X);
    const iHost = xHost ? host.hostValues(I) : null;
    if (xHost && iHost) {
      const out =
        outDtype === 'int32' ? new Int32Array(sizeOf(outShape)) : new Uint8Array(sizeOf(outShape));
      for (let o = 0; o < outer; o++)
        for (let i = 0; i < m; i++) {
          const t = iHost[i];
          if (t < 0 || t >= n) continue;
          out.set(
            xHost.subarray((o * n + t) * inner, (o * n + t + 1) * inner),
            (o * m + i) * inner,
          );
        }
      return host.fromHost(out, outDtype);
    }
    return host.run({
      op: 'gather',
      inputs,
      outSize: sizeOf(outShape),
      outDtype,
      body: (x) => [
        'const o = this.thread.x;',
        ...coordLines([outer, m, inner], 'o', 'c'),
        `const t = ${x(1, 'c1')};`,
        `if (t >= 0 && t < ${n}) {`,
        `  return ${x(0, `(c0 * ${n} + t) * ${inner} + c2`)};`,
        '}',
        'return 0;',
      ],
    });
  };

  /**
   * out = x plus, at each index, the updates that point there. On GL this is written gather-style
   * (each output scans the m indices); in cpu/webasm modes, where that scan would run serially,
   * the direct loop runs on the host arrays instead (they are the device memory there).
   */
  const scatterAdd: Kernel<{ axis: number }> = ({ inputs, attrs, outDtype }) => {
    const [X, I, U] = inputs;
    const axis = attrs.axis;
    const outer = sizeOf(X.shape.slice(0, axis));
    const inner = sizeOf(X.shape.slice(axis + 1));
    const n = X.shape[axis];
    const m = I.size;
    if (!isDeviceMode(host.mode)) {
      const out = Float32Array.from(host.values(X) as TypedArray);
      const idx = host.values(I);
      const u = host.values(U);
      for (let o = 0; o < outer; o++) {
        for (let i = 0; i < m; i++) {
          const k = idx[i];
          if (k < 0 || k >= n) continue;
          const dst = (o * n + k) * inner;
          const src = (o * m + i) * inner;
          for (let j = 0; j < inner; j++) out[dst + j] += u[src + j];
        }
      }
      return host.fromHost(outDtype === 'float32' ? out : Int32Array.from(out), outDtype);
    }
    return host.run({
      op: 'scatterAdd',
      inputs,
      outSize: X.size,
      outDtype,
      body: (x) => [
        'const o = this.thread.x;',
        ...coordLines([outer, n, inner], 'o', 'c'),
        'let acc = 0;',
        `for (let i = 0; i < ${m}; i++) {`,
        `  if (${x(1, 'i')} == c1) {`,
        `    acc = acc + ${x(2, `(c0 * ${m} + i) * ${inner} + c2`)};`,
        '  }',
        '}',
        `return ${x(0, 'o')} + acc;`,
      ],
    });
  };

  const oneHot: Kernel<{ depth: number; onValue: number; offValue: number }> = ({
    inputs,
    attrs,
    outShape,
    outDtype,
  }) =>
    host.run({
      op: 'oneHot',
      inputs,
      params: [attrs.onValue, attrs.offValue],
      outSize: sizeOf(outShape),
      outDtype,
      body: (x) => [
        'const o = this.thread.x;',
        ...coordLines([inputs[0].size, attrs.depth], 'o', 'c'),
        `if (${x(0, 'c0')} == c1) {`,
        '  return p0;',
        '}',
        'return p1;',
      ],
    });

  return { transpose, slice, pad, concat, broadcastTo, gather, scatterAdd, oneHot };
}
