import { describe, expect, it } from 'vitest';
import { adam } from './adam.js';
import { adamax } from './adamax.js';
import { adamw } from './adamw.js';
import { nadam } from './nadam.js';
import { closeTo, trace } from './test-helpers.js';

const b1 = 0.9;
const b2 = 0.999;
const eps = 1e-7;

describe('adam', () => {
  it('matches the update with bias correction for three steps', () => {
    const lr = 0.1;
    const got = trace(adam({ learningRate: lr }), [1], [[0.5], [-0.2], [0.3]]);
    // step 1: m = 0.1·0.5, v = 0.001·0.25; m̂ = m/(1 − 0.9), v̂ = v/(1 − 0.999)
    const m1 = (1 - b1) * 0.5;
    const v1 = (1 - b2) * 0.25;
    const p1 = 1 - (lr * (m1 / (1 - b1))) / (Math.sqrt(v1 / (1 - b2)) + eps);
    // step 2
    const m2 = b1 * m1 + (1 - b1) * -0.2;
    const v2 = b2 * v1 + (1 - b2) * 0.04;
    const p2 = p1 - (lr * (m2 / (1 - b1 ** 2))) / (Math.sqrt(v2 / (1 - b2 ** 2)) + eps);
    // step 3
    const m3 = b1 * m2 + (1 - b1) * 0.3;
    const v3 = b2 * v2 + (1 - b2) * 0.09;
    const p3 = p2 - (lr * (m3 / (1 - b1 ** 3))) / (Math.sqrt(v3 / (1 - b2 ** 3)) + eps);
    expect(closeTo(got, [[p1], [p2], [p3]])).toBe(true);
    // the first step moves by about lr, whatever the gradient's scale
    expect(p1).toBeCloseTo(0.9, 6);
  });

  it('amsgrad uses the running maximum of v', () => {
    const lr = 0.1;
    const got = trace(
      adam({ learningRate: lr, amsgrad: true, beta2: 0.5 }),
      [0],
      [[2], [0.1], [1.9]],
    );
    const m1 = 0.1 * 2;
    const v1 = 0.5 * 4;
    const p1 = -(lr * (m1 / 0.1)) / (Math.sqrt(v1 / 0.5) + eps);
    const m2 = 0.9 * m1 + 0.1 * 0.1;
    const v2 = 0.5 * v1 + 0.5 * 0.01; // 1.005 < v1: the max keeps v1 = 2
    const vMax = Math.max(v1, v2);
    const p2 = p1 - (lr * (m2 / (1 - 0.81))) / (Math.sqrt(vMax / (1 - 0.25)) + eps);
    // Step 3 reads v and vMax separately: v = 1.005 decays on its own, and the new maximum
    // (2.3075) is v's, not the old maximum's.
    const m3 = 0.9 * m2 + 0.1 * 1.9;
    const v3 = 0.5 * v2 + 0.5 * 1.9 ** 2;
    const vMax3 = Math.max(vMax, v3);
    const p3 = p2 - (lr * (m3 / (1 - 0.9 ** 3))) / (Math.sqrt(vMax3 / (1 - 0.125)) + eps);
    expect(closeTo(got, [[p1], [p2], [p3]])).toBe(true);
  });

  it('weightDecay adds λ·p to the gradient (L2)', () => {
    const got = trace(adam({ learningRate: 0.1, weightDecay: 0.5 }), [2], [[1]]);
    const g = 1 + 0.5 * 2;
    const m = 0.1 * g;
    const v = 0.001 * g * g;
    expect(closeTo(got, [[2 - (0.1 * (m / 0.1)) / (Math.sqrt(v / 0.001) + eps)]])).toBe(true);
  });

  it('validates its hyperparameters', () => {
    expect(() => adam({ learningRate: -0.01 })).toThrow(
      'adam: learningRate must be > 0, got -0.01',
    );
    expect(() => adam({ beta1: 1 })).toThrow('adam: beta1 must be in [0, 1), got 1');
    expect(() => adam({ beta2: -0.5 })).toThrow('adam: beta2 must be in [0, 1), got -0.5');
    expect(() => adam({ epsilon: -1 })).toThrow('adam: epsilon must be >= 0, got -1');
    expect(() => adam({ amsgrad: 'yes' as any })).toThrow(
      'adam: amsgrad must be a boolean, got "yes"',
    );
    expect(() => adam({ weightDecay: -0.1 })).toThrow('adam: weightDecay must be >= 0, got -0.1');
    expect(() => adam({ learningRate: Number.POSITIVE_INFINITY })).toThrow(
      'adam: learningRate must be > 0, got Infinity',
    );
  });
});

describe('adamw', () => {
  it('decays the weights, not the gradient: p ← p·(1 − lr·λ), then Adam', () => {
    const lr = 0.1;
    const wd = 0.5;
    const got = trace(adamw({ learningRate: lr, weightDecay: wd }), [2], [[1], [-1]]);
    const m1 = 0.1 * 1;
    const v1 = 0.001 * 1;
    const p1 = 2 * (1 - lr * wd) - (lr * (m1 / 0.1)) / (Math.sqrt(v1 / 0.001) + eps);
    const m2 = 0.9 * m1 - 0.1;
    const v2 = 0.999 * v1 + 0.001;
    const p2 =
      p1 * (1 - lr * wd) - (lr * (m2 / (1 - 0.81))) / (Math.sqrt(v2 / (1 - 0.999 ** 2)) + eps);
    expect(closeTo(got, [[p1], [p2]])).toBe(true);
  });

  it('has weightDecay 0.01 by default and its own name', () => {
    expect(adamw().getConfig()).toMatchObject({
      name: 'adamw',
      weightDecay: 0.01,
      learningRate: 0.001,
    });
    expect(() => adamw({ weightDecay: -1 })).toThrow('adamw: weightDecay must be >= 0, got -1');
  });
});

describe('adamax', () => {
  it('u ← max(β2·u, |g|); p ← p − lr/(1 − β1ᵗ)·m/(u + ε)', () => {
    const lr = 0.002;
    const got = trace(adamax(), [1], [[0.5], [-2], [0.1]]);
    const m1 = 0.1 * 0.5;
    const u1 = 0.5;
    const p1 = 1 - (lr / (1 - b1)) * (m1 / (u1 + eps));
    const m2 = 0.9 * m1 + 0.1 * -2;
    const u2 = Math.max(0.999 * u1, 2);
    const p2 = p1 - (lr / (1 - b1 ** 2)) * (m2 / (u2 + eps));
    const m3 = 0.9 * m2 + 0.1 * 0.1;
    const u3 = Math.max(0.999 * u2, 0.1);
    const p3 = p2 - (lr / (1 - b1 ** 3)) * (m3 / (u3 + eps));
    expect(closeTo(got, [[p1], [p2], [p3]])).toBe(true);
  });

  it('validates its hyperparameters', () => {
    expect(() => adamax({ beta2: 1.5 })).toThrow('adamax: beta2 must be in [0, 1), got 1.5');
  });
});

describe('nadam', () => {
  it('follows Dozat’s update with the momentum schedule for three steps', () => {
    const lr = 0.002;
    const psi = 0.004;
    const mu = (t: number) => b1 * (1 - 0.5 * 0.96 ** (t * psi));
    const got = trace(nadam(), [1], [[0.5], [-0.2], [0.3]]);
    let p = 1;
    let m = 0;
    let v = 0;
    let prod = 1;
    const want: number[][] = [];
    [0.5, -0.2, 0.3].forEach((g, i) => {
      const t = i + 1;
      m = b1 * m + (1 - b1) * g;
      v = b2 * v + (1 - b2) * g * g;
      prod *= mu(t);
      const d = Math.sqrt(v / (1 - b2 ** t)) + eps;
      p =
        p -
        ((lr * (1 - mu(t))) / (1 - prod)) * (g / d) -
        ((lr * mu(t + 1)) / (1 - prod * mu(t + 1))) * (m / d);
      want.push([p]);
    });
    expect(closeTo(got, want)).toBe(true);
  });

  it('validates its hyperparameters', () => {
    expect(() => nadam({ momentumDecay: -1 })).toThrow('nadam: momentumDecay must be >= 0, got -1');
  });
});
