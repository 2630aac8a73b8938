import { ValueError } from '@tsgrad/tensor';

export type MonitorMode = 'auto' | 'min' | 'max';

/**
 * Decides whether a monitored value improved. 'auto' means max for accuracy-like names
 * (acc, accuracy, auc, precision, recall, f1) and min otherwise, as in Keras.
 */
export function improvement(op: string, monitor: string, mode: MonitorMode, minDelta: number) {
  if (!['auto', 'min', 'max'].includes(mode))
    throw new ValueError(op, `mode must be 'auto', 'min' or 'max', got '${mode}'`);
  if (!(minDelta >= 0)) throw new ValueError(op, `minDelta must be >= 0, got ${minDelta}`);
  const maximize =
    mode === 'max' || (mode === 'auto' && /(acc|accuracy|auc|precision|recall|f1)$/.test(monitor));
  return {
    maximize,
    initial: maximize ? -Infinity : Infinity,
    better: (current: number, best: number) =>
      maximize ? current > best + minDelta : current < best - minDelta,
  };
}

/** Reads the monitored value, or explains which values exist. */
export function readMonitor(
  op: string,
  monitor: string,
  logs: Record<string, number>,
): number | undefined {
  const v = logs[monitor];
  if (v === undefined) {
    // Keras warns and skips; a one-time warning keeps runs alive when validation is absent.
    warnOnce(
      `${op}: monitored value '${monitor}' is not available; available: ${Object.keys(logs).join(', ') || 'none'}`,
    );
  }
  return v;
}

const warned = new Set<string>();
function warnOnce(msg: string): void {
  if (warned.has(msg)) return;
  warned.add(msg);
  console.warn(msg);
}
