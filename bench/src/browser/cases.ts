/** What the browser bench runs: shared by the page and the runner. */

/** A system in a browser tab: tsgrad's wasm backend or TensorFlow.js's, on 1 or 2 threads. */
export interface BrowserSystem {
  id: string;
  label: string;
  kind: 'tsgrad' | 'tfjs';
  threads: number;
}

export const BROWSER_SYSTEMS: BrowserSystem[] = [
  { id: 'tsgrad-wasm', label: 'tsgrad wasm', kind: 'tsgrad', threads: 1 },
  { id: 'tsgrad-wasm-2t', label: 'tsgrad wasm 2T', kind: 'tsgrad', threads: 2 },
  { id: 'tfjs-wasm', label: 'tfjs wasm', kind: 'tfjs', threads: 1 },
  { id: 'tfjs-wasm-2t', label: 'tfjs wasm 2T', kind: 'tfjs', threads: 2 },
];

export type BrowserCase =
  | { id: string; kind: 'matmul'; n: number; rounds: number }
  | {
      id: string;
      kind: 'mlp' | 'cnn';
      batchSize: number;
      warmup: number;
      steps: number;
    };

/**
 * Fixed step counts, not a full epoch (the point is the ratio between systems on the same
 * steps). Every system runs every case; where one cannot (TensorFlow.js's wasm backend has no
 * Conv2DBackpropFilter kernel, so no CNN training), its row says why.
 */
export const BROWSER_CASES: BrowserCase[] = [
  { id: 'matmul-512', kind: 'matmul', n: 512, rounds: 8 },
  { id: 'mlp-32', kind: 'mlp', batchSize: 32, warmup: 20, steps: 400 },
  { id: 'mlp-128', kind: 'mlp', batchSize: 128, warmup: 10, steps: 100 },
  { id: 'cnn-128', kind: 'cnn', batchSize: 128, warmup: 2, steps: 10 },
];

/** Training samples the runner serves (the first ones of the seeded epoch order). */
export const BROWSER_SAMPLES = 128 * 111;

/** Initial weights' seed, the same for every system (as in the Node bench). */
export const WEIGHT_SEED = 1;

/** Seed of the epoch order the served samples come from (as in the Node bench). */
export const ORDER_SEED = 2;

export interface BrowserCaseRow {
  case: string;
  value?: number;
  unit?: 'samples/s' | 'GFLOP/s';
  firstLoss?: number;
  lastLoss?: number;
  /** Why the case could not run on this system. */
  error?: string;
}
