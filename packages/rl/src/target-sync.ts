import { type Tensor, add, dispose, formatShape, mul, scope, setGradEnabled } from '@tsgrad/tensor';
import { RlError, checkInteger, checkRange } from './errors.js';

/**
 * A network whose weights can be read and written by position — every `@tsgrad/layers`
 * `Layer`, `Sequential` and `Module` (Keras' `getWeights()` / `setWeights()`).
 */
export interface WeightsByPosition {
  getWeights(): Tensor[];
  setWeights(values: readonly Tensor[]): void;
}

/**
 * A network with a state dict (name → tensor), as `@tsgrad/layers` layers and PyTorch modules
 * have. The target's own names are kept; weights are paired by position, so the two networks
 * may name their layers differently (`dense` and `dense_3`). As with `setWeights`,
 * `loadStateDict` must copy the values, not keep the tensors.
 */
export interface WeightsByStateDict {
  stateDict(): ReadonlyMap<string, Tensor>;
  loadStateDict(dict: ReadonlyMap<string, Tensor>): unknown;
}

/** Anything whose weights {@link hardUpdate} and {@link softUpdate} can copy. */
export type Network = WeightsByPosition | WeightsByStateDict;

function hasPositions(net: Network): net is WeightsByPosition {
  return (
    typeof (net as WeightsByPosition).getWeights === 'function' &&
    typeof (net as WeightsByPosition).setWeights === 'function'
  );
}

function readWeights(op: string, role: string, net: Network): Tensor[] {
  if (hasPositions(net)) return net.getWeights();
  if (typeof (net as WeightsByStateDict).stateDict === 'function')
    return [...(net as WeightsByStateDict).stateDict().values()];
  throw new RlError(
    op,
    `${role} has neither getWeights()/setWeights() nor stateDict()/loadStateDict()`,
  );
}

function writeWeights(op: string, net: Network, values: Tensor[]): void {
  if (hasPositions(net)) {
    net.setWeights(values);
    return;
  }
  const sd = net as WeightsByStateDict;
  if (typeof sd.loadStateDict !== 'function')
    throw new RlError(op, 'target has stateDict() but no loadStateDict()');
  const names = [...sd.stateDict().keys()];
  sd.loadStateDict(new Map(names.map((n, i) => [n, values[i]])));
}

/** Both weight lists, checked to pair up one to one with equal shapes. */
function pairUp(op: string, target: Network, source: Network): [Tensor[], Tensor[]] {
  const t = readWeights(op, 'target', target);
  const s = readWeights(op, 'source', source);
  if (t.length !== s.length)
    throw new RlError(
      op,
      `target has ${t.length} weights but source has ${s.length}; the networks must have the same architecture (build both by calling them once)`,
    );
  for (let i = 0; i < t.length; i++) {
    if (formatShape(t[i].shape) !== formatShape(s[i].shape)) {
      const names = t[i].name && s[i].name ? ` ('${t[i].name}' vs '${s[i].name}')` : '';
      throw new RlError(
        op,
        `weight ${i}${names} has shape ${formatShape(t[i].shape)} in target but ${formatShape(s[i].shape)} in source`,
      );
    }
  }
  return [t, s];
}

/**
 * Copies every weight of `source` into `target` (θ⁻ ← θ): the periodic target-network update of
 * DQN (Mnih et al. 2015).
 *
 * @throws {RlError} when the networks' weights differ in number or shape.
 * @example
 * import { dense, sequential } from '@tsgrad/layers';
 * const qNet = () => sequential([dense({ units: 16, activation: 'relu', inputShape: [4] }), dense({ units: 2 })]);
 * const online = qNet();
 * const target = qNet(); // other initial weights, other layer names
 * const states = randn([8, 4], { seed: 0 });
 * hardUpdate(target, online);
 * target.call(states).toArray(); // the same Q-values as online.call(states)
 */
export function hardUpdate(target: Network, source: Network): void {
  // The scope frees the target's snapshots (read only for their shapes).
  const s = scope(() => pairUp('hardUpdate', target, source)[1]);
  writeWeights('hardUpdate', target, s);
}

/**
 * Moves `target` a fraction `tau` toward `source` (θ⁻ ← τ·θ + (1 − τ)·θ⁻): Polyak averaging,
 * the soft target update of DDPG (Lillicrap et al. 2016). `tau = 1` is a hard copy.
 *
 * @throws {RlError} for tau outside (0, 1], or networks whose weights differ in number or shape.
 * @example
 * import { dense, sequential } from '@tsgrad/layers';
 * const online = sequential([dense({ units: 2, inputShape: [4], seed: 1 })]);
 * const target = sequential([dense({ units: 2, inputShape: [4], seed: 2 })]);
 * softUpdate(target, online, 0.005); // target moves 0.5% of the way toward online
 */
export function softUpdate(target: Network, source: Network, tau: number): void {
  const op = 'softUpdate';
  if (!(tau > 0 && tau <= 1)) throw new RlError(op, `tau must be in (0, 1], got ${tau}`);
  if (tau === 1) {
    hardUpdate(target, source);
    return;
  }
  const prev = setGradEnabled(false);
  let mixed: Tensor[];
  try {
    // The scope frees the snapshots and the products, keeping only the mixed values.
    mixed = scope(() => {
      const [t, s] = pairUp(op, target, source);
      return t.map((ti, i) => add(mul(s[i], tau), mul(ti, 1 - tau)));
    });
  } finally {
    setGradEnabled(prev);
  }
  // Outside the scope, so whatever the target makes while loading is its own. It copies the
  // values (as layers' setWeights and loadStateDict do), so they are freed after.
  try {
    writeWeights(op, target, mixed);
  } finally {
    dispose(mixed);
  }
}

/** Options of {@link TargetNetwork}. */
export type TargetNetworkOptions =
  | {
      /** Hard copy every `every` calls of `step()`. */
      mode: 'hard';
      every: number;
    }
  | {
      /** Soft (Polyak) update with `tau` at every call of `step()`. */
      mode: 'soft';
      tau: number;
      /** Apply it every `every` calls instead of every call (default 1). */
      every?: number;
    };

/**
 * Keeps a target network in step with an online network: call `step()` once per training step
 * and it applies a hard copy every N steps or a soft update, as configured. It copies once at
 * construction, so both start equal.
 *
 * @throws {RlError} for a bad option, or networks whose weights differ in number or shape.
 * @example
 * import { dense, sequential } from '@tsgrad/layers';
 * const qNet = () => sequential([dense({ units: 16, activation: 'relu', inputShape: [4] }), dense({ units: 2 })]);
 * const online = qNet();
 * const target = qNet();
 * const sync = new TargetNetwork(target, online, { mode: 'hard', every: 500 }); // copies now
 * for (let step = 1; step <= 1000; step++) {
 *   // ... a gradient step on `online` ...
 *   sync.step(); // copies at steps 500 and 1000
 * }
 * sync.updates; // 2
 *
 * const soft = new TargetNetwork(qNet(), online, { mode: 'soft', tau: 0.005 }); // Polyak, each step
 */
export class TargetNetwork {
  readonly options: Readonly<TargetNetworkOptions>;
  private count = 0;
  private applied = 0;

  constructor(
    readonly target: Network,
    readonly source: Network,
    options: TargetNetworkOptions,
  ) {
    const op = 'TargetNetwork';
    if (options.mode === 'hard') {
      checkInteger(op, 'every', options.every, 1);
    } else if (options.mode === 'soft') {
      checkRange(op, 'tau', options.tau, Number.MIN_VALUE, 1);
      if (options.every !== undefined) checkInteger(op, 'every', options.every, 1);
    } else {
      throw new RlError(
        op,
        `mode must be 'hard' or 'soft', got '${(options as { mode: unknown }).mode}'`,
      );
    }
    this.options = { ...options };
    hardUpdate(target, source);
  }

  /** Calls of `step()` so far. */
  get steps(): number {
    return this.count;
  }

  /** Updates applied so far (the initial copy not counted). */
  get updates(): number {
    return this.applied;
  }

  /**
   * Counts one training step and updates the target when due.
   * @returns whether the target was updated.
   * @example if (sync.step()) console.log('target updated');
   */
  step(): boolean {
    this.count++;
    const o = this.options;
    const every = o.mode === 'hard' ? o.every : (o.every ?? 1);
    if (this.count % every !== 0) return false;
    if (o.mode === 'hard') hardUpdate(this.target, this.source);
    else softUpdate(this.target, this.source, o.tau);
    this.applied++;
    return true;
  }
}
