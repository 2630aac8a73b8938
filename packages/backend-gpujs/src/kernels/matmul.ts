import type { Kernel, KernelArgs } from '@tsgrad/tensor';
import type { KernelHost } from '../backend.js';
import { broadcastStrides, coordLines, indexExpr, sizeOf } from '../codegen.js';

interface MatmulAttrs {
  transposeA: boolean;
  transposeB: boolean;
}

/**
 * Batched C = op(A)·op(B) with broadcast batch axes. One output element per thread; the k-loop
 * bound is a literal. Transposes are only different strides, so no copies are made.
 */
export function matmulKernels(host: KernelHost): Record<string, Kernel> {
  const matmul: Kernel<MatmulAttrs> = ({
    inputs,
    attrs,
    outShape,
    outDtype,
  }: KernelArgs<MatmulAttrs>) => {
    const [A, B] = inputs;
    const ra = A.shape.length;
    const rb = B.shape.length;
    const r = outShape.length;
    const M = outShape[r - 2];
    const N = outShape[r - 1];
    const K = attrs.transposeA ? A.shape[ra - 2] : A.shape[ra - 1];
    const batch = outShape.slice(0, -2);
    // Strides of op(A)'s (i, k) and op(B)'s (k, j) inside one matrix.
    const aRows = A.shape[ra - 2];
    const aCols = A.shape[ra - 1];
    const bCols = B.shape[rb - 1];
    const [sAi, sAk] = attrs.transposeA ? [1, aCols] : [aCols, 1];
    const [sBk, sBj] = attrs.transposeB ? [1, bCols] : [bCols, 1];
    const aMat = aRows * aCols;
    const bMat = B.shape[rb - 2] * bCols;
    const aBatch = broadcastStrides(A.shape.slice(0, -2), batch).map((s) => s * aMat);
    const bBatch = broadcastStrides(B.shape.slice(0, -2), batch).map((s) => s * bMat);
    return host.run({
      op: 'matmul',
      inputs,
      outSize: sizeOf(outShape),
      outDtype,
      body: (x) => [
        'const o = this.thread.x;',
        ...coordLines([...batch, M, N], 'o', 'c'),
        `const ai = ${indexExpr([...aBatch, sAi, 0], 'c')};`,
        `const bj = ${indexExpr([...bBatch, 0, sBj], 'c')};`,
        'let acc = 0;',
        `for (let k = 0; k < ${K}; k++) {`,
        `  acc = acc + ${x(0, `ai + k * ${sAk}`)} * ${x(1, `bj + k * ${sBk}`)};`,
        '}',
        'return acc;',
      ],
    });
  };
  return { matmul };
}
