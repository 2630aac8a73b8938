import type { Kernel, KernelArgs, TensorInfo } from '@tsgrad/tensor';
import type { KernelHost } from '../backend.js';
import { broadcastStrides, coordLines, indexExpr, sizeOf } from '../codegen.js';
import { BINARY, UNARY } from '../math.js';

function sameShape(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i]);
}

/**
 * Reads of broadcast inputs at output position `o`: the flat index itself when an input has the
 * output's shape, 0 for one element, otherwise coordinates times the input's aligned strides.
 */
export function broadcastReads(
  inputs: readonly TensorInfo[],
  outShape: readonly number[],
): { lines: string[]; index: string[] } {
  let needCoords = false;
  const index = inputs.map((t) => {
    if (t.size === 1) return '0';
    if (sameShape(t.shape, outShape) || t.size === sizeOf(outShape)) return 'o';
    needCoords = true;
    return indexExpr(broadcastStrides(t.shape, outShape), 'c');
  });
  return { lines: needCoords ? coordLines(outShape, 'o', 'c') : [], index };
}

function unary(host: KernelHost, op: string, expr: string, params: readonly string[]): Kernel {
  return ({ inputs, attrs, outShape, outDtype }: KernelArgs) =>
    host.run({
      op,
      inputs,
      params: params.map((p) => Number(attrs[p])),
      outSize: sizeOf(outShape),
      outDtype,
      body: (x) => ['const o = this.thread.x;', `const a = ${x(0, 'o')};`, `return ${expr};`],
    });
}

function binary(host: KernelHost, op: string, expr: string): Kernel {
  return ({ inputs, outShape, outDtype }: KernelArgs) => {
    const { lines, index } = broadcastReads(inputs, outShape);
    return host.run({
      op,
      inputs,
      outSize: sizeOf(outShape),
      outDtype,
      body: (x) => [
        'const o = this.thread.x;',
        ...lines,
        `const a = ${x(0, index[0])};`,
        `const b = ${x(1, index[1])};`,
        `return ${expr};`,
      ],
    });
  };
}

export function elementwiseKernels(host: KernelHost): Record<string, Kernel> {
  const out: Record<string, Kernel> = {};
  for (const [op, { expr, params }] of Object.entries(UNARY))
    out[op] = unary(host, op, expr, params ?? []);
  for (const [op, expr] of Object.entries(BINARY)) out[op] = binary(host, op, expr);
  out.where = ({ inputs, outShape, outDtype }) => {
    const { lines, index } = broadcastReads(inputs, outShape);
    return host.run({
      op: 'where',
      inputs,
      outSize: sizeOf(outShape),
      outDtype,
      body: (x) => [
        'const o = this.thread.x;',
        ...lines,
        `const c = ${x(0, index[0])};`,
        `return gjTruthy(c) > 0 ? ${x(1, index[1])} : ${x(2, index[2])};`,
      ],
    });
  };
  out.cast = ({ inputs, outShape, outDtype }) => {
    // int32 truncates toward zero; bool is "non-zero"; float copies.
    const expr =
      outDtype === 'bool'
        ? 'gjTruthy(a)'
        : outDtype === 'int32'
          ? '(a < 0 ? Math.ceil(a) : Math.floor(a))'
          : 'a';
    return host.run({
      op: `cast-${outDtype}`,
      inputs,
      outSize: sizeOf(outShape),
      outDtype,
      body: (x) => ['const o = this.thread.x;', `const a = ${x(0, 'o')};`, `return ${expr};`],
    });
  };
  return out;
}
