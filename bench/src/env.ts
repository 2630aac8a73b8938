import os from 'node:os';

/** Where the numbers were taken. */
export interface EnvInfo {
  date: string;
  node: string;
  platform: string;
  cpu: string;
  cores: number;
  /** 1-minute load average when the run started: other work on the machine skews timings. */
  loadAverage: number;
  versions: Record<string, string>;
}

export function envInfo(versions: Record<string, string>): EnvInfo {
  const cpus = os.cpus();
  return {
    date: new Date().toISOString(),
    node: process.version,
    platform: `${process.platform} ${process.arch}`,
    cpu: cpus[0]?.model.trim() ?? 'unknown',
    cores: cpus.length,
    loadAverage: Math.round(os.loadavg()[0] * 100) / 100,
    versions,
  };
}

export function formatEnv(env: EnvInfo): string {
  const v = Object.entries(env.versions)
    .map(([k, val]) => `${k} ${val}`)
    .join(', ');
  return [
    `date: ${env.date}`,
    `node ${env.node} on ${env.platform}; CPU: ${env.cpu} (${env.cores} cores, load average ${env.loadAverage})`,
    `versions: ${v}`,
  ].join('\n');
}
