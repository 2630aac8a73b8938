import { valueAndGrad } from '@tsgrad/autograd';
import { type Tensor, add, mean, mul, rand, randn, scalar, square, sub } from '@tsgrad/tensor';

/** Options of {@link fitLine}. */
export interface LinearRegressionOptions {
  /** Number of samples. */
  samples: number;
  /** Standard deviation of the noise added to 2x + 1. */
  noise: number;
  /** Gradient-descent steps over the whole data set. */
  steps: number;
  learningRate: number;
  seed: number;
  /** Called every `logEvery` steps with the step and the loss. */
  onStep?: (step: number, loss: number) => void;
  logEvery?: number;
}

/** What {@link fitLine} returns. */
export interface LinearRegressionResult {
  /** The fitted slope and intercept. */
  w: number;
  b: number;
  /** The ordinary least-squares solution on the same data (the exact minimum of the loss). */
  exactW: number;
  exactB: number;
  /** Final mean squared error. */
  loss: number;
  /** Mean squared error at the start (w = b = 0). */
  initialLoss: number;
}

/** Samples `x` uniform in [-1, 1] and `y = 2x + 1 + noise`, seeded. */
export function makeData(samples: number, noise: number, seed: number): { x: Tensor; y: Tensor } {
  const x = rand([samples], { low: -1, high: 1, seed });
  const y = add(add(mul(x, 2), 1), randn([samples], { std: noise, seed: seed + 1 }));
  return { x, y };
}

/**
 * Fits `y ≈ w·x + b` by plain (full-batch) gradient descent on the mean squared error, with the
 * gradients from `valueAndGrad`, and also solves the normal equations for comparison.
 */
export function fitLine(options: LinearRegressionOptions): LinearRegressionResult {
  const { samples, noise, steps, learningRate, seed } = options;
  const { x, y } = makeData(samples, noise, seed);
  const mse = (w: Tensor, b: Tensor) => mean(square(sub(add(mul(x, w), b), y)));
  const lossAndGrads = valueAndGrad(mse, [0, 1]);

  let w = scalar(0);
  let b = scalar(0);
  const initialLoss = mse(w, b).item();
  let loss = initialLoss;
  for (let step = 1; step <= steps; step++) {
    const [value, [gw, gb]] = lossAndGrads(w, b);
    // θ ← θ − η·∇θ: new (immutable) tensors each step, no optimizer object needed.
    w = sub(w, mul(gw, learningRate));
    b = sub(b, mul(gb, learningRate));
    loss = value.item();
    if (options.onStep && step % (options.logEvery ?? 100) === 0) options.onStep(step, loss);
  }
  loss = mse(w, b).item();

  // Normal equations for one feature: w = cov(x, y) / var(x), b = ȳ − w·x̄.
  const xs = x.dataSync();
  const ys = y.dataSync();
  let mx = 0;
  let my = 0;
  for (let i = 0; i < samples; i++) {
    mx += xs[i];
    my += ys[i];
  }
  mx /= samples;
  my /= samples;
  let sxy = 0;
  let sxx = 0;
  for (let i = 0; i < samples; i++) {
    sxy += (xs[i] - mx) * (ys[i] - my);
    sxx += (xs[i] - mx) ** 2;
  }
  const exactW = sxy / sxx;
  return { w: w.item(), b: b.item(), exactW, exactB: my - exactW * mx, loss, initialLoss };
}
