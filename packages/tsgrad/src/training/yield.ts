/**
 * Lets the event loop run (timers, I/O, a browser's rendering and input) between batches.
 * `setImmediate` in Node; a MessageChannel in browsers, which is not clamped like setTimeout.
 */
export function yieldToEventLoop(): Promise<void> {
  const g = globalThis as any;
  if (typeof g.setImmediate === 'function') return new Promise((r) => g.setImmediate(r));
  if (typeof g.MessageChannel === 'function') {
    return new Promise((r) => {
      const ch = new g.MessageChannel();
      ch.port1.onmessage = () => {
        ch.port1.close();
        r();
      };
      ch.port2.postMessage(0);
    });
  }
  return new Promise((r) => setTimeout(r, 0));
}

/** Calls `yieldToEventLoop` at most every `intervalMs` of work. */
export class Yielder {
  private last = now();
  constructor(private readonly intervalMs: number) {}

  async maybeYield(): Promise<void> {
    if (this.intervalMs < 0) return;
    const t = now();
    if (t - this.last >= this.intervalMs) {
      await yieldToEventLoop();
      this.last = now();
    }
  }
}

function now(): number {
  return typeof performance !== 'undefined' ? performance.now() : Date.now();
}
