import type { Kernel, KernelArgs } from '@tsgrad/tensor';
import type { KernelHost } from '../backend.js';
import { coordLines, sizeOf, stridesOf } from '../codegen.js';

// The tensor package's optional fused kernels: the optimizer updates `sgdUpdate` and
// `adamUpdate` (ops/fused-update.ts), `logSoftmax` (ops/softmax.ts), `softmaxCrossEntropy`
// (ops/softmax-cross-entropy.ts) and `reluGrad` (ops/relu-grad.ts); `fusedMatmul` is with matmul (matmul.ts). Where a backend has
// them, the ops run one kernel instead of a chain of ~4 (SGD), ~11 (Adam) or ~10 (logSoftmax)
// elementwise and reduction kernels. Each element goes through the float32 operations of the
// composite, in its order. The updates stack their results along a new leading axis ([k, ...]),
// which the ops split with contiguous slices: views on this backend, so no copies either.

interface SgdAttrs {
  lr: number;
  momentum: number;
  dampening: number;
  nesterov: boolean;
}

interface AdamAttrs {
  beta1: number;
  beta2: number;
  stepSize: number;
  vScale: number;
  epsilon: number;
}

/**
 * Lines computing `shift` (the maximum, NaN winning, 0 when not finite) and `lse` of the slice
 * of input 0 of `n` elements starting at `base` with stride `inner`.
 */
function logSoftmaxStats(x: (k: number, i: string) => string, n: number, inner: number): string[] {
  return [
    `let m = ${x(0, 'base')};`,
    `for (let k = 1; k < ${n}; k++) {`,
    `  const v = ${x(0, `base + k * ${inner}`)};`,
    '  if (v > m || v != v) {',
    '    m = v;',
    '  }',
    '}',
    'const shift = Math.abs(m) <= 3.4028234663852886e38 ? m : 0;',
    'let s = 0;',
    `for (let k = 0; k < ${n}; k++) {`,
    `  s = s + gjExp(${x(0, `base + k * ${inner}`)} - shift);`,
    '}',
    'const lse = gjLog(s);',
  ];
}

/**
 * Lines setting `v` to 0 when it is subnormal, as the updates store their state (see
 * `flushSubnormal` in the tensor package's ops/fused-update.ts).
 */
function flushLines(v: string): string[] {
  return [`if (Math.abs(${v}) < 1.1754943508222875e-38) {`, `  ${v} = 0;`, '}'];
}

/** Above this many elements per slice, logSoftmax reduces each slice once in a first kernel. */
const LOG_SOFTMAX_INLINE_MAX = 64;

export function fusedKernels(host: KernelHost): Record<string, Kernel> {
  /** out = [p′] (no momentum) or [p′, b′] stacked; lr, momentum, 1 − dampening are uniforms. */
  const sgdUpdate: Kernel<SgdAttrs> = ({
    inputs,
    attrs,
    outShape,
    outDtype,
  }: KernelArgs<SgdAttrs>) => {
    const n = inputs[0].size;
    if (attrs.momentum === 0) {
      return host.run({
        op: 'sgdUpdate',
        inputs,
        params: [attrs.lr],
        outSize: n,
        outDtype,
        body: (x) => ['const o = this.thread.x;', `return ${x(0, 'o')} - ${x(1, 'o')} * p0;`],
      });
    }
    const damped = attrs.dampening !== 0;
    return host.run({
      op: `sgdUpdate-${damped ? 'damped' : 'plain'}-${attrs.nesterov ? 'nesterov' : 'heavyball'}`,
      inputs,
      params: [attrs.lr, attrs.momentum, 1 - attrs.dampening],
      outSize: sizeOf(outShape),
      outDtype,
      body: (x) => [
        'const o = this.thread.x;',
        `const which = o >= ${n} ? 1 : 0;`,
        `const i = o - which * ${n};`,
        `const gi = ${x(1, 'i')};`,
        `let bi = ${x(2, 'i')} * p1 + ${damped ? 'gi * p2' : 'gi'};`,
        ...flushLines('bi'),
        'if (which == 1) {',
        '  return bi;',
        '}',
        `const dir = ${attrs.nesterov ? 'gi + bi * p1' : 'bi'};`,
        `return ${x(0, 'i')} - dir * p0;`,
      ],
    });
  };

  /** out = [p′, m′, v′] stacked; every hyperparameter is a uniform (no recompiles per step). */
  const adamUpdate: Kernel<AdamAttrs> = ({
    inputs,
    attrs,
    outShape,
    outDtype,
  }: KernelArgs<AdamAttrs>) => {
    const n = inputs[0].size;
    return host.run({
      op: 'adamUpdate',
      inputs,
      params: [
        attrs.beta1,
        1 - attrs.beta1,
        attrs.beta2,
        1 - attrs.beta2,
        attrs.vScale,
        attrs.epsilon,
        attrs.stepSize,
      ],
      outSize: sizeOf(outShape),
      outDtype,
      body: (x) => [
        'const o = this.thread.x;',
        `const which = o >= ${2 * n} ? 2 : (o >= ${n} ? 1 : 0);`,
        `const i = o - which * ${n};`,
        `const gi = ${x(1, 'i')};`,
        `let mi = ${x(2, 'i')} * p0 + gi * p1;`,
        ...flushLines('mi'),
        'if (which == 1) {',
        '  return mi;',
        '}',
        `let vi = ${x(3, 'i')} * p2 + (gi * gi) * p3;`,
        ...flushLines('vi'),
        'if (which == 2) {',
        '  return vi;',
        '}',
        'const d = Math.sqrt(vi) * p4 + p5;',
        `return ${x(0, 'i')} - (mi / d) * p6;`,
      ],
    });
  };

  /**
   * log(softmax(x)) along one axis, as the composite computes it: per slice the shift m = max
   * (NaN wins; 0 when not finite), then (x − m) − log(Σ exp(x − m)).
   */
  const logSoftmax: Kernel<{ axis: number }> = ({ inputs, attrs, outShape, outDtype }) => {
    const X = inputs[0];
    const n = X.shape[attrs.axis];
    const inner = stridesOf(X.shape)[attrs.axis];
    const outer = n === 0 ? 0 : X.size / (n * inner);
    const stats = (x: (k: number, i: string) => string) => logSoftmaxStats(x, n, inner);
    const baseOf = (from: string) => [
      ...coordLines([outer, n, inner], from, 'c'),
      `const base = c0 * ${n * inner} + c2;`,
    ];
    if (n <= LOG_SOFTMAX_INLINE_MAX) {
      return host.run({
        op: 'logSoftmax',
        inputs,
        outSize: sizeOf(outShape),
        outDtype,
        body: (x) => [
          'const o = this.thread.x;',
          ...baseOf('o'),
          ...stats(x),
          `return (${x(0, 'o')} - shift) - lse;`,
        ],
      });
    }
    // Long slices: one kernel writes [shift, lse] per slice, a second applies them.
    const slices = outer * inner;
    const st = host.run({
      op: 'logSoftmax-stats',
      inputs,
      outSize: 2 * slices,
      outDtype,
      body: (x) => [
        'const t = this.thread.x;',
        'const q = Math.floor((t + 0.5) / 2);',
        'const which = t - q * 2;',
        `const c0 = Math.floor((q + 0.5) / ${inner});`,
        `const c2 = q - c0 * ${inner};`,
        `const base = c0 * ${n * inner} + c2;`,
        ...stats(x),
        'if (which == 0) {',
        '  return shift;',
        '}',
        'return lse;',
      ],
    });
    const out = host.run({
      op: 'logSoftmax-apply',
      inputs: [X, { dataId: st, shape: [slices, 2], dtype: outDtype, size: 2 * slices }],
      outSize: sizeOf(outShape),
      outDtype,
      body: (x) => [
        'const o = this.thread.x;',
        ...coordLines([outer, n, inner], 'o', 'c'),
        `const q = c0 * ${inner} + c2;`,
        `return (${x(0, 'o')} - ${x(1, 'q * 2')}) - ${x(1, 'q * 2 + 1')};`,
      ],
    });
    host.dispose(st);
    return out;
  };

  /**
   * −logSoftmax(x)[label] per row of [N, C] logits (int32 labels): one thread per row, the
   * row's statistics as in logSoftmax, then only the label's entry.
   */
  const softmaxCrossEntropy: Kernel = ({ inputs, outDtype }) => {
    const [rows, n] = inputs[0].shape;
    return host.run({
      op: 'softmaxCrossEntropy',
      inputs,
      outSize: rows,
      outDtype,
      body: (x) => [
        'const o = this.thread.x;',
        `const base = o * ${n};`,
        ...logSoftmaxStats(x, n, 1),
        `const label = ${x(1, 'o')};`,
        `return -((${x(0, 'base + label')} - shift) - lse);`,
      ],
    });
  };

  /** dy · (x > 0 ? 1 : 0): relu's backward in one launch (a real product: NaN in dy stays). */
  const reluGrad: Kernel = ({ inputs, outDtype }) =>
    host.run({
      op: 'reluGrad',
      inputs,
      outSize: inputs[0].size,
      outDtype,
      body: (x) => [
        'const o = this.thread.x;',
        `return ${x(0, 'o')} * (${x(1, 'o')} > 0 ? 1 : 0);`,
      ],
    });

  return { sgdUpdate, adamUpdate, logSoftmax, softmaxCrossEntropy, reluGrad };
}
