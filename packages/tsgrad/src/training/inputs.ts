import {
  type Tensor,
  Tensor as TensorClass,
  type TensorInput,
  ValueError,
  formatShape,
  tensor,
} from '@tsgrad/tensor';

/** Tensors or plain (nested) arrays, as `fit`, `evaluate` and `predict` accept. */
export type ArrayInput = Tensor | TensorInput;

/** Turns an input into a tensor; integer-looking label arrays become int32. */
export function toTensorInput(op: string, name: string, v: ArrayInput, labels = false): Tensor {
  if (v instanceof TensorClass) return v;
  if (v === null || v === undefined) throw new ValueError(op, `${name} is missing`);
  if (
    labels &&
    Array.isArray(v) &&
    v.length > 0 &&
    typeof v[0] === 'number' &&
    (v as number[]).every(Number.isInteger)
  ) {
    return tensor(v as number[], undefined, 'int32');
  }
  return tensor(v);
}

/** Checks that x and y describe the same, non-empty set of samples. */
export function checkSamples(op: string, x: Tensor, y?: Tensor): number {
  if (x.rank === 0) throw new ValueError(op, `x must have a leading sample axis, got a scalar`);
  const n = x.shape[0];
  if (n === 0)
    throw new ValueError(
      op,
      `x is empty (shape ${formatShape(x.shape)}); there is nothing to train on`,
    );
  if (y && (y.rank === 0 || y.shape[0] !== n)) {
    throw new ValueError(
      op,
      `x has ${n} samples (shape ${formatShape(x.shape)}) but y has ${y.rank === 0 ? 'none' : y.shape[0]} (shape ${formatShape(y.shape)})`,
    );
  }
  for (const [label, t] of [
    ['x', x],
    ['y', y],
  ] as const) {
    if (t && (t.dtype === 'float32' || t.dtype === 'float64')) {
      const d = t.dataSync();
      for (let i = 0; i < d.length; i++) {
        if (!Number.isFinite(d[i])) {
          throw new ValueError(
            op,
            `${label} contains ${d[i]} at flat index ${i}; clean or impute the data before training`,
          );
        }
      }
    }
  }
  return n;
}
