// `pnpm bench` — matmul GFLOP/s and MLP training steps, WebAssembly SIMD vs the TypeScript
// kernels, in one run. See scripts/bench.ts.
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
process.argv.splice(2, 0, join(here, 'bench.ts'));
await import('./run-ts.mjs');
