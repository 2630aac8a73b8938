import { TsgradError } from '@tsgrad/tensor';

/**
 * A model file that is missing, corrupt, or not something tsgrad wrote.
 * @example
 * import { ModelFileError, loadModel } from 'tsgrad';
 * let missing = false;
 * try {
 *   await loadModel('no/such/dir');
 * } catch (e) {
 *   missing = e instanceof ModelFileError;
 * }
 * console.log(missing); // true
 */
export class ModelFileError extends TsgradError {}

const FORBIDDEN = new Set(['__proto__', 'constructor', 'prototype']);

/**
 * JSON.parse for files from strangers: bounded size, and keys that could reach prototypes
 * (`__proto__`, `constructor`, `prototype`) are rejected rather than merged anywhere later.
 */
export function parseUntrustedJson(text: string, source: string, maxBytes = 16_000_000): unknown {
  if (text.length > maxBytes)
    throw new ModelFileError(
      'loadModel',
      `${source} is ${text.length} bytes, over the ${maxBytes}-byte limit`,
    );
  let bad: string | null = null;
  let value: unknown;
  try {
    value = JSON.parse(text, (key, v) => {
      if (FORBIDDEN.has(key)) bad = key;
      return v;
    });
  } catch (e) {
    throw new ModelFileError('loadModel', `${source} is not valid JSON (${(e as Error).message})`);
  }
  if (bad) throw new ModelFileError('loadModel', `${source} contains the forbidden key '${bad}'`);
  return value;
}
