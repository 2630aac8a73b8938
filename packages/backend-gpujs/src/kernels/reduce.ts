import type { DataId, Kernel, KernelArgs, TensorInfo } from '@tsgrad/tensor';
import type { KernelHost } from '../backend.js';
import { coordLines, indexExpr, sizeOf, stridesOf } from '../codegen.js';
import { isDeviceMode } from '../modes.js';

interface ReduceAttrs {
  axes: readonly number[];
}

interface Reducer {
  /** The value of an empty reduction. */
  init: string;
  /**
   * Start from the first element instead of `init`: gpu.js writes an `Infinity` literal as
   * FLT_MAX in GLSL, so a max over -Infinity values would otherwise give -FLT_MAX.
   */
  fromFirst: boolean;
  /** Updates `acc` with `v`. max/min let NaN win, like the CPU backend. */
  step: string;
}

const REDUCERS: Record<string, Reducer> = {
  sum: { init: '0', fromFirst: false, step: 'acc = acc + v;' },
  prod: { init: '1', fromFirst: false, step: 'acc = acc * v;' },
  max: { init: '-Infinity', fromFirst: true, step: 'if (v > acc || v != v) { acc = v; }' },
  min: { init: 'Infinity', fromFirst: true, step: 'if (v < acc || v != v) { acc = v; }' },
};

/**
 * Above this many elements per output, device modes (GL, webgpu) reduce in two passes (√R-sized chunks, then the
 * chunks), so one output does not serialise the whole reduction on one GPU thread.
 */
const TWO_PASS_MIN = 4096;

/** A view of a tensor for reducing: its shape and strides, split into kept and reduced axes. */
function split(shape: readonly number[], axes: readonly number[]) {
  const st = stridesOf(shape);
  const kept = shape.map((_, i) => i).filter((i) => !axes.includes(i));
  const red = [...axes].sort((a, b) => a - b);
  const contiguous = red.every((a, i) => i === 0 || a === red[i - 1] + 1);
  return {
    keptShape: kept.map((i) => shape[i]),
    keptStrides: kept.map((i) => st[i]),
    redShape: red.map((i) => shape[i]),
    redStrides: red.map((i) => st[i]),
    // A contiguous run of reduced axes is one stride apart in memory: index = base + r·step.
    step: contiguous && red.length > 0 ? st[red[red.length - 1]] : null,
  };
}

function reduceKernel(host: KernelHost, op: string): Kernel<ReduceAttrs> {
  const { init, fromFirst, step } = REDUCERS[op];
  return ({ inputs, attrs, outDtype }: KernelArgs<ReduceAttrs>) => {
    const X = inputs[0];
    const v = split(X.shape, attrs.axes);
    const outSize = sizeOf(v.keptShape);
    const R = sizeOf(v.redShape);
    // The offset of reduced position `r` from `base` (coordinates named with prefix `p`).
    const redIndex = (r: string, p = 'q') =>
      v.step !== null ? (v.step === 1 ? r : `${r} * ${v.step}`) : indexExpr(v.redStrides, p);
    const redLines = (r: string, p = 'q') => (v.step !== null ? [] : coordLines(v.redShape, r, p));
    // `let acc = <the element at reduced position r>;` (prefix z, so the loop's q names stay free).
    const accFrom = (x: (k: number, i: string) => string, r: string) => [
      ...redLines(r, 'z'),
      `let acc = ${x(0, `base + ${redIndex(r, 'z')}`)};`,
    ];
    const head = [
      'const o = this.thread.x;',
      ...coordLines(v.keptShape, 'o', 'c'),
      `const base = ${indexExpr(v.keptStrides, 'c')};`,
    ];
    if (!(isDeviceMode(host.mode) && R >= TWO_PASS_MIN)) {
      const first = fromFirst && R > 0;
      return host.run({
        op,
        inputs: [X],
        outSize,
        outDtype,
        body: (x) => [
          ...head,
          ...(first ? accFrom(x, '0') : [`let acc = ${init};`]),
          `for (let r = ${first ? 1 : 0}; r < ${R}; r++) {`,
          ...redLines('r'),
          `  const v = ${x(0, `base + ${redIndex('r')}`)};`,
          `  ${step}`,
          '}',
          'return acc;',
        ],
      });
    }
    // Pass 1: output [outSize, chunks], each reducing C consecutive reduced positions.
    const C = Math.ceil(Math.sqrt(R));
    const chunks = Math.ceil(R / C);
    const partial: DataId = host.run({
      op: `${op}-pass1`,
      inputs: [X],
      outSize: outSize * chunks,
      outDtype,
      body: (x) => [
        'const t = this.thread.x;',
        `const oo = Math.floor((t + 0.5) / ${chunks});`,
        `const chunk = t - oo * ${chunks};`,
        ...coordLines(v.keptShape, 'oo', 'c'),
        `const base = ${indexExpr(v.keptStrides, 'c')};`,
        // Every chunk holds at least one element: start from it when the reducer wants to.
        ...(fromFirst ? [`const r0 = chunk * ${C};`, ...accFrom(x, 'r0')] : [`let acc = ${init};`]),
        `for (let j = ${fromFirst ? 1 : 0}; j < ${C}; j++) {`,
        `  const r = chunk * ${C} + j;`,
        `  if (r < ${R}) {`,
        ...redLines('r'),
        `    const v = ${x(0, `base + ${redIndex('r')}`)};`,
        `    ${step}`,
        '  }',
        '}',
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
      op: `${op}-pass2`,
      inputs: [mid],
      outSize,
      outDtype,
      body: (x) => [
        'const o = this.thread.x;',
        `let acc = ${fromFirst ? x(0, `o * ${chunks}`) : init};`,
        `for (let r = ${fromFirst ? 1 : 0}; r < ${chunks}; r++) {`,
        `  const v = ${x(0, `o * ${chunks} + r`)};`,
        `  ${step}`,
        '}',
        'return acc;',
      ],
    });
    host.dispose(partial);
    return out;
  };
}

/** argmax / argmin over one axis: the first extreme wins; NaN wins over numbers (like NumPy). */
function argKernel(host: KernelHost, op: string, better: '>' | '<'): Kernel<ReduceAttrs> {
  return ({ inputs, attrs }: KernelArgs<ReduceAttrs>) => {
    const X = inputs[0];
    const a = attrs.axes[0];
    const red = X.shape[a];
    const inner = sizeOf(X.shape.slice(a + 1));
    const outSize = sizeOf(X.shape) / red;
    return host.run({
      op,
      inputs: [X],
      outSize,
      outDtype: 'int32',
      body: (x) => [
        'const o = this.thread.x;',
        `const c0 = Math.floor((o + 0.5) / ${inner});`,
        `const c1 = o - c0 * ${inner};`,
        `const base = c0 * ${red * inner} + c1;`,
        `let best = ${x(0, 'base')};`,
        'let bi = 0;',
        'let done = 0;',
        'if (best != best) { done = 1; }',
        `for (let r = 1; r < ${red}; r++) {`,
        '  if (done == 0) {',
        `    const v = ${x(0, `base + r * ${inner}`)};`,
        '    if (v != v) {',
        '      bi = r;',
        '      done = 1;',
        `    } else if (v ${better} best) {`,
        '      best = v;',
        '      bi = r;',
        '    }',
        '  }',
        '}',
        'return bi;',
      ],
    });
  };
}

export function reduceKernels(host: KernelHost): Record<string, Kernel> {
  return {
    sum: reduceKernel(host, 'sum'),
    prod: reduceKernel(host, 'prod'),
    max: reduceKernel(host, 'max'),
    min: reduceKernel(host, 'min'),
    argmax: argKernel(host, 'argmax', '>'),
    argmin: argKernel(host, 'argmin', '<'),
  };
}
