import { TsgradError } from '@tsgrad/tensor';
import type { Callback, Logs } from './callback.js';

/** Training produced a non-finite loss. Names the epoch and batch (1-based). */
export class NonFiniteLossError extends TsgradError {
  constructor(
    readonly epoch: number,
    readonly batch: number,
    readonly loss: number,
  ) {
    super(
      'terminateOnNaN',
      `loss became ${loss} at epoch ${epoch + 1}, batch ${batch + 1}; training stopped. Lower the learning rate, clip gradients, or check the inputs for NaN`,
    );
  }
}

/**
 * Stops training with a `NonFiniteLossError` (naming the epoch and batch) as soon as a batch
 * loss is NaN or infinite.
 * @example callbacks: [terminateOnNaN()]
 */
export function terminateOnNaN(): Callback {
  let epoch = 0;
  return {
    onEpochBegin(e: number) {
      epoch = e;
    },
    onBatchEnd(batch: number, logs: Logs) {
      const loss = logs.loss;
      if (loss !== undefined && !Number.isFinite(loss))
        throw new NonFiniteLossError(epoch, batch, loss);
    },
  };
}
