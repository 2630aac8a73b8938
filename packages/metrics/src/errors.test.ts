import { describe, expect, it } from 'vitest';
import { accuracy } from './accuracy.js';
import { MetricsError } from './errors.js';

describe('MetricsError', () => {
  it('prefixes the op, keeps it in op, and is an Error', () => {
    const e = new MetricsError('rocAuc', 'only one class present in yTrue; AUC is undefined');
    expect(e).toBeInstanceOf(Error);
    expect(e.name).toBe('MetricsError');
    expect(e.op).toBe('rocAuc');
    expect(e.message).toBe('rocAuc: only one class present in yTrue; AUC is undefined');
  });

  it('carries the shared tsgrad brand', () => {
    const e = new MetricsError('accuracy', 'empty input');
    expect((e as any)[Symbol.for('tsgrad.error')]).toBe(true);
  });

  it('isInstance works by brand, not identity', () => {
    const e = new MetricsError('accuracy', 'empty input');
    expect(MetricsError.isInstance(e)).toBe(true);
    // A copy from a duplicate install: a different class with the same brands.
    const foreign = Object.assign(new Error('x'), { [Symbol.for('tsgrad.metrics.error')]: true });
    expect(MetricsError.isInstance(foreign)).toBe(true);
    expect(MetricsError.isInstance(new Error('x'))).toBe(false);
    expect(MetricsError.isInstance(null)).toBe(false);
    expect(MetricsError.isInstance('accuracy: empty input')).toBe(false);
    // Other tsgrad errors carry only the shared brand.
    const other = Object.assign(new Error('x'), { [Symbol.for('tsgrad.error')]: true });
    expect(MetricsError.isInstance(other)).toBe(false);
  });

  it('is what the metrics throw', () => {
    try {
      accuracy([], []);
      expect.unreachable();
    } catch (e) {
      expect(MetricsError.isInstance(e)).toBe(true);
      expect((e as MetricsError).op).toBe('accuracy');
    }
  });
});
