import { Generator, type Tensor, tensor } from '@tsgrad/tensor';

/** A synthetic sequence task: inputs `[N, T, F]`, targets `[N, 1]`, and a naive prediction. */
export interface SequenceData {
  x: Tensor;
  y: Tensor;
  /** The naive baseline's prediction for each sequence, `[N, 1]`. */
  baseline: Tensor;
}

/** A synthetic task with its name and the naive baseline it must beat. */
export interface Task {
  name: string;
  /** What the baseline predicts, in words. */
  baselineName: string;
  steps: number;
  features: number;
  make(n: number, seed: number): SequenceData;
}

/**
 * Sine forecasting: `T` samples of `sin(ω·t + φ)` plus noise (ω and φ random per sequence);
 * predict the next, noise-free value. The naive forecast repeats the last observed value
 * (persistence), which is off by about ω·Δt each step.
 */
export function sineTask(steps = 20, noise = 0.02): Task {
  return {
    name: 'sine forecasting',
    baselineName: 'repeat the last value',
    steps,
    features: 1,
    make(n, seed) {
      const g = new Generator(seed);
      const x = new Float32Array(n * steps);
      const y = new Float32Array(n);
      const base = new Float32Array(n);
      for (let i = 0; i < n; i++) {
        const omega = 0.15 + 0.35 * g.uniform(); // radians per step: periods of 13–42 steps
        const phi = 2 * Math.PI * g.uniform();
        for (let t = 0; t < steps; t++)
          x[i * steps + t] = Math.sin(omega * t + phi) + noise * g.normal();
        y[i] = Math.sin(omega * steps + phi);
        base[i] = x[i * steps + steps - 1];
      }
      return {
        x: tensor(x, [n, steps, 1]),
        y: tensor(y, [n, 1]),
        baseline: tensor(base, [n, 1]),
      };
    },
  };
}

/**
 * The adding problem (Hochreiter & Schmidhuber 1997): each step has a value uniform in [0, 1]
 * and a marker; exactly two steps are marked (one in each half), and the target is the sum of
 * their values. Solving it needs memory of two numbers across the sequence. The naive
 * prediction is the mean of the target, 1, whose mean squared error is Var = 2/12 ≈ 0.167.
 */
export function addingTask(steps = 30): Task {
  return {
    name: 'adding problem',
    baselineName: 'always predict 1 (the mean)',
    steps,
    features: 2,
    make(n, seed) {
      const g = new Generator(seed);
      const x = new Float32Array(n * steps * 2);
      const y = new Float32Array(n);
      const half = Math.floor(steps / 2);
      for (let i = 0; i < n; i++) {
        for (let t = 0; t < steps; t++) x[(i * steps + t) * 2] = g.uniform();
        const a = g.integer(0, half);
        const b = g.integer(half, steps);
        x[(i * steps + a) * 2 + 1] = 1;
        x[(i * steps + b) * 2 + 1] = 1;
        y[i] = x[(i * steps + a) * 2] + x[(i * steps + b) * 2];
      }
      return {
        x: tensor(x, [n, steps, 2]),
        y: tensor(y, [n, 1]),
        baseline: tensor(new Float32Array(n).fill(1), [n, 1]),
      };
    },
  };
}
