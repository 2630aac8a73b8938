import type {
  AdamUpdateAttrs,
  DataId,
  FusedMatmulAttrs,
  Kernel,
  KernelArgs,
  SgdUpdateAttrs,
} from '@tsgrad/tensor';
import type { HeapData } from './heap.js';
import { type ConvAttrs, type PoolAttrs, convGeometry, poolGeometry } from './conv-geometry.js';
import { planBinary, reduceSplit } from './layout.js';
import {
  BINARY_OPS,
  COMPARE_OPS,
  type KernelResult,
  UNARY_OPS,
  type WasmRuntime,
} from './runtime.js';

/** What the kernels need from the backend. */
export interface KernelHost {
  readonly runtime: WasmRuntime;
  /** Claims a kernel's result (a heap buffer or a JavaScript copy) as a buffer of this backend. */
  output(result: KernelResult, dtype?: 'float32' | 'bool'): DataId;
  /** Counts which path an op took. */
  count(op: string, path: 'wasm' | 'fallback'): void;
}

interface MatmulAttrs {
  transposeA: boolean;
  transposeB: boolean;
}

interface ReduceAttrs {
  axes: readonly number[];
}

const allFloat32 = ({ inputs, outDtype }: KernelArgs): boolean =>
  outDtype === 'float32' && inputs.every((t) => t.dtype === 'float32');

/**
 * The WebAssembly kernels, each falling back to the CPU kernel of the same id (from `cpu`, read
 * here, before the caller merges the result into that table) for dtypes other than float32 and
 * for layouts it does not cover.
 */
export function wasmKernels(
  host: KernelHost,
  cpu: Readonly<Record<string, Kernel | undefined>>,
): Record<string, Kernel> {
  const { runtime } = host;
  const withFallback = (
    id: string,
    fast: (args: KernelArgs) => KernelResult | undefined,
    slow: Kernel = cpu[id]!,
  ): Kernel => {
    return (args) => {
      let result: KernelResult | undefined;
      try {
        result = allFloat32(args) ? fast(args) : undefined;
      } finally {
        runtime.endCall();
      }
      host.count(id, result ? 'wasm' : 'fallback');
      return result ? host.output(result) : slow(args);
    };
  };
  const kernels: Record<string, Kernel> = {};
  kernels.matmul = withFallback(
    'matmul',
    ({ inputs: [A, B], attrs, outShape }: KernelArgs<MatmulAttrs>) => {
      const ra = A.shape.length;
      return runtime.matmul({
        a: A.dataId,
        b: B.dataId,
        batchA: A.shape.slice(0, -2),
        batchB: B.shape.slice(0, -2),
        batchOut: outShape.slice(0, -2),
        M: outShape[outShape.length - 2],
        N: outShape[outShape.length - 1],
        K: attrs.transposeA ? A.shape[ra - 2] : A.shape[ra - 1],
        transposeA: attrs.transposeA,
        transposeB: attrs.transposeB,
      });
    },
  );
  // The optional fused dense-layer forward: the GEMM, then bias and ReLU in place (rank 2).
  kernels.fusedMatmul = withFallback(
    'fusedMatmul',
    ({ inputs: [A, B, bias], attrs, outShape }: KernelArgs<FusedMatmulAttrs>) =>
      runtime.fusedMatmul(
        {
          a: A.dataId,
          b: B.dataId,
          batchA: [],
          batchB: [],
          batchOut: [],
          M: outShape[0],
          N: outShape[1],
          K: A.shape[1],
          transposeA: false,
          transposeB: false,
        },
        attrs.hasBias ? bias.dataId : undefined,
        attrs.activation === 'relu',
      ),
  );
  for (const op of Object.keys(BINARY_OPS) as (keyof typeof BINARY_OPS)[]) {
    kernels[op] = withFallback(op, ({ inputs: [A, B], outShape }) => {
      const plan = planBinary(A.shape, B.shape, outShape);
      if (!plan) return undefined;
      return runtime.binary(op, A.dataId, plan.a, B.dataId, plan.b, plan.outer, plan.inner);
    });
  }
  // Comparisons take float32 operands and make bool tensors.
  for (const op of Object.keys(COMPARE_OPS) as (keyof typeof COMPARE_OPS)[]) {
    const slow = cpu[op]!;
    kernels[op] = (args) => {
      const [A, B] = args.inputs;
      const plan =
        A.dtype === 'float32' && B.dtype === 'float32'
          ? planBinary(A.shape, B.shape, args.outShape)
          : undefined;
      host.count(op, plan ? 'wasm' : 'fallback');
      if (!plan) return slow(args);
      try {
        return host.output(
          runtime.compare(op, A.dataId, plan.a, B.dataId, plan.b, plan.outer, plan.inner),
          'bool',
        );
      } finally {
        runtime.endCall();
      }
    };
  }
  for (const op of Object.keys(UNARY_OPS) as (keyof typeof UNARY_OPS)[]) {
    kernels[op] = withFallback(op, ({ inputs: [X] }) => runtime.unary(op, X.dataId, X.size));
  }
  kernels.relu = withFallback('relu', ({ inputs: [X] }) => runtime.relu(X.dataId, X.size));
  kernels.reluGrad = withFallback('reluGrad', ({ inputs: [DY, X] }) =>
    runtime.reluGrad(DY.dataId, X.dataId, DY.size),
  );
  kernels.sum = withFallback('sum', ({ inputs: [X], attrs }: KernelArgs<ReduceAttrs>) => {
    const split = reduceSplit(X.shape, attrs.axes);
    return split && runtime.sum(X.dataId, ...split);
  });
  // Convolutions: im2col + the SIMD GEMM. Empty problems (no rows, filters or taps) give zeros.
  const size = (shape: readonly number[]) => shape.reduce((p, d) => p * d, 1);
  const zeros = (n: number) => new Float32Array(n);
  kernels.conv2d = withFallback(
    'conv2d',
    ({ inputs: [X, Wt], attrs, outShape }: KernelArgs<ConvAttrs>) => {
      if (size(outShape) === 0 || Wt.size === 0) return zeros(size(outShape));
      return runtime.conv2d(X.dataId, Wt.dataId, convGeometry(X.shape, Wt.shape, attrs), Wt.size);
    },
  );
  kernels.conv2dBackpropFilter = withFallback(
    'conv2dBackpropFilter',
    ({
      inputs: [X, DY],
      attrs,
      outShape,
    }: KernelArgs<ConvAttrs & { filterShape: readonly number[] }>) => {
      if (size(outShape) === 0 || DY.size === 0) return zeros(size(outShape));
      return runtime.conv2dBackpropFilter(
        X.dataId,
        DY.dataId,
        convGeometry(X.shape, attrs.filterShape, attrs),
        size(outShape),
      );
    },
  );
  kernels.conv2dBackpropInput = withFallback(
    'conv2dBackpropInput',
    ({
      inputs: [DY, Wt],
      attrs,
      outShape,
    }: KernelArgs<ConvAttrs & { inputShape: readonly number[] }>) => {
      if (size(outShape) === 0 || DY.size === 0 || Wt.size === 0) return zeros(size(outShape));
      return runtime.conv2dBackpropInput(
        DY.dataId,
        Wt.dataId,
        convGeometry(attrs.inputShape, Wt.shape, attrs),
        Wt.size,
      );
    },
  );
  kernels.maxPool2d = withFallback(
    'maxPool2d',
    ({ inputs: [X], attrs, outShape }: KernelArgs<PoolAttrs>) => {
      if (size(outShape) === 0) return zeros(0);
      return runtime.maxPool(X.dataId, poolGeometry(X.shape, attrs));
    },
  );
  kernels.maxPool2dGrad = withFallback(
    'maxPool2dGrad',
    ({ inputs: [X, DY], attrs }: KernelArgs<PoolAttrs>) => {
      if (DY.size === 0) return zeros(X.size);
      return runtime.maxPoolGrad(X.dataId, DY.dataId, poolGeometry(X.shape, attrs), X.size);
    },
  );
  // The optional fused optimizer updates: WebAssembly for float32, the TypeScript kernels of
  // @tsgrad/tensor (`fusedKernels`, bit-identical, in `cpu` here) for float64.
  kernels.adamUpdate = withFallback(
    'adamUpdate',
    ({ inputs: [P, G, M, V], attrs }: KernelArgs<AdamUpdateAttrs>) =>
      runtime.adam(P.dataId, G.dataId, M.dataId, V.dataId, P.size, attrs),
  );
  kernels.sgdUpdate = withFallback(
    'sgdUpdate',
    ({ inputs: [P, G, B], attrs }: KernelArgs<SgdUpdateAttrs>) =>
      runtime.sgd(P.dataId, G.dataId, B?.dataId, P.size, attrs),
  );
  // Casts to float32 (relu's gradient mask), broadcasts (reductions' gradients), one-hot labels.
  const castKinds: Record<string, 0 | 1 | 2 | undefined> = { bool: 0, int32: 1, float32: 2 };
  const slowCast = cpu.cast!;
  kernels.cast = (args) => {
    const [X] = args.inputs;
    const kind = args.outDtype === 'float32' ? castKinds[X.dtype] : undefined;
    host.count('cast', kind === undefined ? 'fallback' : 'wasm');
    if (kind === undefined) return slowCast(args);
    try {
      return host.output(runtime.castToF32(X.dataId, kind, X.size));
    } finally {
      runtime.endCall();
    }
  };
  kernels.broadcastTo = withFallback('broadcastTo', ({ inputs: [X], outShape }) => {
    const plan = planBinary(X.shape, outShape, outShape);
    return plan && runtime.broadcast(X.dataId, plan.a, plan.outer, plan.inner);
  });
  const slowOneHot = cpu.oneHot!;
  kernels.oneHot = (args: KernelArgs<{ depth: number; onValue: number; offValue: number }>) => {
    const [I] = args.inputs;
    const fast = I.dtype === 'int32' && args.outDtype === 'float32';
    host.count('oneHot', fast ? 'wasm' : 'fallback');
    if (!fast) return slowOneHot(args);
    const { depth, onValue, offValue } = args.attrs;
    try {
      return host.output(runtime.oneHot(I.dataId, I.size, depth, onValue, offValue));
    } finally {
      runtime.endCall();
    }
  };
  // The optional fused logSoftmax over the last axis; other axes use the TypeScript kernel.
  kernels.logSoftmax = withFallback(
    'logSoftmax',
    ({ inputs: [X], attrs }: KernelArgs<{ axis: number }>) => {
      if (attrs.axis !== X.shape.length - 1) return undefined;
      const n = X.shape[attrs.axis];
      return runtime.logSoftmax(X.dataId, n === 0 ? 0 : X.size / n, n);
    },
  );
  // The optional fused softmax cross-entropy: float32 logits [N, C], int32 labels.
  const slowCrossEntropy = cpu.softmaxCrossEntropy!;
  kernels.softmaxCrossEntropy = (args) => {
    const [X, L] = args.inputs;
    const fast = X.dtype === 'float32' && L.dtype === 'int32' && args.outDtype === 'float32';
    host.count('softmaxCrossEntropy', fast ? 'wasm' : 'fallback');
    if (!fast) return slowCrossEntropy(args);
    try {
      return host.output(runtime.softmaxCrossEntropy(X.dataId, L.dataId, X.shape[0], X.shape[1]));
    } finally {
      runtime.endCall();
    }
  };
  // A slice that is one contiguous run of a heap buffer is a view of it: no copy (how the fused
  // updates' stacked outputs are split).
  const slowSlice = cpu.slice!;
  kernels.slice = (args: KernelArgs<{ begin: readonly number[] }>) => {
    const [X] = args.inputs;
    const length = size(args.outShape);
    const offset = runtime.owns(X.dataId)
      ? contiguousOffset(X.shape, args.attrs.begin, args.outShape)
      : -1;
    host.count('slice', offset >= 0 ? 'wasm' : 'fallback');
    if (offset < 0 || length === 0) return slowSlice(args);
    return host.output(runtime.view(X.dataId as HeapData, offset, length));
  };
  return kernels;
}

/**
 * The flat offset of a slice that is one contiguous run of its input (leading axes of extent
 * 1, then any range of one axis, then whole trailing axes), or -1.
 * @example contiguousOffset([3, 4], [1, 0], [1, 4]); // 4
 */
export function contiguousOffset(
  shape: readonly number[],
  begin: readonly number[],
  size: readonly number[],
): number {
  let k = shape.length - 1;
  while (k >= 0 && begin[k] === 0 && size[k] === shape[k]) k--;
  // Axis k may be partial; every axis before it must have extent 1.
  for (let i = 0; i < k; i++) if (size[i] !== 1) return -1;
  let offset = 0;
  let stride = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    offset += begin[i] * stride;
    stride *= shape[i];
  }
  return offset;
}
