import { type Tensor, ValueError, abs, add, mul, square, sum, zeros } from '@tsgrad/tensor';

/**
 * A weight penalty added to the loss: `l1·Σ|w| + l2·Σw²`. Layers take one per weight
 * (`kernelRegularizer`, `biasRegularizer`, ...); `layer.regularizationLoss()` and
 * `regularizationLosses(model)` collect the penalties as differentiable scalars.
 */
export interface Regularizer {
  readonly className: string;
  /** The penalty of one weight, a scalar of its dtype. */
  apply(weight: Tensor): Tensor;
  getConfig(): Record<string, unknown>;
}

/** A regularizer, its name (`'l2'`, default factor 0.01), or its serialized form. */
export type RegularizerIdentifier =
  | Regularizer
  | string
  | { className: string; config?: Record<string, unknown> };

function factor(op: string, name: string, value: number): number {
  if (!(value >= 0) || !Number.isFinite(value))
    throw new ValueError(op, `${name} must be a finite number >= 0, got ${value}`);
  return value;
}

/**
 * `l1·Σ|w| + l2·Σw²` (both default 0).
 * @throws {ValueError} for a negative or non-finite factor.
 * @example l1l2({ l1: 1e-5, l2: 1e-4 });
 */
export function l1l2(options: { l1?: number; l2?: number } = {}): Regularizer {
  const a = factor('l1l2', 'l1', options.l1 ?? 0);
  const b = factor('l1l2', 'l2', options.l2 ?? 0);
  return {
    className: 'L1L2',
    apply(w) {
      let penalty: Tensor | null = null;
      if (a > 0) penalty = mul(sum(abs(w)), a);
      if (b > 0) {
        const p2 = mul(sum(square(w)), b);
        penalty = penalty ? add(penalty, p2) : p2;
      }
      return penalty ?? zeros([], w.dtype);
    },
    getConfig: () => ({ l1: a, l2: b }),
  };
}

/** `l1·Σ|w|` (default 0.01, as in Keras). @example dense({ units: 8, kernelRegularizer: l1(1e-4) }); */
export function l1(l1 = 0.01): Regularizer {
  return l1l2({ l1: factor('l1', 'l1', l1) });
}

/** `l2·Σw²` (default 0.01, as in Keras; note: no ½). @example dense({ units: 8, kernelRegularizer: l2(1e-4) }); */
export function l2(l2 = 0.01): Regularizer {
  return l1l2({ l2: factor('l2', 'l2', l2) });
}

/**
 * A regularizer from a name (`'l1'`, `'l2'`, `'l1l2'`, with Keras' default factors), a serialized
 * `{ className: 'L1L2', config: { l1, l2 } }`, or itself.
 * @throws {ValueError} for an unknown name.
 * @example getRegularizer({ className: 'L1L2', config: { l2: 0.001 } });
 */
export function getRegularizer(id: RegularizerIdentifier): Regularizer {
  if (typeof id === 'object' && id !== null && typeof (id as Regularizer).apply === 'function')
    return id as Regularizer;
  const name = typeof id === 'string' ? id : id?.className;
  const key = typeof name === 'string' ? name.replace(/[_\-\s]/g, '').toLowerCase() : '';
  const config =
    (typeof id === 'object' && id !== null
      ? (id as { config?: Record<string, unknown> }).config
      : undefined) ?? {};
  if (key === 'l1') return l1((config.l1 as number) ?? 0.01);
  if (key === 'l2') return l2((config.l2 as number) ?? 0.01);
  if (key === 'l1l2') return typeof id === 'string' ? l1l2({ l1: 0.01, l2: 0.01 }) : l1l2(config);
  throw new ValueError(
    'getRegularizer',
    `unknown regularizer ${JSON.stringify(name ?? id)}; known regularizers: l1, l2, l1l2 (className 'L1L2')`,
  );
}

/**
 * `{ className: 'L1L2', config: { l1, l2 } }` for a config file; `getRegularizer` reads it back.
 * @example serializeRegularizer(l2(0.01)); // { className: 'L1L2', config: { l1: 0, l2: 0.01 } }
 */
export function serializeRegularizer(r: Regularizer): {
  className: string;
  config: Record<string, unknown>;
} {
  return { className: r.className, config: r.getConfig() };
}
