import type { DataId, Kernel, KernelArgs, TensorInfo } from '@tsgrad/tensor';
import type { KernelHost } from '../backend.js';
import { coordLines, sizeOf } from '../codegen.js';
import { isDeviceMode } from '../modes.js';
import { type ConvAttrs, type ConvGeometry, affine, convGeometry, tapLines } from './window.js';

// Direct convolutions in NHWC, one output element per GPU thread, every bound a literal:
//   conv2d               y[n,oh,ow,f]  = Σ_{kh,kw,c} x[n, oh·sh − pt + kh·dh, ow·sw − pl + kw·dw, c] · w[kh,kw,c,f]
//   conv2dBackpropInput  dx[n,ih,iw,c] = Σ_{kh,kw,f} dy[n,oh,ow,f] · w[kh,kw,c,f] over the (oh,ow) whose tap (kh,kw) lands on (ih,iw)
//   conv2dBackpropFilter dw[kh,kw,c,f] = Σ_{n,oh,ow} x[n,ih,iw,c] · dy[n,oh,ow,f]
// Taps that fall in the padding are skipped, never read. backpropInput is written gather-style
// (each input pixel finds the outputs that saw it), so no thread writes where another does.

/**
 * Above this many terms per output, GL modes split dw's reduction over (n, oh) rows into two
 * passes, so a filter with few taps still spreads over many GPU threads.
 */
const TWO_PASS_MIN = 4096;

/** Lines accumulating into `acc` the x·dy products of rows (n, oh) in [r0, r1) for tap (kh, kw, c, f). */
function filterRows(
  g: ConvGeometry,
  x: (k: number, i: string) => string,
  rowsLoop: string[],
  close: string[],
): string[] {
  return [
    ...rowsLoop,
    `  const n = Math.floor((j + 0.5) / ${g.OH});`,
    `  const oh = j - n * ${g.OH};`,
    `  const ih = ${affine('oh', g.sh, -g.padTop)} + ${affine('kh', g.dh, 0)};`,
    `  if (ih >= 0 && ih < ${g.H}) {`,
    `    for (let ow = 0; ow < ${g.OW}; ow++) {`,
    `      const iw = ${affine('ow', g.sw, -g.padLeft)} + ${affine('kw', g.dw, 0)};`,
    `      if (iw >= 0 && iw < ${g.W}) {`,
    `        acc = acc + ${x(0, `((n * ${g.H} + ih) * ${g.W} + iw) * ${g.C} + ci`)} * ${x(1, `(j * ${g.OW} + ow) * ${g.F} + f`)};`,
    '      }',
    '    }',
    '  }',
    ...close,
  ];
}

export function convKernels(host: KernelHost): Record<string, Kernel> {
  const conv2d: Kernel<ConvAttrs> = ({
    inputs,
    attrs,
    outShape,
    outDtype,
  }: KernelArgs<ConvAttrs>) => {
    const [X, Wt] = inputs;
    const g = convGeometry(X.shape, Wt.shape, attrs);
    return host.run({
      op: 'conv2d',
      inputs,
      outSize: sizeOf(outShape),
      outDtype,
      body: (x) => [
        'const o = this.thread.x;',
        ...coordLines([g.N, g.OH, g.OW, g.F], 'o', 'c'),
        'let acc = 0;',
        `for (let kh = 0; kh < ${g.KH}; kh++) {`,
        `  const ih = ${affine('c1', g.sh, -g.padTop)} + ${affine('kh', g.dh, 0)};`,
        `  if (ih >= 0 && ih < ${g.H}) {`,
        `    for (let kw = 0; kw < ${g.KW}; kw++) {`,
        `      const iw = ${affine('c2', g.sw, -g.padLeft)} + ${affine('kw', g.dw, 0)};`,
        `      if (iw >= 0 && iw < ${g.W}) {`,
        `        const xb = ((c0 * ${g.H} + ih) * ${g.W} + iw) * ${g.C};`,
        `        const wb = (kh * ${g.KW} + kw) * ${g.C * g.F} + c3;`,
        `        for (let ci = 0; ci < ${g.C}; ci++) {`,
        `          acc = acc + ${x(0, 'xb + ci')} * ${x(1, `wb + ci * ${g.F}`)};`,
        '        }',
        '      }',
        '    }',
        '  }',
        '}',
        'return acc;',
      ],
    });
  };

  const conv2dBackpropInput: Kernel<ConvAttrs & { inputShape: readonly number[] }> = ({
    inputs,
    attrs,
    outShape,
    outDtype,
  }) => {
    const [, Wt] = inputs;
    const g = convGeometry(attrs.inputShape, Wt.shape, attrs);
    return host.run({
      op: 'conv2dBackpropInput',
      inputs,
      outSize: sizeOf(outShape),
      outDtype,
      body: (x) => [
        'const o = this.thread.x;',
        ...coordLines([g.N, g.H, g.W, g.C], 'o', 'c'),
        'let acc = 0;',
        `for (let kh = 0; kh < ${g.KH}; kh++) {`,
        ...tapLines('oh', 'okh', 'c1', g.padTop, 'kh', g.dh, g.sh, g.OH).map((l) => `  ${l}`),
        '  if (okh == 1) {',
        `    for (let kw = 0; kw < ${g.KW}; kw++) {`,
        ...tapLines('ow', 'okw', 'c2', g.padLeft, 'kw', g.dw, g.sw, g.OW).map((l) => `      ${l}`),
        '      if (okw == 1) {',
        `        const yb = ((c0 * ${g.OH} + oh) * ${g.OW} + ow) * ${g.F};`,
        `        const wb = ((kh * ${g.KW} + kw) * ${g.C} + c3) * ${g.F};`,
        `        for (let f = 0; f < ${g.F}; f++) {`,
        `          acc = acc + ${x(0, 'yb + f')} * ${x(1, 'wb + f')};`,
        '        }',
        '      }',
        '    }',
        '  }',
        '}',
        'return acc;',
      ],
    });
  };

  const conv2dBackpropFilter: Kernel<ConvAttrs & { filterShape: readonly number[] }> = ({
    inputs,
    attrs,
    outShape,
    outDtype,
  }) => {
    const [X] = inputs;
    const g = convGeometry(X.shape, attrs.filterShape, attrs);
    const outSize = sizeOf(outShape);
    const rows = g.N * g.OH;
    const tapHead = (index: string) => [
      ...coordLines([g.KH, g.KW, g.C, g.F], index, 'c'),
      'const kh = c0;',
      'const kw = c1;',
      'const ci = c2;',
      'const f = c3;',
      'let acc = 0;',
    ];
    if (!(isDeviceMode(host.mode) && rows * g.OW >= TWO_PASS_MIN && rows > 1)) {
      return host.run({
        op: 'conv2dBackpropFilter',
        inputs,
        outSize,
        outDtype,
        body: (x) => [
          'const o = this.thread.x;',
          ...tapHead('o'),
          ...filterRows(g, x, [`for (let j = 0; j < ${rows}; j++) {`], ['}']),
          'return acc;',
        ],
      });
    }
    // Pass 1: [outSize, chunks] partial sums over blocks of CH rows; pass 2 adds the blocks.
    const CH = Math.ceil(Math.sqrt(rows));
    const chunks = Math.ceil(rows / CH);
    const partial: DataId = host.run({
      op: 'conv2dBackpropFilter-pass1',
      inputs,
      outSize: outSize * chunks,
      outDtype,
      body: (x) => [
        'const t = this.thread.x;',
        `const oo = Math.floor((t + 0.5) / ${chunks});`,
        `const chunk = t - oo * ${chunks};`,
        ...tapHead('oo'),
        ...filterRows(
          g,
          x,
          [
            `for (let jj = 0; jj < ${CH}; jj++) {`,
            `  const j = chunk * ${CH} + jj;`,
            `  if (j < ${rows}) {`,
          ],
          ['  }', '}'],
        ),
        'return acc;',
      ],
    });
    const mid: TensorInfo = {
      dataId: partial,
      shape: [outSize, chunks],
      dtype: outDtype,
      size: outSize * chunks,
    };
    const out = host.run({
      op: 'conv2dBackpropFilter-pass2',
      inputs: [mid],
      outSize,
      outDtype,
      body: (x) => [
        'const o = this.thread.x;',
        'let acc = 0;',
        `for (let r = 0; r < ${chunks}; r++) {`,
        `  acc = acc + ${x(0, `o * ${chunks} + r`)};`,
        '}',
        'return acc;',
      ],
    });
    host.dispose(partial);
    return out;
  };

  return { conv2d, conv2dBackpropInput, conv2dBackpropFilter };
}
