import type { DataId, Kernel, KernelArgs, TensorInfo, TypedArray } from '@tsgrad/tensor';
import { type ConvAttrs, type PoolAttrs, convGeometry, poolGeometry } from './conv-geometry.js';
import { planBinary, reduceSplit } from './layout.js';
import { BINARY_OPS, COMPARE_OPS, UNARY_OPS, type WasmRuntime } from './runtime.js';

/** What the kernels need from the backend. */
export interface KernelHost {
  readonly runtime: WasmRuntime;
  /** Wraps a new float32 result as a buffer of this backend. */
  output(values: Float32Array | Uint8Array, dtype?: 'float32' | 'bool'): DataId;
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

const valuesOf = (t: TensorInfo): TypedArray =>
  (t.dataId as unknown as { values: TypedArray }).values;
const allFloat32 = ({ inputs, outDtype }: KernelArgs): boolean =>
  outDtype === 'float32' && inputs.every((t) => t.dtype === 'float32');

/**
 * The WebAssembly kernels, each falling back to the CPU kernel of the same id (from `cpu`) for
 * dtypes other than float32 and for layouts it does not cover.
 */
export function wasmKernels(
  host: KernelHost,
  cpu: Readonly<Record<string, Kernel | undefined>>,
): Record<string, Kernel> {
  const { runtime } = host;
  const f32 = (t: TensorInfo) => valuesOf(t) as Float32Array;
  const withFallback = (
    id: string,
    fast: (args: KernelArgs) => Float32Array | undefined,
  ): Kernel => {
    const slow = cpu[id]!;
    return (args) => {
      const values = allFloat32(args) ? fast(args) : undefined;
      host.count(id, values ? 'wasm' : 'fallback');
      return values ? host.output(values) : slow(args);
    };
  };
  const kernels: Record<string, Kernel> = {};
  kernels.matmul = withFallback(
    'matmul',
    ({ inputs: [A, B], attrs, outShape }: KernelArgs<MatmulAttrs>) => {
      const ra = A.shape.length;
      return runtime.matmul({
        a: valuesOf(A) as Float32Array,
        b: valuesOf(B) as Float32Array,
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
  for (const op of Object.keys(BINARY_OPS) as (keyof typeof BINARY_OPS)[]) {
    kernels[op] = withFallback(op, ({ inputs: [A, B], outShape }) => {
      const plan = planBinary(A.shape, B.shape, outShape);
      if (!plan) return undefined;
      return runtime.binary(
        op,
        valuesOf(A) as Float32Array,
        plan.a,
        valuesOf(B) as Float32Array,
        plan.b,
        plan.outer,
        plan.inner,
      );
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
      return host.output(
        runtime.compare(op, f32(A), plan.a, f32(B), plan.b, plan.outer, plan.inner),
        'bool',
      );
    };
  }
  for (const op of Object.keys(UNARY_OPS) as (keyof typeof UNARY_OPS)[]) {
    kernels[op] = withFallback(op, ({ inputs: [X] }) => runtime.unary(op, f32(X)));
  }
  kernels.relu = withFallback('relu', ({ inputs: [X] }) =>
    runtime.relu(valuesOf(X) as Float32Array),
  );
  kernels.sum = withFallback('sum', ({ inputs: [X], attrs }: KernelArgs<ReduceAttrs>) => {
    const split = reduceSplit(X.shape, attrs.axes);
    return split && runtime.sum(valuesOf(X) as Float32Array, ...split);
  });
  // Convolutions: im2col + the SIMD GEMM. Empty problems (no rows, filters or taps) give zeros.
  const size = (shape: readonly number[]) => shape.reduce((p, d) => p * d, 1);
  kernels.conv2d = withFallback(
    'conv2d',
    ({ inputs: [X, Wt], attrs, outShape }: KernelArgs<ConvAttrs>) => {
      if (size(outShape) === 0 || Wt.size === 0) return new Float32Array(size(outShape));
      return runtime.conv2d(f32(X), f32(Wt), convGeometry(X.shape, Wt.shape, attrs));
    },
  );
  kernels.conv2dBackpropFilter = withFallback(
    'conv2dBackpropFilter',
    ({
      inputs: [X, DY],
      attrs,
      outShape,
    }: KernelArgs<ConvAttrs & { filterShape: readonly number[] }>) => {
      if (size(outShape) === 0 || DY.size === 0) return new Float32Array(size(outShape));
      return runtime.conv2dBackpropFilter(
        f32(X),
        f32(DY),
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
      if (size(outShape) === 0 || DY.size === 0 || Wt.size === 0)
        return new Float32Array(size(outShape));
      return runtime.conv2dBackpropInput(
        f32(DY),
        f32(Wt),
        convGeometry(attrs.inputShape, Wt.shape, attrs),
      );
    },
  );
  kernels.maxPool2d = withFallback(
    'maxPool2d',
    ({ inputs: [X], attrs, outShape }: KernelArgs<PoolAttrs>) => {
      if (size(outShape) === 0) return new Float32Array(0);
      return runtime.maxPool(f32(X), poolGeometry(X.shape, attrs));
    },
  );
  kernels.maxPool2dGrad = withFallback(
    'maxPool2dGrad',
    ({ inputs: [X, DY], attrs }: KernelArgs<PoolAttrs>) => {
      if (DY.size === 0) return new Float32Array(X.size);
      return runtime.maxPoolGrad(f32(X), f32(DY), poolGeometry(X.shape, attrs));
    },
  );
  return kernels;
}
