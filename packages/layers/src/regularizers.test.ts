import { tensor } from '@tsgrad/tensor';
import { describe, expect, test } from 'vitest';
import { getRegularizer, l1, l1l2, l2, serializeRegularizer } from './regularizers.js';

describe('regularizers', () => {
  const w = tensor([
    [1, -2],
    [3, -4],
  ]);

  test('penalties', () => {
    expect(l1(0.1).apply(w).item()).toBeCloseTo(1, 6);
    expect(l2(0.1).apply(w).item()).toBeCloseTo(3, 6);
    expect(l1l2({ l1: 0.1, l2: 0.1 }).apply(w).item()).toBeCloseTo(4, 6);
    expect(l1l2().apply(w).item()).toBe(0);
    expect(l2().getConfig()).toEqual({ l1: 0, l2: 0.01 });
  });

  test('by name and from a serialized config', () => {
    expect(getRegularizer('l2').getConfig()).toEqual({ l1: 0, l2: 0.01 });
    expect(getRegularizer('L1').getConfig()).toEqual({ l1: 0.01, l2: 0 });
    expect(getRegularizer('l1_l2').getConfig()).toEqual({ l1: 0.01, l2: 0.01 });
    const r = l1l2({ l1: 0.5, l2: 0.25 });
    expect(
      getRegularizer(JSON.parse(JSON.stringify(serializeRegularizer(r))))
        .apply(w)
        .item(),
    ).toBeCloseTo(r.apply(w).item(), 6);
    expect(() => getRegularizer('l3')).toThrow(
      'getRegularizer: unknown regularizer "l3"; known regularizers: l1, l2, l1l2 (className \'L1L2\')',
    );
    expect(() => l2(-1)).toThrow('l2: l2 must be a finite number >= 0, got -1');
  });
});
