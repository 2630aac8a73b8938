import { PerformanceObserver } from 'node:perf_hooks';

/**
 * Garbage-collection pauses inside timed windows, from `PerformanceObserver` 'gc' entries
 * (delivered asynchronously: `read()` awaits a turn of the event loop first), and the largest
 * resident set size sampled inside them (`tick()` samples it; start and stop do too).
 */
export class GcMeter {
  /** Largest RSS seen in a timed window, bytes. */
  peakRss = 0;
  private readonly windows: [number, number][] = [];
  private readonly entries: { start: number; duration: number }[] = [];
  private readonly observer = new PerformanceObserver((list) => {
    for (const e of list.getEntries())
      this.entries.push({ start: e.startTime, duration: e.duration });
  });
  private open: number | null = null;

  constructor() {
    this.observer.observe({ entryTypes: ['gc'] });
  }

  /** Starts a timed window. */
  start(): void {
    this.tick();
    this.open = performance.now();
  }

  /** Samples the resident set size (call once per training step). */
  tick(): void {
    const rss = process.memoryUsage.rss();
    if (rss > this.peakRss) this.peakRss = rss;
  }

  /** Ends the timed window; returns its length in ms. */
  stop(): number {
    this.tick();
    const t = performance.now();
    const from = this.open ?? t;
    this.windows.push([from, t]);
    this.open = null;
    return t - from;
  }

  /** Pauses that began inside the windows: count and total ms, and the windows' total ms. */
  async read(): Promise<{ count: number; ms: number; timedMs: number }> {
    await new Promise((r) => setTimeout(r, 20));
    let count = 0;
    let ms = 0;
    for (const e of this.entries) {
      if (this.windows.some(([a, b]) => e.start >= a && e.start <= b)) {
        count++;
        ms += e.duration;
      }
    }
    const timedMs = this.windows.reduce((s, [a, b]) => s + (b - a), 0);
    this.observer.disconnect();
    return { count, ms, timedMs };
  }
}
