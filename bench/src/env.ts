import { createRequire } from 'node:module';
import os from 'node:os';

/** Where the numbers were taken. */
export interface EnvInfo {
  date: string;
  node: string;
  platform: string;
  cpu: string;
  cores: number;
  memoryGiB: number;
  /** 1-, 5- and 15-minute load averages when the run started and when it ended. */
  loadAverage: { start: number[]; end?: number[] };
  /** Wall time of the whole run, seconds (set at the end). */
  wallSeconds?: number;
  versions: Record<string, string>;
}

const round2 = (x: number) => Math.round(x * 100) / 100;

export function envInfo(): EnvInfo {
  const cpus = os.cpus();
  const require = createRequire(import.meta.url);
  const version = (p: string) => {
    try {
      return require(`${p}/package.json`).version as string;
    } catch {
      return 'not installed';
    }
  };
  return {
    date: new Date().toISOString(),
    node: process.version,
    platform: `${process.platform} ${process.arch}`,
    cpu: cpus[0]?.model.trim() ?? 'unknown',
    cores: cpus.length,
    memoryGiB: round2(os.totalmem() / 2 ** 30),
    loadAverage: { start: os.loadavg().map(round2) },
    versions: {
      '@tsgrad/tensor': version('@tsgrad/tensor'),
      '@tsgrad/backend-wasm': version('@tsgrad/backend-wasm'),
      '@tensorflow/tfjs': version('@tensorflow/tfjs'),
      '@tensorflow/tfjs-backend-wasm': version('@tensorflow/tfjs-backend-wasm'),
    },
  };
}

/** The current load averages (1, 5, 15 minutes). */
export function loadNow(): number[] {
  return os.loadavg().map(round2);
}

export function formatEnv(env: EnvInfo): string {
  const v = Object.entries(env.versions)
    .map(([k, val]) => `${k} ${val}`)
    .join(', ');
  const load = (l: number[]) => l.join(' / ');
  return [
    `date: ${env.date}`,
    `node ${env.node} on ${env.platform}; CPU: ${env.cpu} (${env.cores} cores, ${env.memoryGiB} GiB)`,
    `load average (1/5/15 min) at start: ${load(env.loadAverage.start)}${env.loadAverage.end ? `; at end: ${load(env.loadAverage.end)}` : ''}${env.wallSeconds !== undefined ? `; the run took ${env.wallSeconds} s` : ''}`,
    `versions: ${v}`,
  ].join('\n');
}
