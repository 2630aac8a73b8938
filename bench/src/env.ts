import os from 'node:os';

/** Where the numbers were taken. */
export interface EnvInfo {
  date: string;
  node: string;
  platform: string;
  cpu: string;
  cores: number;
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
    versions,
  };
}

export function formatEnv(env: EnvInfo): string {
  const v = Object.entries(env.versions)
    .map(([k, val]) => `${k} ${val}`)
    .join(', ');
  return [
    `date: ${env.date}`,
    `node ${env.node} on ${env.platform}; CPU: ${env.cpu} (${env.cores} cores)`,
    `versions: ${v}`,
  ].join('\n');
}
