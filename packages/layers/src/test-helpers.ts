import { checkGrads } from '@tsgrad/autograd';
import type { Tensor } from '@tsgrad/tensor';
import { expect } from 'vitest';
import { type CallOptions, type Layer, functionalCall } from './layer.js';

/** Elementwise |a − b| <= atol + rtol·|b|. */
export function expectClose(
  actual: Tensor | ArrayLike<number>,
  expected: Tensor | ArrayLike<number>,
  atol = 1e-5,
  rtol = 1e-5,
): void {
  const a = 'dataSync' in actual ? actual.dataSync() : actual;
  const b = 'dataSync' in expected ? expected.dataSync() : expected;
  expect(a.length).toBe(b.length);
  for (let i = 0; i < a.length; i++) {
    if (!(Math.abs(a[i] - b[i]) <= atol + rtol * Math.abs(b[i]))) {
      throw new Error(`element ${i}: ${a[i]} vs ${b[i]} (atol ${atol}, rtol ${rtol})`);
    }
  }
}

/**
 * Gradient check of a (float64) layer with respect to its input and every parameter, through
 * `functionalCall`. Builds the layer first with a call.
 */
export function checkLayerGrads(
  layer: Layer<Tensor, Tensor>,
  x: Tensor,
  options: CallOptions = {},
  tolerance = {},
): void {
  layer.call(x, options);
  const params = layer.parameters();
  expect(params.length).toBeGreaterThan(0);
  const names = params.map((p) => p.name!);
  checkGrads(
    (xi: Tensor, ...ps: Tensor[]) =>
      functionalCall(layer, new Map(names.map((n, i) => [n, ps[i]])), xi, options),
    [x, ...params],
    { atol: 1e-6, rtol: 1e-5, ...tolerance },
  );
}
