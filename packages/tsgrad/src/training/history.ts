import type { Logs } from '../callbacks/callback.js';

/**
 * What `fit()` resolves to: the epochs that ran and, per name (`loss`, `accuracy`, `val_loss`,
 * `lr`, ...), one value per epoch.
 * @example const h = await model.fit(x, y, { epochs: 3 }); h.history.loss; // [0.61, 0.32, 0.24]
 */
export class History {
  readonly epoch: number[] = [];
  readonly history: Record<string, number[]> = {};

  /** @internal */
  record(epoch: number, logs: Logs): void {
    this.epoch.push(epoch);
    for (const [k, v] of Object.entries(logs)) {
      // Keys that appear late (validation every n epochs) are padded so indices line up.
      const arr = (this.history[k] ??= new Array(this.epoch.length - 1).fill(Number.NaN));
      arr.push(v);
    }
    for (const [k, arr] of Object.entries(this.history)) if (!(k in logs)) arr.push(Number.NaN);
  }

  /** The history as plain JSON (for saving next to a model). */
  toJSON(): { epoch: number[]; history: Record<string, number[]> } {
    return {
      epoch: [...this.epoch],
      history: Object.fromEntries(Object.entries(this.history).map(([k, v]) => [k, [...v]])),
    };
  }
}
