const counters = new Map<string, number>();

/**
 * A readable unique name for a new layer, Keras style: the first `dense`, then `dense_1`,
 * `dense_2`, ... (one counter per prefix).
 * @example uniqueLayerName('dense'); // 'dense', then 'dense_1'
 */
export function uniqueLayerName(prefix: string): string {
  const n = counters.get(prefix) ?? 0;
  counters.set(prefix, n + 1);
  return n === 0 ? prefix : `${prefix}_${n}`;
}

/**
 * Restarts the default layer names (`dense`, `dense_1`, ...) from the beginning. For tests and
 * for notebooks that rebuild a model and want the same weight names.
 * @example resetLayerNames(); dense({ units: 1 }).name; // 'dense'
 */
export function resetLayerNames(): void {
  counters.clear();
}

/** `BatchNormalization` → `batch_normalization`, `Conv2D` → `conv2d`, `SimpleRNN` → `simple_rnn`. */
export function snakeCase(className: string): string {
  return className
    .replace(/([a-z])([A-Z])/g, '$1_$2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1_$2')
    .toLowerCase();
}
