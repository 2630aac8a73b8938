import { checkGrads, grad } from '@tsgrad/autograd';
import {
  DTypeError,
  type Pool2dOptions,
  ShapeError,
  type Tensor,
  ValueError,
  avgPool2d,
  avgPool2dGrad,
  maxPool2d,
  maxPool2dGrad,
  mul,
  ones,
  permutation,
  Generator,
  randn,
  sum,
  tensor,
  zeros,
} from '@tsgrad/tensor';
import { describe, expect, it } from 'vitest';

// ---- an independent reference: pooling written from the definitions -----------------------

function naivePool(
  x: Tensor,
  opts: Pool2dOptions,
  kind: 'max' | 'avg',
): { shape: number[]; values: number[] } {
  const pair = (v: number | readonly [number, number]): [number, number] =>
    typeof v === 'number' ? [v, v] : [v[0], v[1]];
  const [ph, pw] = pair(opts.poolSize);
  const [sh, sw] = pair(opts.strides ?? opts.poolSize);
  const [N, H, W, C] = x.shape;
  const xv = x.dataSync();
  const axis = (size: number, k: number, s: number): [number, number] => {
    if (opts.padding !== 'same') return [Math.floor((size - k) / s) + 1, 0];
    const out = Math.ceil(size / s);
    return [out, Math.floor(Math.max((out - 1) * s + k - size, 0) / 2)];
  };
  const [OH, pt] = axis(H, ph, sh);
  const [OW, pl] = axis(W, pw, sw);
  const values: number[] = [];
  for (let n = 0; n < N; n++)
    for (let i = 0; i < OH; i++)
      for (let j = 0; j < OW; j++)
        for (let c = 0; c < C; c++) {
          const cells: number[] = [];
          for (let a = 0; a < ph; a++)
            for (let b = 0; b < pw; b++) {
              const ih = i * sh - pt + a;
              const iw = j * sw - pl + b;
              if (ih >= 0 && ih < H && iw >= 0 && iw < W)
                cells.push(xv[((n * H + ih) * W + iw) * C + c]);
            }
          values.push(
            kind === 'max' ? Math.max(...cells) : cells.reduce((p, q) => p + q, 0) / cells.length,
          );
        }
  return { shape: [N, OH, OW, C], values };
}

function expectClose(actual: ArrayLike<number>, expected: ArrayLike<number>, tol = 1e-12): void {
  expect(actual.length).toBe(expected.length);
  for (let i = 0; i < actual.length; i++)
    expect(Math.abs(actual[i] - expected[i])).toBeLessThanOrEqual(
      tol * (1 + Math.abs(expected[i])),
    );
}

/** Distinct values (a shuffled ramp), so max pooling has no ties and finite differences work. */
function distinct(shape: number[], seed: number): Tensor {
  const n = shape.reduce((a, b) => a * b, 1);
  const p = permutation(n, new Generator(seed));
  return tensor(
    Float64Array.from(p, (v) => v / 10 - n / 20),
    shape,
    'float64',
  );
}

const grid: { x: number[]; opts: Pool2dOptions }[] = [];
for (const x of [
  [2, 6, 7, 3],
  [1, 5, 5, 1],
  [3, 4, 9, 2],
]) {
  for (const poolSize of [2, 3, [2, 3] as [number, number]]) {
    for (const strides of [undefined, 1, 2, [1, 3] as [number, number]]) {
      for (const padding of ['valid', 'same'] as const)
        grid.push({ x, opts: { poolSize, strides, padding } });
    }
  }
}
const gridCases = grid.map((c) => [JSON.stringify(c.x), JSON.stringify(c.opts), c] as const);

describe('maxPool2d', () => {
  it('takes the maximum of each window', () => {
    const x = tensor([1, 5, 2, 0, 3, 4, -1, 6, 7, 8, 9, 1, 2, 3, 4, 10], [1, 4, 4, 1]);
    expect(Array.from(maxPool2d(x, { poolSize: 2 }).dataSync())).toEqual([5, 6, 8, 10]);
    expect(Array.from(maxPool2d(x, { poolSize: 2, strides: 1 }).dataSync())).toEqual([
      5, 5, 6, 8, 9, 9, 8, 9, 10,
    ]);
    // 'same' with a 3x3 image and stride 2: the padded bottom-right cells never win, even over negatives.
    const neg = tensor([-9, -8, -7, -6, -5, -4, -3, -2, -1], [1, 3, 3, 1]);
    expect(Array.from(maxPool2d(neg, { poolSize: 2, padding: 'same' }).dataSync())).toEqual([
      -5, -4, -2, -1,
    ]);
  });

  it('propagates NaN', () => {
    const y = maxPool2d(tensor([1, Number.NaN, 3, 4], [1, 2, 2, 1]), { poolSize: 2 });
    expect(Number.isNaN(y.item())).toBe(true);
  });

  it.each(gridCases)('matches the direct version for x %s, %s', (_x, _o, { x: xs, opts }) => {
    const x = randn(xs, { seed: 1, dtype: 'float64' });
    const ref = naivePool(x, opts, 'max');
    const y = maxPool2d(x, opts);
    expect(y.shape).toEqual(ref.shape);
    expect(Array.from(y.dataSync())).toEqual(ref.values);
  });

  it('sends the gradient to the first maximum of each window on ties', () => {
    const x = tensor([1, 1, 1, 1, 0, 0, 1, 1], [1, 2, 4, 1]);
    const dx = grad((t: Tensor) => sum(maxPool2d(t, { poolSize: 2 })))(x);
    expect(Array.from(dx.dataSync())).toEqual([1, 0, 1, 0, 0, 0, 0, 0]);
    // Overlapping windows add up where they pick the same cell.
    const dy = tensor([1, 10], [1, 1, 2, 1]);
    expect(
      Array.from(
        maxPool2dGrad(tensor([0, 5, 0], [1, 1, 3, 1]), dy, {
          poolSize: [1, 2],
          strides: 1,
        }).dataSync(),
      ),
    ).toEqual([0, 11, 0]);
  });

  it.each([
    { poolSize: 2 },
    { poolSize: 2, padding: 'same' },
    { poolSize: 3, strides: 2, padding: 'same' },
    { poolSize: [2, 3], strides: 1 },
  ] as Pool2dOptions[])('passes finite-difference checks: %j', (opts) => {
    checkGrads((t) => maxPool2d(t, opts), [distinct([2, 5, 6, 3], 3)]);
  });

  it.each([
    { poolSize: 2 },
    { poolSize: 3, strides: 2, padding: 'same' },
    { poolSize: [2, 3], strides: 1 },
  ] as Pool2dOptions[])('maxPool2dGrad passes finite-difference checks in x and dy: %j', (opts) => {
    const x = distinct([2, 5, 6, 3], 8);
    const dy = randn(maxPool2d(x, opts).shape as number[], { seed: 9, dtype: 'float64' });
    checkGrads((a, d) => maxPool2dGrad(a, d, opts), [x, dy]);
  });

  it('has a second derivative', () => {
    const x = distinct([1, 4, 6, 2], 10);
    const opts: Pool2dOptions = { poolSize: 3, strides: 2, padding: 'same' };
    const loss = (u: Tensor) => sum(mul(maxPool2d(u, opts), maxPool2d(u, opts)));
    checkGrads((t) => sum(mul(grad(loss)(t), x)), [x]);
  });

  it('works in float32', () => {
    const x = randn([2, 6, 6, 4], { seed: 2 });
    const y = maxPool2d(x, { poolSize: 3, strides: 2, padding: 'same' });
    expect(y.dtype).toBe('float32');
    expectClose(
      y.dataSync(),
      naivePool(x, { poolSize: 3, strides: 2, padding: 'same' }, 'max').values,
    );
  });
});

describe('avgPool2d', () => {
  it("averages only the real cells with 'same' padding (TensorFlow)", () => {
    const x = tensor([1, 2, 3, 4, 5, 6, 7, 8, 9], [1, 3, 3, 1]);
    expect(Array.from(avgPool2d(x, { poolSize: 2, padding: 'same' }).dataSync())).toEqual([
      3, 4.5, 7.5, 9,
    ]);
    expect(Array.from(avgPool2d(x, { poolSize: 2, strides: 1 }).dataSync())).toEqual([3, 4, 6, 7]);
  });

  it.each(gridCases)('matches the direct version for x %s, %s', (_x, _o, { x: xs, opts }) => {
    const x = randn(xs, { seed: 4, dtype: 'float64' });
    const ref = naivePool(x, opts, 'avg');
    const y = avgPool2d(x, opts);
    expect(y.shape).toEqual(ref.shape);
    expectClose(y.dataSync(), ref.values);
  });

  it('spreads the gradient evenly over real cells', () => {
    const dx = avgPool2dGrad(tensor([4, 2, 6, 1], [1, 2, 2, 1]), [1, 3, 3, 1], {
      poolSize: 2,
      padding: 'same',
    });
    expect(Array.from(dx.dataSync())).toEqual([1, 1, 1, 1, 1, 1, 3, 3, 1]);
  });

  it.each([
    { poolSize: 2 },
    { poolSize: 2, padding: 'same' },
    { poolSize: 3, strides: 2, padding: 'same' },
    { poolSize: [2, 3], strides: [1, 2] },
  ] as Pool2dOptions[])('passes finite-difference checks, and so does its gradient: %j', (opts) => {
    const x = randn([2, 5, 6, 3], { seed: 5, dtype: 'float64' });
    checkGrads((t) => avgPool2d(t, opts), [x]);
    const dy = randn(avgPool2d(x, opts).shape as number[], { seed: 6, dtype: 'float64' });
    checkGrads((t) => avgPool2dGrad(t, [2, 5, 6, 3], opts), [dy]);
  });

  it('has a second derivative through avgPool2dGrad', () => {
    const x = randn([1, 4, 4, 2], { seed: 7, dtype: 'float64' });
    checkGrads(
      (t) =>
        sum(
          mul(
            grad((u: Tensor) =>
              sum(mul(avgPool2d(u, { poolSize: 2 }), avgPool2d(u, { poolSize: 2 }))),
            )(t),
            x,
          ),
        ),
      [x],
    );
  });
});

describe('pooling errors', () => {
  const x = zeros([1, 4, 4, 2]);

  it('checks rank and window size', () => {
    expect(() => maxPool2d(zeros([4, 4, 2]), { poolSize: 2 })).toThrow(
      new ShapeError(
        'maxPool2d',
        'x must have rank 4 [batch, height, width, channels], got shape [4,4,2]',
      ),
    );
    expect(() => avgPool2d(x, { poolSize: [5, 2] })).toThrow(
      new ShapeError(
        'avgPool2d',
        "the pooling window 5x2 is larger than the 4x4 input (x shape [1,4,4,2]) with padding 'valid'; use padding 'same' or a smaller poolSize",
      ),
    );
    expect(avgPool2d(x, { poolSize: [5, 2], padding: 'same' }).shape).toEqual([1, 1, 2, 2]);
  });

  it('checks options', () => {
    expect(() => maxPool2d(x, {} as Pool2dOptions)).toThrow(
      new ValueError(
        'maxPool2d',
        'options must include poolSize (a positive integer or [height, width])',
      ),
    );
    expect(() => maxPool2d(x, undefined as unknown as Pool2dOptions)).toThrow(ValueError);
    expect(() => maxPool2d(x, { poolSize: 0 })).toThrow(
      new ValueError('maxPool2d', 'poolSize must be a positive integer or a pair of them, got 0'),
    );
    expect(() => avgPool2d(x, { poolSize: 2, strides: [1, 0] })).toThrow(
      new ValueError(
        'avgPool2d',
        'strides must be a positive integer or a pair of them, got [1,0]',
      ),
    );
    expect(() => avgPool2d(x, { poolSize: 2, padding: 'causal' as 'same' })).toThrow(
      new ValueError('avgPool2d', `padding must be 'valid' or 'same', got "causal"`),
    );
  });

  it('checks dtypes', () => {
    expect(() => maxPool2d(zeros([1, 4, 4, 2], 'int32'), { poolSize: 2 })).toThrow(
      new DTypeError('maxPool2d', 'x must be float32 or float64, got int32'),
    );
    expect(() => avgPool2d(zeros([1, 4, 4, 2], 'bool'), { poolSize: 2 })).toThrow(
      new DTypeError('avgPool2d', 'x must be float32 or float64, got bool'),
    );
  });

  it('checks the gradient ops', () => {
    expect(() => maxPool2dGrad(x, ones([1, 3, 3, 2]), { poolSize: 2 })).toThrow(
      new ShapeError(
        'maxPool2dGrad',
        "dy has shape [1,3,3,2] but pooling an input [1,4,4,2] (poolSize [2,2], strides [2,2], padding 'valid') gives [1,2,2,2]",
      ),
    );
    expect(() => maxPool2dGrad(x, ones([1, 2, 2, 2], 'float64'), { poolSize: 2 })).toThrow(
      new DTypeError('maxPool2dGrad', 'x is float32 but dy is float64'),
    );
    expect(() => avgPool2dGrad(ones([1, 2, 2, 2]), [1, 4, 4], { poolSize: 2 })).toThrow(
      new ShapeError('avgPool2dGrad', 'inputShape must be 4 integers >= 0, got [1,4,4]'),
    );
    expect(() => avgPool2dGrad(ones([1, 2, 2, 1]), [1, 4, 4, 2], { poolSize: 2 })).toThrow(
      /avgPool2dGrad: dy has shape \[1,2,2,1\] but pooling an input \[1,4,4,2\]/,
    );
    expect(() => avgPool2dGrad(ones([1, 2, 2, 2]), [1, 1, 4, 2], { poolSize: 2 })).toThrow(
      /avgPool2dGrad: the pooling window 2x2 is larger than the 1x4 input \(inputShape shape/,
    );
  });
});
