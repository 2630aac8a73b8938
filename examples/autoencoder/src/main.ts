import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { registerWasmBackend } from '@tsgrad/backend-wasm';
import { getBackend, setBackend } from '@tsgrad/tensor';
import { trainAutoencoder } from './autoencoder.js';

const { values } = parseArgs({
  options: {
    'train-size': { type: 'string', default: '60000' },
    epochs: { type: 'string', default: '5' },
    backend: { type: 'string', default: 'wasm' },
    out: { type: 'string', default: join(dirname(fileURLToPath(import.meta.url)), '..', 'out') },
  },
});
// WebAssembly SIMD kernels (several times faster); `--backend cpu` runs the TypeScript reference.
if (values.backend === 'wasm') setBackend(registerWasmBackend());
console.log(`backend ${getBackend().name}`);
const t0 = performance.now();
const secs = () => ((performance.now() - t0) / 1000).toFixed(1);
const r = await trainAutoencoder({
  trainSize: Number(values['train-size']),
  testSize: 10_000,
  epochs: Number(values.epochs),
  batchSize: 128,
  learningRate: 1e-3,
  codeSize: 32,
  seed: 0,
  show: 12,
  onEpoch: (e, loss, mse) =>
    console.log(
      `epoch ${e}  train bce ${loss.toFixed(4)}  test pixel mse ${mse.toFixed(4)}  ${secs()} s`,
    ),
});
mkdirSync(values.out, { recursive: true });
const file = join(values.out, 'reconstructions.png');
writeFileSync(file, r.png);
console.log(
  `\ntest pixel mse: autoencoder ${r.testMse.toFixed(4)}, mean-image baseline ${r.meanImageMse.toFixed(4)}`,
);
console.log(
  `wrote ${file} (${r.png.length} bytes): top row test digits, bottom row reconstructions`,
);
console.log(`time ${secs()} s`);
