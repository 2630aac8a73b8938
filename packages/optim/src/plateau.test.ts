import { describe, expect, it } from 'vitest';
import { plateauController } from './plateau.js';

/** Feeds metrics and returns the learning rate after each, applying reductions. */
function drive(
  controller: ReturnType<typeof plateauController>,
  lr: number,
  metrics: number[],
): number[] {
  return metrics.map((m) => {
    const next = controller.update(m, lr);
    if (next !== null) lr = next;
    return lr;
  });
}

describe('plateauController', () => {
  it('reduces after `patience` updates without improvement', () => {
    const c = plateauController({ factor: 0.5, patience: 2 });
    expect(drive(c, 1, [1.0, 0.9, 0.95, 0.96, 0.97, 0.98, 0.5])).toEqual([
      1, 1, 1, 0.5, 0.5, 0.25, 0.25,
    ]);
    expect(c.best).toBe(0.5);
  });

  it('ignores changes within minDelta', () => {
    const c = plateauController({ factor: 0.1, patience: 1, minDelta: 0.1 });
    // 0.95 is not better than 1 − 0.1: a plateau
    expect(drive(c, 1, [1, 0.95])).toEqual([1, 0.1]);
  });

  it('waits `cooldown` updates after a reduction', () => {
    const c = plateauController({ factor: 0.5, patience: 1, cooldown: 3 });
    // As Keras: the cooldown counts down at the start of each update, so with cooldown 3 the
    // two updates after a reduction are quiet and the third counts towards patience again.
    expect(drive(c, 1, [1, 1, 1, 1, 1, 1, 1, 1])).toEqual([
      1, 0.5, 0.5, 0.5, 0.25, 0.25, 0.25, 0.125,
    ]);
  });

  it('never goes below minLr and stops reducing there', () => {
    const c = plateauController({ factor: 0.1, patience: 0, minLr: 0.05 });
    expect(drive(c, 1, [1, 1, 1, 1])).toEqual([1, 0.1, 0.05, 0.05]);
  });

  it("mode 'max' for metrics where higher is better; NaN is no improvement", () => {
    const c = plateauController({ factor: 0.5, patience: 1, mode: 'max' });
    expect(drive(c, 1, [0.5, 0.6, 0.55, 0.7, Number.NaN])).toEqual([1, 1, 0.5, 0.5, 0.25]);
  });

  it('reset forgets the best value and the counters', () => {
    const c = plateauController({ patience: 3 });
    c.update(1, 0.1);
    c.update(2, 0.1);
    expect(c.wait).toBe(1);
    c.reset();
    expect([c.best, c.wait, c.cooldownCounter]).toEqual([Number.POSITIVE_INFINITY, 0, 0]);
  });

  it('validates its options', () => {
    expect(() => plateauController({ factor: 1 })).toThrow(
      'plateauController: factor must be in (0, 1), got 1',
    );
    expect(() => plateauController({ patience: -1 })).toThrow(
      'plateauController: patience must be an integer >= 0, got -1',
    );
    expect(() => plateauController({ mode: 'auto' as any })).toThrow(
      `plateauController: mode must be 'min' or 'max', got "auto"`,
    );
    expect(() => plateauController({ minLr: -1 })).toThrow(
      'plateauController: minLr must be >= 0, got -1',
    );
  });
});
