import { describe, expect, it } from 'vitest';
import { SGD, sgd } from './sgd.js';
import { closeTo, trace } from './test-helpers.js';

describe('sgd', () => {
  it('plain: p ← p − lr·g', () => {
    const got = trace(
      sgd({ learningRate: 0.1 }),
      [1, -2],
      [
        [0.5, 1],
        [-1, 2],
      ],
    );
    expect(
      closeTo(got, [
        [1 - 0.1 * 0.5, -2 - 0.1 * 1],
        [1 - 0.05 + 0.1, -2.1 - 0.2],
      ]),
    ).toBe(true);
  });

  it('momentum: the buffer starts at g, then b ← μ·b + g', () => {
    const got = trace(sgd({ learningRate: 0.1, momentum: 0.9 }), [1], [[0.5], [-1], [2]]);
    const b1 = 0.5;
    const b2 = 0.9 * b1 - 1;
    const b3 = 0.9 * b2 + 2;
    const p1 = 1 - 0.1 * b1;
    const p2 = p1 - 0.1 * b2;
    expect(closeTo(got, [[p1], [p2], [p2 - 0.1 * b3]])).toBe(true);
  });

  it('dampening scales the gradient added after the first step', () => {
    const got = trace(sgd({ learningRate: 0.1, momentum: 0.5, dampening: 0.25 }), [0], [[1], [1]]);
    const b1 = 1; // no dampening on the first step, as PyTorch
    const b2 = 0.5 * b1 + (1 - 0.25) * 1;
    expect(closeTo(got, [[-0.1 * b1], [-0.1 * b1 - 0.1 * b2]])).toBe(true);
  });

  it('nesterov: p ← p − lr·(g + μ·b)', () => {
    const got = trace(
      sgd({ learningRate: 0.1, momentum: 0.9, nesterov: true }),
      [1],
      [[0.5], [-1]],
    );
    const b1 = 0.5;
    const p1 = 1 - 0.1 * (0.5 + 0.9 * b1);
    const b2 = 0.9 * b1 - 1;
    expect(closeTo(got, [[p1], [p1 - 0.1 * (-1 + 0.9 * b2)]])).toBe(true);
  });

  it('weightDecay adds λ·p to the gradient', () => {
    const got = trace(sgd({ learningRate: 0.1, weightDecay: 0.01 }), [2], [[0.5], [0.5]]);
    const p1 = 2 - 0.1 * (0.5 + 0.01 * 2);
    expect(closeTo(got, [[p1], [p1 - 0.1 * (0.5 + 0.01 * p1)]])).toBe(true);
  });

  it('defaults and config', () => {
    const opt = new SGD();
    expect(opt.learningRate).toBe(0.01);
    expect(opt.getConfig()).toEqual({
      name: 'sgd',
      learningRate: 0.01,
      momentum: 0,
      dampening: 0,
      nesterov: false,
      weightDecay: 0,
    });
  });

  it('validates its hyperparameters', () => {
    expect(() => sgd({ learningRate: -0.01 })).toThrow('sgd: learningRate must be > 0, got -0.01');
    expect(() => sgd({ momentum: 1.5 })).toThrow('sgd: momentum must be in [0, 1), got 1.5');
    expect(() => sgd({ dampening: 2 })).toThrow('sgd: dampening must be in [0, 1], got 2');
    expect(() => sgd({ nesterov: true })).toThrow(
      'sgd: nesterov needs momentum > 0 and dampening 0, got momentum 0 and dampening 0',
    );
    expect(() => sgd({ nesterov: true, momentum: 0.9, dampening: 0.1 })).toThrow(
      'sgd: nesterov needs momentum > 0 and dampening 0, got momentum 0.9 and dampening 0.1',
    );
    expect(() => sgd({ weightDecay: -1 })).toThrow('sgd: weightDecay must be >= 0, got -1');
    expect(() => sgd({ lr: 0.1 } as any)).toThrow(
      "sgd: unknown option 'lr' (known options: learningRate, clipValue, clipNorm, clipGlobalNorm, momentum, dampening, nesterov, weightDecay)",
    );
  });
});
