import type { Callback, Logs, TrainingParams } from './callback.js';

/** Formats logs as `loss: 0.3124 - accuracy: 0.9012 - val_loss: ...` (lr last). */
export function formatLogs(logs: Logs): string {
  const keys = Object.keys(logs).filter((k) => k !== 'lr' && k !== 'batch' && k !== 'size');
  const parts = keys.map((k) => `${k}: ${formatNumber(logs[k])}`);
  if (logs.lr !== undefined) parts.push(`lr: ${logs.lr.toPrecision(3)}`);
  return parts.join(' - ');
}

function formatNumber(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  const a = Math.abs(v);
  return a !== 0 && (a < 1e-3 || a >= 1e5) ? v.toExponential(3) : v.toFixed(4);
}

function formatSeconds(s: number): string {
  if (s < 60) return `${s.toFixed(s < 10 ? 1 : 0)}s`;
  const m = Math.floor(s / 60);
  return `${m}m${String(Math.round(s % 60)).padStart(2, '0')}s`;
}

interface Output {
  isTTY: boolean;
  write(s: string): void;
  /** The stream a live bar draws on (Node's process.stdout). */
  stream?: unknown;
}

function defaultOutput(): Output {
  const out = (globalThis as any).process?.stdout;
  if (out?.write) return { isTTY: Boolean(out.isTTY), write: (s) => out.write(s), stream: out };
  // Browsers: one console line per message.
  return { isTTY: false, write: (s) => console.log(s.replace(/\n$/, '')) };
}

/**
 * Training progress for people. On a terminal with verbose 1: a live bar per epoch (drawn by
 * `cli-progress`) with ETA and the running loss and metrics. Not on a terminal (CI logs, files,
 * browsers), or with verbose 2: one plain line per epoch with its time and throughput.
 * @example callbacks: [progressBar()] // fit() adds one itself for verbose 1 and 2
 */
export function progressBar(options: { verbose?: 1 | 2; output?: Output } = {}): Callback {
  const out = options.output ?? defaultOutput();
  let params: TrainingParams;
  let epochStart = 0;
  let live = false;
  let bar: {
    start(total: number, value: number, payload: object): void;
    update(value: number, payload: object): void;
    stop(): void;
  } | null = null;
  let makeBar: (() => typeof bar) | null = null;
  const now = () => (typeof performance !== 'undefined' ? performance.now() : Date.now());
  return {
    setParams(p) {
      params = p;
      live = (options.verbose ?? p.verbose) === 1 && out.isTTY && out.stream !== undefined;
    },
    async onTrainBegin() {
      if (!live) return;
      const mod: any = await import('cli-progress');
      const cp = mod.default ?? mod;
      makeBar = () =>
        new cp.SingleBar(
          {
            stream: out.stream,
            format: ' {value}/{total} [{bar}] {percentage}% ETA {eta_formatted} - {logs}',
            barsize: 25,
            hideCursor: true,
            clearOnComplete: true,
            fps: 10,
            etaBuffer: 50,
          },
          cp.Presets.legacy,
        );
    },
    onEpochBegin(epoch) {
      epochStart = now();
      if (!live || !makeBar) return;
      out.write(`Epoch ${epoch + 1}/${params.epochs}\n`);
      bar = makeBar();
      bar!.start(params.stepsPerEpoch, 0, { logs: '' });
    },
    onBatchEnd(batch, logs) {
      bar?.update(batch + 1, { logs: formatLogs(logs) });
    },
    onEpochEnd(epoch, logs) {
      const secs = (now() - epochStart) / 1000;
      const perSample =
        params.samples > 0
          ? ` (${Math.round(params.samples / Math.max(secs, 1e-9))} samples/s)`
          : '';
      if (bar) {
        bar.stop();
        bar = null;
        out.write(
          `${params.stepsPerEpoch}/${params.stepsPerEpoch} - ${formatSeconds(secs)}${perSample} - ${formatLogs(logs)}\n`,
        );
      } else {
        out.write(
          `Epoch ${epoch + 1}/${params.epochs} - ${formatSeconds(secs)}${perSample} - ${formatLogs(logs)}\n`,
        );
      }
    },
    onTrainEnd() {
      bar?.stop();
      bar = null;
    },
  };
}
