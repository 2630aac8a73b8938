import type { Kernel, KernelArgs } from '@tsgrad/tensor';
import type { KernelHost } from '../backend.js';
import { coordLines, sizeOf } from '../codegen.js';
import { type PoolAttrs, type PoolGeometry, affine, poolGeometry, tapLines } from './window.js';

// Pooling in NHWC, one output element per thread; padded cells are never visited. The two
// gradients are written gather-style: each input cell loops over the (few) windows that contain
// it, so no two threads write the same place and no scatter is needed.

/**
 * Lines that find the first maximum of the window of output pixel (n, oh, ow), channel c (names
 * given as source), like the CPU backend: the first cell in row-major window order wins ties, a
 * NaN wins over numbers. Leaves the value in `${p}best` and its input row / column in `${p}bh`,
 * `${p}bw`.
 */
function argmaxLines(
  g: PoolGeometry,
  x: (index: string) => string,
  n: string,
  oh: string,
  ow: string,
  c: string,
  p: string,
): string[] {
  return [
    `const ${p}hs = ${affine(oh, g.sh, -g.padTop)};`,
    `const ${p}ws = ${affine(ow, g.sw, -g.padLeft)};`,
    `let ${p}best = 0;`,
    `let ${p}bh = -1;`,
    `let ${p}bw = -1;`,
    `for (let ${p}i = 0; ${p}i < ${g.PH}; ${p}i++) {`,
    `  const ${p}h = ${p}hs + ${p}i;`,
    `  if (${p}h >= 0 && ${p}h < ${g.H}) {`,
    `    for (let ${p}j = 0; ${p}j < ${g.PW}; ${p}j++) {`,
    `      const ${p}w = ${p}ws + ${p}j;`,
    `      if (${p}w >= 0 && ${p}w < ${g.W}) {`,
    `        const ${p}v = ${x(`((${n} * ${g.H} + ${p}h) * ${g.W} + ${p}w) * ${g.C} + ${c}`)};`,
    `        if (${p}bh < 0 || ${p}v > ${p}best || (${p}v != ${p}v && ${p}best == ${p}best)) {`,
    `          ${p}best = ${p}v;`,
    `          ${p}bh = ${p}h;`,
    `          ${p}bw = ${p}w;`,
    '        }',
    '      }',
    '    }',
    '  }',
    '}',
  ];
}

/** The number of real (unpadded) cells of the window of output row `oh`, column `ow`. */
function countExpr(g: PoolGeometry, oh: string, ow: string): string[] {
  return [
    `const hs = ${affine(oh, g.sh, -g.padTop)};`,
    `const ws = ${affine(ow, g.sw, -g.padLeft)};`,
    `const cnt = (Math.min(hs + ${g.PH}, ${g.H}) - Math.max(hs, 0)) * (Math.min(ws + ${g.PW}, ${g.W}) - Math.max(ws, 0));`,
  ];
}

/**
 * Lines looping over the windows (oh, ow) that contain input cell (c1, c2): `inner` runs for each
 * with `oh`, `ow` set.
 */
function windowsOf(g: PoolGeometry, inner: string[]): string[] {
  return [
    `for (let ph = 0; ph < ${g.PH}; ph++) {`,
    ...tapLines('oh', 'okh', 'c1', g.padTop, 'ph', 1, g.sh, g.OH).map((l) => `  ${l}`),
    '  if (okh == 1) {',
    `    for (let pw = 0; pw < ${g.PW}; pw++) {`,
    ...tapLines('ow', 'okw', 'c2', g.padLeft, 'pw', 1, g.sw, g.OW).map((l) => `      ${l}`),
    '      if (okw == 1) {',
    ...inner.map((l) => `        ${l}`),
    '      }',
    '    }',
    '  }',
    '}',
  ];
}

export function poolKernels(host: KernelHost): Record<string, Kernel> {
  const maxPool2d: Kernel<PoolAttrs> = ({
    inputs,
    attrs,
    outShape,
    outDtype,
  }: KernelArgs<PoolAttrs>) => {
    const g = poolGeometry(inputs[0].shape, attrs);
    return host.run({
      op: 'maxPool2d',
      inputs,
      outSize: sizeOf(outShape),
      outDtype,
      body: (x) => [
        'const o = this.thread.x;',
        ...coordLines([g.N, g.OH, g.OW, g.C], 'o', 'c'),
        ...argmaxLines(g, (i) => x(0, i), 'c0', 'c1', 'c2', 'c3', 'm'),
        'return mbest;',
      ],
    });
  };

  /** dx[n,ih,iw,c] = Σ dy over the windows whose first maximum is (ih, iw). */
  const maxPool2dGrad: Kernel<PoolAttrs> = ({ inputs, attrs, outShape, outDtype }) => {
    const g = poolGeometry(inputs[0].shape, attrs);
    return host.run({
      op: 'maxPool2dGrad',
      inputs,
      outSize: sizeOf(outShape),
      outDtype,
      body: (x) => [
        'const o = this.thread.x;',
        ...coordLines([g.N, g.H, g.W, g.C], 'o', 'c'),
        'let acc = 0;',
        ...windowsOf(g, [
          ...argmaxLines(g, (i) => x(0, i), 'c0', 'oh', 'ow', 'c3', 'm'),
          'if (mbh == c1 && mbw == c2) {',
          `  acc = acc + ${x(1, `((c0 * ${g.OH} + oh) * ${g.OW} + ow) * ${g.C} + c3`)};`,
          '}',
        ]),
        'return acc;',
      ],
    });
  };

  /** out[n,oh,ow,c] = g at the window's first maximum of x: the transpose of maxPool2dGrad. */
  const maxPool2dGradGrad: Kernel<PoolAttrs> = ({ inputs, attrs, outShape, outDtype }) => {
    const g = poolGeometry(inputs[0].shape, attrs);
    return host.run({
      op: 'maxPool2dGradGrad',
      inputs,
      outSize: sizeOf(outShape),
      outDtype,
      body: (x) => [
        'const o = this.thread.x;',
        ...coordLines([g.N, g.OH, g.OW, g.C], 'o', 'c'),
        ...argmaxLines(g, (i) => x(0, i), 'c0', 'c1', 'c2', 'c3', 'm'),
        `return ${x(1, `((c0 * ${g.H} + mbh) * ${g.W} + mbw) * ${g.C} + c3`)};`,
      ],
    });
  };

  /** The mean of each window's real cells (TensorFlow's 'same' average). */
  const avgPool2d: Kernel<PoolAttrs> = ({ inputs, attrs, outShape, outDtype }) => {
    const g = poolGeometry(inputs[0].shape, attrs);
    return host.run({
      op: 'avgPool2d',
      inputs,
      outSize: sizeOf(outShape),
      outDtype,
      body: (x) => [
        'const o = this.thread.x;',
        ...coordLines([g.N, g.OH, g.OW, g.C], 'o', 'c'),
        ...countExpr(g, 'c1', 'c2'),
        'let acc = 0;',
        `for (let i = 0; i < ${g.PH}; i++) {`,
        '  const h = hs + i;',
        `  if (h >= 0 && h < ${g.H}) {`,
        `    for (let j = 0; j < ${g.PW}; j++) {`,
        '      const w = ws + j;',
        `      if (w >= 0 && w < ${g.W}) {`,
        `        acc = acc + ${x(0, `((c0 * ${g.H} + h) * ${g.W} + w) * ${g.C} + c3`)};`,
        '      }',
        '    }',
        '  }',
        '}',
        'return acc / cnt;',
      ],
    });
  };

  /** dx[n,ih,iw,c] = Σ dy / (real cells of the window) over the windows containing (ih, iw). */
  const avgPool2dGrad: Kernel<PoolAttrs & { inputShape: readonly number[] }> = ({
    inputs,
    attrs,
    outShape,
    outDtype,
  }) => {
    const g = poolGeometry(attrs.inputShape, attrs);
    return host.run({
      op: 'avgPool2dGrad',
      inputs,
      outSize: sizeOf(outShape),
      outDtype,
      body: (x) => [
        'const o = this.thread.x;',
        ...coordLines([g.N, g.H, g.W, g.C], 'o', 'c'),
        'let acc = 0;',
        ...windowsOf(g, [
          ...countExpr(g, 'oh', 'ow'),
          `acc = acc + ${x(0, `((c0 * ${g.OH} + oh) * ${g.OW} + ow) * ${g.C} + c3`)} / cnt;`,
        ]),
        'return acc;',
      ],
    });
  };

  return { maxPool2d, maxPool2dGrad, maxPool2dGradGrad, avgPool2d, avgPool2dGrad };
}
