import { valueAndGrad } from '@tsgrad/autograd';
import { binaryCrossentropy } from '@tsgrad/losses';
import { adam } from '@tsgrad/optim';
import { type Tensor, add, matmul, randn, sigmoid, tanh, tensor, zeros } from '@tsgrad/tensor';

/** The four XOR cases and their labels. */
export const X = tensor([
  [0, 0],
  [0, 1],
  [1, 0],
  [1, 1],
]);
export const Y = tensor([[0], [1], [1], [0]]);

/** Options of {@link trainXor}. */
export interface XorOptions {
  hidden: number;
  steps: number;
  learningRate: number;
  seed: number;
  onStep?: (step: number, loss: number) => void;
  logEvery?: number;
}

/** What {@link trainXor} returns. */
export interface XorResult {
  loss: number;
  /** P(y = 1) for the four inputs, in order. */
  probabilities: number[];
  /** The parameters `[w1, b1, w2, b2]`. */
  params: Tensor[];
}

/** The network as a pure function of its parameters: logits = tanh(x·W1 + b1)·W2 + b2. */
export function mlp(x: Tensor, w1: Tensor, b1: Tensor, w2: Tensor, b2: Tensor): Tensor {
  return add(matmul(tanh(add(matmul(x, w1), b1)), w2), b2);
}

const bce = binaryCrossentropy.with({ fromLogits: true });

/**
 * Trains a 2-`hidden`-1 MLP on XOR JAX-style: the loss is a function of the parameters,
 * `valueAndGrad` returns the loss and its gradient with respect to each of them, and Adam from
 * `@tsgrad/optim` updates them in place from their `.grad`.
 */
export function trainXor(options: XorOptions): XorResult {
  const { hidden, steps, learningRate, seed } = options;
  // Glorot-normal scale: std = sqrt(2 / (fanIn + fanOut)).
  const params = [
    randn([2, hidden], { std: Math.sqrt(2 / (2 + hidden)), seed }),
    zeros([hidden]),
    randn([hidden, 1], { std: Math.sqrt(2 / (hidden + 1)), seed: seed + 1 }),
    zeros([1]),
  ];
  const lossAndGrads = valueAndGrad(
    (w1: Tensor, b1: Tensor, w2: Tensor, b2: Tensor) => bce(Y, mlp(X, w1, b1, w2, b2)),
    [0, 1, 2, 3],
  );
  const opt = adam({ learningRate });
  let loss = Number.NaN;
  for (let step = 1; step <= steps; step++) {
    const [value, grads] = lossAndGrads(params[0], params[1], params[2], params[3]);
    params.forEach((p, i) => {
      p.grad = grads[i];
    });
    opt.step(params);
    opt.zeroGrad(params);
    loss = value.item();
    if (options.onStep && step % (options.logEvery ?? 100) === 0) options.onStep(step, loss);
  }
  const [w1, b1, w2, b2] = params;
  const probabilities = Array.from(sigmoid(mlp(X, w1, b1, w2, b2)).dataSync());
  return { loss, probabilities, params };
}
