/**
 * "Install only what you need": one fresh project per use case. Each names the packages a user
 * would `npm i`, the exact set of our packages the installed tree must then hold, and a snippet
 * run once as ESM and once as CommonJS, with the line it must print.
 */
export interface Scenario {
  id: string;
  title: string;
  /** What the user installs. */
  install: string[];
  /** Exactly these of our packages end up in node_modules... */
  expectOurs: string[];
  /** ...plus, optionally, these (each named with the reason it may be there). */
  mayAlsoHold?: Record<string, string>;
  /** Whether gpu.js may be in the tree. */
  gpujs: boolean;
  esm: string;
  cjs: string;
  /** The snippet's stdout, trimmed. */
  prints: string;
}

const UMBRELLA_DEPS = [
  '@tsgrad/autograd',
  '@tsgrad/data',
  '@tsgrad/layers',
  '@tsgrad/losses',
  '@tsgrad/metrics',
  '@tsgrad/optim',
  '@tsgrad/tensor',
];

const metricsBody = `
const yTrue = [0, 1, 1, 0];
const yPred = [0, 1, 0, 0];
console.log(JSON.stringify([accuracy(yTrue, yPred), confusionMatrix(yTrue, yPred)]));`;

const tensorBody = `
const y = matmul(tensor([[1, 2], [3, 4]]), tensor([[1], [1]]));
console.log(JSON.stringify({ y: y.toArray(), sum: sum(y).item() }));`;

const autogradBody = `
const dw = grad((w) => sum(square(w)))(tensor([2, 3]));
console.log(JSON.stringify(dw.toArray()));`;

const umbrellaBody = `
const model = sequential([
  layers.dense({ units: 8, activation: 'tanh', inputShape: [2], seed: 1 }),
  layers.dense({ units: 1, seed: 2 }),
]);
model.compile({ optimizer: 'adam', loss: 'meanSquaredError' });
const x = tensor([[0, 0], [0, 1], [1, 0], [1, 1]]);
const y = tensor([[0], [1], [1], [0]]);
const h = await model.fit(x, y, { epochs: 3, batchSize: 4, verbose: 0 });
const loss = h.history.loss;
console.log(JSON.stringify({ epochs: loss.length, finite: loss.every(Number.isFinite) }));`;

const gpujsBody = `
setBackend(registerGpujsBackend({ mode: 'cpu', quiet: true }));
const y = matmul(tensor([[1, 2], [3, 4]]), tensor([[1], [1]]));
console.log(JSON.stringify({ mode: getBackend().info().mode, y: Array.from(await y.data()) }));`;

/** CommonJS has no top-level await. */
const cjsAsync = (body: string): string => `(async () => {${body}\n})().catch((e) => {
  console.error(e);
  process.exit(1);
});\n`;

export const scenarios: Scenario[] = [
  {
    id: 'metrics',
    title: 'only metrics',
    install: ['@tsgrad/metrics'],
    expectOurs: ['@tsgrad/metrics'],
    gpujs: false,
    esm: `import { accuracy, confusionMatrix } from '@tsgrad/metrics';\n${metricsBody}\n`,
    cjs: `const { accuracy, confusionMatrix } = require('@tsgrad/metrics');\n${metricsBody}\n`,
    prints: '[0.75,[[2,0],[1,1]]]',
  },
  {
    id: 'tensor',
    title: 'tensor only (a small NumPy)',
    install: ['@tsgrad/tensor'],
    expectOurs: ['@tsgrad/tensor'],
    gpujs: false,
    esm: `import { matmul, sum, tensor } from '@tsgrad/tensor';\n${tensorBody}\n`,
    cjs: `const { matmul, sum, tensor } = require('@tsgrad/tensor');\n${tensorBody}\n`,
    prints: '{"y":[[3],[7]],"sum":10}',
  },
  {
    id: 'autograd',
    title: 'tensor + autograd',
    install: ['@tsgrad/tensor', '@tsgrad/autograd'],
    expectOurs: ['@tsgrad/autograd', '@tsgrad/tensor'],
    gpujs: false,
    esm: `import { square, sum, tensor } from '@tsgrad/tensor';\nimport { grad } from '@tsgrad/autograd';\n${autogradBody}\n`,
    cjs: `const { square, sum, tensor } = require('@tsgrad/tensor');\nconst { grad } = require('@tsgrad/autograd');\n${autogradBody}\n`,
    prints: '[4,6]',
  },
  {
    id: 'umbrella',
    title: 'everything (the umbrella `tsgrad`)',
    install: ['tsgrad'],
    expectOurs: ['tsgrad', ...UMBRELLA_DEPS].sort(),
    mayAlsoHold: {
      '@tsgrad/backend-wasm':
        'the umbrella re-exports registerWasmBackend (a 5 KB module, no deps)',
    },
    gpujs: false,
    esm: `import { layers, sequential, tensor } from 'tsgrad';\n${umbrellaBody}\n`,
    cjs: `const { layers, sequential, tensor } = require('tsgrad');\n${cjsAsync(umbrellaBody)}`,
    prints: '{"epochs":3,"finite":true}',
  },
  {
    id: 'umbrella-gpujs',
    title: 'everything + the gpu.js backend',
    install: ['tsgrad', '@tsgrad/backend-gpujs'],
    expectOurs: ['tsgrad', '@tsgrad/backend-gpujs', ...UMBRELLA_DEPS].sort(),
    mayAlsoHold: {
      '@tsgrad/backend-wasm':
        'the umbrella re-exports registerWasmBackend (a 5 KB module, no deps)',
    },
    gpujs: true,
    esm: `import { getBackend, matmul, setBackend, tensor } from 'tsgrad';\nimport { registerGpujsBackend } from '@tsgrad/backend-gpujs';\n${gpujsBody}\n`,
    cjs: `const { getBackend, matmul, setBackend, tensor } = require('tsgrad');\nconst { registerGpujsBackend } = require('@tsgrad/backend-gpujs');\n${cjsAsync(gpujsBody)}`,
    prints: '{"mode":"cpu","y":[3,7]}',
  },
];
