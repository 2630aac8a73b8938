import { type Tensor, square, sub, sum, tensor } from '@tsgrad/tensor';
import { describe, expect, it } from 'vitest';
import { getOptimizer } from './registry.js';
import { minimize, rosenbrock } from './test-helpers.js';

const target = tensor([1.5, -2, 0.25, 3], undefined, 'float64');
const quadratic = (x: Tensor) => sum(square(sub(x, target)));

describe('every optimizer minimizes ||x − c||²', () => {
  const cases: [string, Record<string, unknown>, number][] = [
    ['sgd', { learningRate: 0.1 }, 100],
    ['sgd', { learningRate: 0.05, momentum: 0.9, nesterov: true }, 200],
    ['adagrad', { learningRate: 0.5 }, 300],
    ['rmsprop', { learningRate: 0.01, centered: true, momentum: 0.5 }, 600],
    ['adam', { learningRate: 0.1 }, 500],
    ['adam', { learningRate: 0.1, amsgrad: true }, 500],
    ['adamw', { learningRate: 0.1, weightDecay: 1e-4 }, 500],
    ['adamax', { learningRate: 0.1 }, 500],
    ['nadam', { learningRate: 0.1 }, 500],
  ];
  it.each(cases)('%s %j', (name, options, steps) => {
    const x = minimize(getOptimizer(name, options), quadratic, [0, 0, 0, 0], steps);
    expect(quadratic(x).item()).toBeLessThan(1e-4);
  });
});

describe('every optimizer gets from (-1.5, 2) to near (1, 1) on Rosenbrock', () => {
  // [name, options, steps, loss threshold] — tuned learning rates; float64, deterministic.
  const cases: [string, Record<string, unknown>, number, number][] = [
    ['sgd', { learningRate: 2e-3, momentum: 0.9 }, 2000, 1e-10],
    ['sgd', { learningRate: 1e-3, momentum: 0.9, nesterov: true }, 2000, 1e-6],
    ['adagrad', { learningRate: 1.5 }, 3000, 5e-3],
    ['rmsprop', { learningRate: 2e-3 }, 3000, 5e-3],
    ['rmsprop', { learningRate: 1e-3, momentum: 0.9, centered: true }, 2000, 1e-3],
    ['adam', { learningRate: 0.05 }, 2000, 1e-10],
    ['adam', { learningRate: 0.05, amsgrad: true }, 2000, 1e-5],
    ['adamw', { learningRate: 0.05, weightDecay: 1e-4 }, 2000, 1e-5],
    ['adamax', { learningRate: 0.2 }, 2000, 1e-3],
    ['nadam', { learningRate: 0.02 }, 3000, 1e-3],
  ];
  it.each(cases)('%s %j', (name, options, steps, threshold) => {
    const p = minimize(getOptimizer(name, options), rosenbrock, [-1.5, 2], steps);
    expect(rosenbrock(p).item()).toBeLessThan(threshold);
    const [x, y] = p.dataSync();
    expect(Math.hypot(x - 1, y - 1)).toBeLessThan(0.1);
  });
});
