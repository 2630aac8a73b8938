// log(softmax(x)) over the last axis (the optional kernel `logSoftmax` of @tsgrad/tensor), one
// pass per row where the composite of public ops runs ~10 kernels. Same arithmetic as that
// composite and the TypeScript kernel: shift by the row maximum (0 when it is not finite, NaN
// winning), exp of each shifted float32 value rounded to float32, summed in float64, the sum
// rounded to float32, its log rounded to float32, subtracted in float32.

/** The row's shift: its maximum (NaN winning), or 0 when that is not finite. */
function rowShift(row: usize, n: i32): f32 {
  let m = <f32>Number.NEGATIVE_INFINITY;
  for (let k = 0; k < n; k++) {
    const v = load<f32>(row + ((<usize>k) << 2));
    if (!(v <= m)) m = v;
  }
  return isFinite<f32>(m) ? m : 0;
}

/** log Σ exp(x − shift) over the row, each exp rounded to f32, summed in f64. */
function rowLse(row: usize, n: i32, shift: f32): f32 {
  let s: f64 = 0;
  for (let k = 0; k < n; k++) {
    const z = load<f32>(row + ((<usize>k) << 2)) - shift;
    s += <f64>(<f32>Math.exp(<f64>z));
  }
  return <f32>Math.log(<f64>(<f32>s));
}

export function logSoftmax(x: usize, out: usize, rows: i32, n: i32): void {
  const bytes = (<usize>n) << 2;
  for (let r = 0; r < rows; r++) {
    const row = x + <usize>r * bytes;
    const orow = out + <usize>r * bytes;
    const shift = rowShift(row, n);
    const lse = rowLse(row, n, shift);
    for (let k = 0; k < n; k++) {
      const at = (<usize>k) << 2;
      store<f32>(orow + at, load<f32>(row + at) - shift - lse);
    }
  }
}

/**
 * −logSoftmax(x)[label] per row of [rows, n] logits with int32 labels (the optional kernel
 * `softmaxCrossEntropy`): the row's shift and log-sum-exp exactly as `logSoftmax` computes
 * them, then only the label's entry, negated. Labels are checked by the host.
 */
export function softmaxCrossEntropy(x: usize, labels: usize, out: usize, rows: i32, n: i32): void {
  const bytes = (<usize>n) << 2;
  for (let r = 0; r < rows; r++) {
    const row = x + <usize>r * bytes;
    const shift = rowShift(row, n);
    const lse = rowLse(row, n, shift);
    const label = load<i32>(labels + ((<usize>r) << 2));
    store<f32>(out + ((<usize>r) << 2), -(load<f32>(row + ((<usize>label) << 2)) - shift - lse));
  }
}
