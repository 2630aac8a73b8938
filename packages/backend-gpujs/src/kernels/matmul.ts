import type { FusedMatmulAttrs, Kernel, KernelArgs } from '@tsgrad/tensor';
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

  /**
   * The optional `fusedMatmul`: act(A·B + bias) for A [M,K], B [K,N], bias [N], one launch
   * where matmul, add and relu take three (and two intermediate textures). The sum runs in the
   * same order as matmul's, then the bias is added once, as `add` would.
   */
  const fusedMatmul: Kernel<FusedMatmulAttrs> = ({
    inputs,
    attrs,
    outShape,
    outDtype,
  }: KernelArgs<FusedMatmulAttrs>) => {
    const [M, N] = outShape;
    const K = inputs[0].shape[1];
    const relu = attrs.activation === 'relu';
    return host.run({
      op: `fusedMatmul-${attrs.hasBias ? 'bias' : 'nobias'}-${attrs.activation}`,
      inputs,
      outSize: M * N,
      outDtype,
      body: (x) => [
        'const o = this.thread.x;',
        ...coordLines([M, N], 'o', 'c'),
        'let acc = 0;',
        `for (let k = 0; k < ${K}; k++) {`,
        `  acc = acc + ${x(0, `c0 * ${K} + k`)} * ${x(1, `k * ${N} + c1`)};`,
        '}',
        ...(attrs.hasBias ? [`acc = acc + ${x(2, 'c1')};`] : []),
        // relu as in math.ts: NaN (a != a) passes through.
        relu ? 'return acc > 0 || acc != acc ? acc : 0;' : 'return acc;',
      ],
    });
  };
  return { matmul, fusedMatmul };
}
