import { ValueError } from '@tsgrad/tensor';
import type { Callback, Logs } from './callback.js';

async function fsp() {
  return import('node:fs/promises');
}

export interface CsvLoggerOptions {
  /** Append to an existing file instead of replacing it (default false). */
  append?: boolean;
  separator?: string;
}

/**
 * Writes one CSV row per epoch (epoch, then the logs' keys in sorted order). Node only.
 * @example callbacks: [csvLogger('training.csv')]
 */
export function csvLogger(path: string, options: CsvLoggerOptions = {}): Callback {
  if (!path) throw new ValueError('csvLogger', 'needs a file path');
  const sep = options.separator ?? ',';
  let keys: string[] | null = null;
  let fresh = true;
  return {
    async onTrainBegin() {
      const fs = await fsp();
      keys = null;
      fresh = true;
      if (options.append) {
        try {
          const text = await fs.readFile(path, 'utf8');
          const header = text.split('\n')[0];
          if (header) {
            keys = header.split(sep).slice(1);
            fresh = false;
          }
        } catch {
          // No file yet: start one.
        }
      } else {
        await fs.writeFile(path, '');
      }
    },
    async onEpochEnd(epoch: number, logs: Logs) {
      const fs = await fsp();
      if (!keys) keys = Object.keys(logs).sort();
      let text = '';
      if (fresh) {
        text += `${['epoch', ...keys].join(sep)}\n`;
        fresh = false;
      }
      text += `${[epoch, ...keys.map((k) => (logs[k] === undefined ? '' : String(logs[k])))].join(sep)}\n`;
      await fs.appendFile(path, text);
    },
  };
}

/**
 * Writes one JSON object per line per epoch: `{"epoch":0,"loss":0.31,...}`. Node only.
 * @example callbacks: [jsonlLogger('training.jsonl')]
 */
export function jsonlLogger(path: string, options: { append?: boolean } = {}): Callback {
  if (!path) throw new ValueError('jsonlLogger', 'needs a file path');
  return {
    async onTrainBegin() {
      if (!options.append) await (await fsp()).writeFile(path, '');
    },
    async onEpochEnd(epoch: number, logs: Logs) {
      await (await fsp()).appendFile(path, `${JSON.stringify({ epoch, ...logs })}\n`);
    },
  };
}
