import { describe, expect, it } from 'vitest';
import {
  BackendError,
  DisposedError,
  DTypeError,
  GradientError,
  ShapeError,
  TsgradError,
  ValueError,
  formatShape,
} from './errors.js';

describe('errors', () => {
  it('messages are "op: message" and keep the op', () => {
    const e = new ShapeError('matmul', 'inner dimensions differ');
    expect(e.message).toBe('matmul: inner dimensions differ');
    expect(e.op).toBe('matmul');
    expect(e.name).toBe('ShapeError');
    expect(e).toBeInstanceOf(TsgradError);
    expect(e).toBeInstanceOf(Error);
  });
  it('every subclass is a TsgradError with its own name', () => {
    for (const C of [
      ShapeError,
      DTypeError,
      ValueError,
      BackendError,
      DisposedError,
      GradientError,
    ]) {
      const e = new C('op', 'm');
      expect(TsgradError.isInstance(e)).toBe(true);
      expect(e.name).toBe(C.name);
    }
  });
  it('keeps a cause', () => {
    const cause = new Error('inner');
    expect(new ValueError('load', 'bad file', { cause }).cause).toBe(cause);
  });
  it('isInstance works across a duplicate copy of the package (the Symbol.for brand)', () => {
    // What another copy's error looks like: a different class with the same global brand.
    const brand = Symbol.for('tsgrad.error');
    class OtherCopyError extends Error {
      constructor(message: string) {
        super(message);
        Object.defineProperty(this, brand, { value: true });
      }
    }
    const foreign = new OtherCopyError('x: y');
    expect(foreign instanceof TsgradError).toBe(false);
    expect(TsgradError.isInstance(foreign)).toBe(true);
    expect(TsgradError.isInstance({ [Symbol.for('tsgrad.error')]: true })).toBe(true);
  });
  it('isInstance refuses everything else', () => {
    for (const v of [
      new Error('x'),
      null,
      undefined,
      'ShapeError',
      3,
      {},
      { [Symbol('tsgrad.error')]: true },
    ]) {
      expect(TsgradError.isInstance(v)).toBe(false);
    }
  });
  it('formatShape prints shapes compactly', () => {
    expect(formatShape([32, 784])).toBe('[32,784]');
    expect(formatShape([])).toBe('[]');
  });
});
