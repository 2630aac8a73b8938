import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BenchOptions } from './group.js';
import { type ChildResult, type ChildUnavailable, RESULT_PREFIX } from './result.js';
import type { SystemId } from './systems.js';

const here = dirname(fileURLToPath(import.meta.url));

/** What a child that failed left behind. */
export interface ChildFailure {
  system: SystemId;
  group: string;
  error: string;
}

/**
 * Runs one (system, group) in a fresh Node process with `tsx` (`tsconfig` decides whether
 * @tsgrad/* resolve to their built dist/, as for `pnpm bench`, or to their sources), and returns
 * its result line. Stderr (progress) is passed through `log`; `env` is the child's environment.
 */
export function runChild(
  system: SystemId,
  group: string,
  options: BenchOptions,
  {
    tsconfig = join(here, '..', 'tsconfig.run.json'),
    timeoutMs = 20 * 60_000,
    log = (l: string) => console.error(l),
    env = process.env as Record<string, string | undefined>,
  } = {},
): Promise<ChildResult | ChildFailure | ChildUnavailable> {
  const require = createRequire(import.meta.url);
  const tsx = require.resolve('tsx/cli');
  const args = [
    '--expose-gc',
    tsx,
    '--tsconfig',
    tsconfig,
    join(here, 'child.ts'),
    '--system',
    system,
    '--group',
    group,
    '--options',
    JSON.stringify(options),
  ];
  return new Promise((resolve) => {
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'], env });
    let out = '';
    let err = '';
    const tail: string[] = [];
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.stdout.on('data', (d) => {
      out += d;
    });
    child.stderr.on('data', (d) => {
      err += d;
      const lines = err.split('\n');
      err = lines.pop() ?? '';
      for (const l of lines) {
        log(l);
        tail.push(l);
        if (tail.length > 12) tail.shift();
      }
      err = err.slice(-10_000);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      if (err) {
        log(err);
        tail.push(err);
      }
      const line = out.split('\n').find((l) => l.startsWith(RESULT_PREFIX));
      if (code === 0 && line) {
        resolve(JSON.parse(line.slice(RESULT_PREFIX.length)) as ChildResult | ChildUnavailable);
        return;
      }
      const why = signal
        ? `killed by ${signal} (timeout ${timeoutMs / 1000} s?)`
        : `exit code ${code}`;
      const last = tail
        .filter((l) => l.trim())
        .slice(-3)
        .join(' | ');
      resolve({ system, group, error: `${why}${last ? `: ${last.slice(-600)}` : ''}` });
    });
  });
}

export function isFailure(r: ChildResult | ChildFailure | ChildUnavailable): r is ChildFailure {
  return 'error' in r;
}

export function isUnavailable(
  r: ChildResult | ChildFailure | ChildUnavailable,
): r is ChildUnavailable {
  return 'unavailable' in r;
}
