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

/** Where `progressBar` writes: a terminal (live bar) or anything that takes lines. */
export interface ProgressOutput {
  isTTY: boolean;
  write(s: string): void;
  /** The stream a live bar draws on (Node's process.stdout). */
  stream?: unknown;
}

function defaultOutput(): ProgressOutput {
  const out = (globalThis as any).process?.stdout;
  if (out?.write) return { isTTY: Boolean(out.isTTY), write: (s) => out.write(s), stream: out };
  // Browsers: one console line per message.
  return { isTTY: false, write: (s) => console.log(s.replace(/\n$/, '')) };
}

/**
 * Training progress for people. On a terminal with verbose 1: a live bar per epoch (drawn by
 * `cli-progress`) with ETA and the running loss and metrics. Not on a terminal (CI logs, files,
 * browsers), or with verbose 2: one plain line per epoch with its time and throughput; with
 * verbose 1 off a terminal, long epochs also get a progress line (batch, ETA, running logs)
 * every `intervalSeconds` (default 15), so CI logs show a run is alive.
 * @example callbacks: [progressBar()] // fit() adds one itself for verbose 1 and 2
 */
export function progressBar(
  options: { verbose?: 1 | 2; output?: ProgressOutput; intervalSeconds?: number } = {},
): Callback {
  const out = options.output ?? defaultOutput();
  const interval = (options.intervalSeconds ?? 15) * 1000;
  let lastLine = 0;
  let periodic = false;
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
      const verbose = options.verbose ?? p.verbose;
      live = verbose === 1 && out.isTTY && out.stream !== undefined;
      periodic = verbose === 1 && !live;
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
      lastLine = epochStart;
      if (!live || !makeBar) return;
      out.write(`Epoch ${epoch + 1}/${params.epochs}\n`);
      bar = makeBar();
      bar!.start(params.stepsPerEpoch, 0, { logs: '' });
    },
    onBatchEnd(batch, logs) {
      bar?.update(batch + 1, { logs: formatLogs(logs) });
      if (!periodic) return;
      const t = now();
      if (t - lastLine < interval) return;
      lastLine = t;
      const done = batch + 1;
      const total = params.stepsPerEpoch;
      const eta = total > 0 ? ((t - epochStart) / done) * (total - done) : Number.NaN;
      out.write(
        `  ${done}${total > 0 ? `/${total}` : ''} batches${Number.isFinite(eta) ? ` - ETA ${formatSeconds(eta / 1000)}` : ''} - ${formatLogs(logs)}\n`,
      );
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
