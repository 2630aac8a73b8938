import {
  type Tensor,
  add,
  keep,
  matmul,
  mul,
  randn,
  sub,
  sum,
  square,
  tensor,
  zeros,
} from '@tsgrad/tensor';
import type { TrainingOptimizer } from './compile.js';
import type { Network } from './network.js';

/** A linear layer written against the Network interface only, for testing fit() in isolation. */
export class LinearNet implements Network {
  readonly w: Tensor;
  readonly b: Tensor;
  constructor(
    inputs: number,
    outputs: number,
    seed = 0,
    readonly l2 = 0,
  ) {
    this.w = keep(randn([inputs, outputs], { seed, std: 0.1 }).requireGrad());
    this.b = keep(zeros([outputs]).requireGrad());
    this.w.name = 'linear/kernel';
    this.b.name = 'linear/bias';
  }
  call(x: Tensor): Tensor {
    return add(matmul(x, this.w), this.b);
  }
  trainableParameters(): Tensor[] {
    return [this.w, this.b];
  }
  namedWeights(): Map<string, Tensor> {
    return new Map([
      ['linear/kernel', this.w],
      ['linear/bias', this.b],
    ]);
  }
  loadWeights(weights: Map<string, Tensor>): void {
    this.w.assign(weights.get('linear/kernel')!);
    this.b.assign(weights.get('linear/bias')!);
  }
  regularizationLoss(): Tensor | null {
    return this.l2 > 0 ? mul(sum(square(this.w)), this.l2) : null;
  }
  getConfig(): unknown {
    return { className: 'LinearNet' };
  }
  summary(): string {
    return 'LinearNet';
  }
}

/** Plain SGD against the TrainingOptimizer interface. */
export function plainSgd(learningRate: number): TrainingOptimizer & { steps: number } {
  return {
    learningRate,
    steps: 0,
    step(params) {
      this.steps++;
      for (const p of params) if (p.grad) p.assign(sub(p.detach(), mul(p.grad, this.learningRate)));
    },
    getConfig: () => ({ name: 'plainSgd' }),
    getState() {
      return { steps: this.steps };
    },
    setState(state: { steps: number }) {
      this.steps = state.steps;
    },
  };
}

/** Per-sample squared error, as a custom loss function. */
export const squaredError = (yTrue: Tensor, yPred: Tensor) => sum(square(sub(yPred, yTrue)), -1);

/** y = 2x + 1 with a little deterministic noise, n samples. */
export function lineData(n: number): { x: Tensor; y: Tensor } {
  const xs = Array.from({ length: n }, (_, i) => [(i / n) * 2 - 1]);
  const ys = xs.map(([v], i) => [2 * v + 1 + 0.01 * Math.sin(i * 12.9898)]);
  return { x: tensor(xs), y: tensor(ys) };
}
