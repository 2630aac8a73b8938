import { checkGrads, grad } from '@tsgrad/autograd';
import {
  type Conv2dOptions,
  DTypeError,
  ShapeError,
  type Tensor,
  ValueError,
  conv2d,
  conv2dBackpropFilter,
  conv2dBackpropInput,
  maxPool2d,
  mul,
  randn,
  sum,
  tensor,
  zeros,
} from '@tsgrad/tensor';
import { describe, expect, it } from 'vitest';

// ---- an independent reference: direct convolution, written from the definitions ------------

interface Ref {
  sh: number;
  sw: number;
  dh: number;
  dw: number;
  same: boolean;
}

function refOf(opts: Conv2dOptions): Ref {
  const pair = (v: number | readonly [number, number] | undefined): [number, number] =>
    v === undefined ? [1, 1] : typeof v === 'number' ? [v, v] : [v[0], v[1]];
  const [sh, sw] = pair(opts.strides);
  const [dh, dw] = pair(opts.dilation);
  return { sh, sw, dh, dw, same: opts.padding === 'same' };
}

/** Output size and leading pad of one axis, straight from TensorFlow's documentation. */
function axis(
  size: number,
  k: number,
  stride: number,
  dil: number,
  same: boolean,
): [number, number] {
  const eff = (k - 1) * dil + 1;
  if (!same) return [Math.floor((size - eff) / stride) + 1, 0];
  const out = Math.ceil(size / stride);
  return [out, Math.floor(Math.max((out - 1) * stride + eff - size, 0) / 2)];
}

function geometry(xs: number[], fs: number[], r: Ref) {
  const [oh, pt] = axis(xs[1], fs[0], r.sh, r.dh, r.same);
  const [ow, pl] = axis(xs[2], fs[1], r.sw, r.dw, r.same);
  return { oh, ow, pt, pl };
}

/**
 * Calls `f(xi, wi, yi)` for every (input, filter, output) index triple of a conv: the seven
 * nested loops of the direct convolution.
 */
function forEachTap(
  xs: number[],
  fs: number[],
  r: Ref,
  f: (xi: number, wi: number, yi: number) => void,
): number[] {
  const [N, H, W, C] = xs;
  const [KH, KW, , F] = fs;
  const { oh: OH, ow: OW, pt, pl } = geometry(xs, fs, r);
  for (let n = 0; n < N; n++)
    for (let i = 0; i < OH; i++)
      for (let j = 0; j < OW; j++)
        for (let o = 0; o < F; o++)
          for (let kh = 0; kh < KH; kh++)
            for (let kw = 0; kw < KW; kw++)
              for (let c = 0; c < C; c++) {
                const ih = i * r.sh - pt + kh * r.dh;
                const iw = j * r.sw - pl + kw * r.dw;
                if (ih < 0 || ih >= H || iw < 0 || iw >= W) continue;
                f(
                  ((n * H + ih) * W + iw) * C + c,
                  ((kh * KW + kw) * C + c) * F + o,
                  ((n * OH + i) * OW + j) * F + o,
                );
              }
  return [N, OH, OW, F];
}

function naiveConv(
  x: Tensor,
  w: Tensor,
  opts: Conv2dOptions,
): { shape: number[]; values: Float64Array } {
  const xv = x.dataSync();
  const wv = w.dataSync();
  const r = refOf(opts);
  const { oh, ow } = geometry([...x.shape], [...w.shape], r);
  const values = new Float64Array(x.shape[0] * oh * ow * w.shape[3]);
  const shape = forEachTap([...x.shape], [...w.shape], r, (xi, wi, yi) => {
    values[yi] += xv[xi] * wv[wi];
  });
  return { shape, values };
}

function naiveBackpropInput(
  dy: Tensor,
  w: Tensor,
  xShape: number[],
  opts: Conv2dOptions,
): Float64Array {
  const dyv = dy.dataSync();
  const wv = w.dataSync();
  const dx = new Float64Array(xShape.reduce((a, b) => a * b, 1));
  forEachTap(xShape, [...w.shape], refOf(opts), (xi, wi, yi) => {
    dx[xi] += dyv[yi] * wv[wi];
  });
  return dx;
}

function naiveBackpropFilter(
  x: Tensor,
  dy: Tensor,
  fShape: number[],
  opts: Conv2dOptions,
): Float64Array {
  const xv = x.dataSync();
  const dyv = dy.dataSync();
  const dw = new Float64Array(fShape.reduce((a, b) => a * b, 1));
  forEachTap([...x.shape], fShape, refOf(opts), (xi, wi, yi) => {
    dw[wi] += xv[xi] * dyv[yi];
  });
  return dw;
}

function expectClose(actual: ArrayLike<number>, expected: ArrayLike<number>, tol = 1e-9): void {
  expect(actual.length).toBe(expected.length);
  let worst = 0;
  for (let i = 0; i < actual.length; i++)
    worst = Math.max(worst, Math.abs(actual[i] - expected[i]) / (1 + Math.abs(expected[i])));
  expect(worst).toBeLessThanOrEqual(tol);
}

const f64 = (shape: number[], seed: number) => randn(shape, { seed, dtype: 'float64' });

// ---- values ---------------------------------------------------------------------------------

describe('conv2d values', () => {
  it('computes a hand-checked valid convolution', () => {
    // x = 1..9 as a 3x3 image, a 2x2 filter [[1, 0], [0, -1]]: y = x[i,j] - x[i+1,j+1].
    const x = tensor([1, 2, 3, 4, 5, 6, 7, 8, 9], [1, 3, 3, 1]);
    const w = tensor([1, 0, 0, -1], [2, 2, 1, 1]);
    const y = conv2d(x, w);
    expect(y.shape).toEqual([1, 2, 2, 1]);
    expect(Array.from(y.dataSync())).toEqual([-4, -4, -4, -4]);
  });

  it("pads 'same' as TensorFlow: the odd extra row and column go at the bottom and right", () => {
    const x = tensor([1, 2, 3, 4, 5, 6, 7, 8, 9], [1, 3, 3, 1]);
    const y = conv2d(x, tensor([1, 1, 1, 1], [2, 2, 1, 1]), { padding: 'same' });
    expect(y.shape).toEqual([1, 3, 3, 1]);
    expect(Array.from(y.dataSync())).toEqual([12, 16, 9, 24, 28, 15, 15, 17, 9]);
  });

  it('mixes channels into filters', () => {
    // One pixel, two channels [1, 2]; filters [[1, 10, 100], [-1, 0, 1]] per channel.
    const y = conv2d(tensor([1, 2], [1, 1, 1, 2]), tensor([1, 10, 100, -1, 0, 1], [1, 1, 2, 3]));
    expect(Array.from(y.dataSync())).toEqual([-1, 10, 102]);
  });

  const cases: { x: number[]; f: number[]; opts: Conv2dOptions }[] = [];
  const shapes: [number[], number[]][] = [
    [
      [2, 7, 6, 3],
      [3, 2, 3, 4],
    ],
    [
      [1, 9, 5, 2],
      [2, 3, 2, 5],
    ],
    [
      [3, 5, 5, 1],
      [1, 1, 1, 2],
    ],
    [
      [2, 6, 7, 4],
      [1, 1, 4, 3],
    ],
  ];
  for (const [x, f] of shapes) {
    for (const strides of [1, 2, [2, 1] as [number, number]]) {
      for (const padding of ['valid', 'same'] as const) {
        for (const dilation of [1, 2, [1, 2] as [number, number]]) {
          const kh = (f[0] - 1) * (typeof dilation === 'number' ? dilation : dilation[0]) + 1;
          const kw = (f[1] - 1) * (typeof dilation === 'number' ? dilation : dilation[1]) + 1;
          if (padding === 'valid' && (kh > x[1] || kw > x[2])) continue;
          cases.push({ x, f, opts: { strides, padding, dilation } });
        }
      }
    }
  }

  it.each(
    cases.map(
      (c) => [JSON.stringify(c.x), JSON.stringify(c.f), JSON.stringify(c.opts), c] as const,
    ),
  )(
    'matches the direct convolution for x %s, filter %s, %s',
    (_x, _f, _o, { x: xs, f: fs, opts }) => {
      const x = f64(xs, 1);
      const w = f64(fs, 2);
      const ref = naiveConv(x, w, opts);
      const y = conv2d(x, w, opts);
      expect(y.shape).toEqual(ref.shape);
      expect(y.dtype).toBe('float64');
      expectClose(y.dataSync(), ref.values);
      // Both gradients against their direct versions too.
      const dy = f64(ref.shape, 3);
      expectClose(
        conv2dBackpropInput(dy, w, xs, opts).dataSync(),
        naiveBackpropInput(dy, w, xs, opts),
      );
      expectClose(
        conv2dBackpropFilter(x, dy, fs, opts).dataSync(),
        naiveBackpropFilter(x, dy, fs, opts),
      );
    },
  );

  it('processes large batches in chunks (several chunk boundaries inside images)', () => {
    for (const opts of [{}, { strides: 2, padding: 'same' } as Conv2dOptions]) {
      const xs = [5, 30, 29, 3];
      const fs = [3, 3, 3, 4];
      const x = f64(xs, 4);
      const w = f64(fs, 5);
      const ref = naiveConv(x, w, opts);
      expectClose(conv2d(x, w, opts).dataSync(), ref.values);
      const dy = f64(ref.shape, 6);
      expectClose(
        conv2dBackpropInput(dy, w, xs, opts).dataSync(),
        naiveBackpropInput(dy, w, xs, opts),
      );
      expectClose(
        conv2dBackpropFilter(x, dy, fs, opts).dataSync(),
        naiveBackpropFilter(x, dy, fs, opts),
      );
    }
  });

  it('works in float32 with float32 output', () => {
    const x = randn([2, 8, 8, 3], { seed: 7 });
    const w = randn([3, 3, 3, 5], { seed: 8 });
    const opts: Conv2dOptions = { strides: 2, padding: 'same' };
    const y = conv2d(x, w, opts);
    expect(y.dtype).toBe('float32');
    expectClose(y.dataSync(), naiveConv(x, w, opts).values, 1e-5);
    const dy = randn(y.shape, { seed: 9 });
    expect(conv2dBackpropInput(dy, w, x.shape, opts).dtype).toBe('float32');
    expectClose(
      conv2dBackpropInput(dy, w, x.shape, opts).dataSync(),
      naiveBackpropInput(dy, w, [...x.shape], opts),
      1e-5,
    );
    expectClose(
      conv2dBackpropFilter(x, dy, w.shape, opts).dataSync(),
      naiveBackpropFilter(x, dy, [...w.shape], opts),
      1e-5,
    );
  });

  it('handles an empty batch', () => {
    const y = conv2d(zeros([0, 5, 5, 2]), zeros([3, 3, 2, 4]));
    expect(y.shape).toEqual([0, 3, 3, 4]);
    expect(
      conv2dBackpropFilter(zeros([0, 5, 5, 2]), y, [3, 3, 2, 4])
        .dataSync()
        .every((v) => v === 0),
    ).toBe(true);
  });

  it('gives the classic MNIST CNN shapes', () => {
    const x = zeros([1, 28, 28, 1]);
    const c1 = conv2d(x, zeros([3, 3, 1, 32]));
    expect(c1.shape).toEqual([1, 26, 26, 32]);
    const p1 = maxPool2d(c1, { poolSize: 2 });
    expect(p1.shape).toEqual([1, 13, 13, 32]);
    const c2 = conv2d(p1, zeros([3, 3, 32, 64]));
    expect(c2.shape).toEqual([1, 11, 11, 64]);
    expect(maxPool2d(c2, { poolSize: 2 }).shape).toEqual([1, 5, 5, 64]);
  });
});

// ---- gradients --------------------------------------------------------------------------------

const gradCases: Conv2dOptions[] = [
  {},
  { padding: 'same' },
  { strides: 2, padding: 'same' },
  { strides: [2, 1] },
  { dilation: 2, padding: 'same' },
  { dilation: [1, 2], strides: [1, 2] },
];

describe('conv2d gradients (finite differences)', () => {
  it.each(gradCases.map((o) => [JSON.stringify(o), o] as const))(
    'conv2d w.r.t. x and filter, %s',
    (_name, opts) => {
      const x = f64([2, 5, 6, 2], 11);
      const w = f64([3, 2, 2, 3], 12);
      checkGrads((a, b) => conv2d(a, b, opts), [x, w]);
    },
  );

  it.each(gradCases.map((o) => [JSON.stringify(o), o] as const))(
    'conv2dBackpropInput w.r.t. dy and filter, %s',
    (_name, opts) => {
      const xs = [2, 5, 6, 2];
      const w = f64([3, 2, 2, 3], 13);
      const dy = f64(conv2d(zeros(xs, 'float64'), w, opts).shape as number[], 14);
      checkGrads((a, b) => conv2dBackpropInput(a, b, xs, opts), [dy, w]);
    },
  );

  it.each(gradCases.map((o) => [JSON.stringify(o), o] as const))(
    'conv2dBackpropFilter w.r.t. x and dy, %s',
    (_name, opts) => {
      const x = f64([2, 5, 6, 2], 15);
      const fs = [3, 2, 2, 3];
      const dy = f64(conv2d(x, zeros(fs, 'float64'), opts).shape as number[], 16);
      checkGrads((a, b) => conv2dBackpropFilter(a, b, fs, opts), [x, dy]);
    },
  );

  it('1x1 convolutions (the im2col-free path)', () => {
    checkGrads((a, b) => conv2d(a, b), [f64([2, 3, 4, 3], 17), f64([1, 1, 3, 2], 18)]);
  });

  it("second order: gradients of gradients go through the backprop ops' rules", () => {
    // With L = sum(conv(x, w)²): dL/dx = backpropInput(2·conv(x, w), w), dL/dw = backpropFilter(x, 2·conv(x, w)).
    const w = f64([2, 2, 2, 2], 20);
    const x = f64([1, 4, 4, 2], 19);
    const loss = (xx: Tensor, ww: Tensor) =>
      sum(mul(conv2d(xx, ww, { padding: 'same' }), conv2d(xx, ww, { padding: 'same' })));
    checkGrads((xx) => sum(mul(grad((a: Tensor) => loss(a, w))(xx), x)), [x]);
    checkGrads((ww) => sum(mul(grad((b: Tensor) => loss(x, b))(ww), w)), [w]);
  });

  it('skips the input gradient when only the filter needs one', () => {
    const x = f64([1, 4, 4, 1], 21);
    const w = f64([3, 3, 1, 2], 22);
    const dw = grad((ww: Tensor) => sum(conv2d(x, ww)))(w);
    expect(dw.shape).toEqual([3, 3, 1, 2]);
    expectClose(
      dw.dataSync(),
      naiveBackpropFilter(
        x,
        tensor(new Float64Array(8).fill(1), [1, 2, 2, 2], 'float64'),
        [3, 3, 1, 2],
        {},
      ),
    );
  });
});

// ---- errors -----------------------------------------------------------------------------------

describe('conv2d errors', () => {
  const x = zeros([1, 5, 5, 2]);
  const w = zeros([3, 3, 2, 4]);

  it('checks ranks', () => {
    expect(() => conv2d(zeros([28, 28, 1]), zeros([3, 3, 1, 32]))).toThrow(
      new ShapeError(
        'conv2d',
        'x must have rank 4 [batch, height, width, channels], got shape [28,28,1]',
      ),
    );
    expect(() => conv2d(x, zeros([3, 3, 2]))).toThrow(
      new ShapeError(
        'conv2d',
        'filter must have rank 4 [filterHeight, filterWidth, inChannels, outChannels], got shape [3,3,2]',
      ),
    );
  });

  it('checks channels, naming both shapes', () => {
    expect(() => conv2d(x, zeros([3, 3, 3, 4]))).toThrow(
      new ShapeError(
        'conv2d',
        'x has 2 channels (shape [1,5,5,2]) but filter expects 3 input channels (shape [3,3,3,4])',
      ),
    );
  });

  it('rejects a filter larger than the input with valid padding', () => {
    expect(() => conv2d(zeros([1, 2, 5, 2]), w)).toThrow(
      /conv2d: the filter window 3x3 is larger than the 2x5 input \(x shape \[1,2,5,2\], filter shape \[3,3,2,4\]\) with padding 'valid'/,
    );
    expect(() => conv2d(x, w, { dilation: 3 })).toThrow(
      /conv2d: the filter window 7x7 \(dilated from 3x3 by \[3,3\]\) is larger than the 5x5 input/,
    );
    expect(() => conv2d(x, zeros([0, 3, 2, 4]))).toThrow(
      /conv2d: filter height and width must be >= 1, got shape \[0,3,2,4\]/,
    );
    // The same windows fit with 'same' padding.
    expect(conv2d(zeros([1, 2, 5, 2]), w, { padding: 'same' }).shape).toEqual([1, 2, 5, 4]);
  });

  it('rejects non-positive or non-integer strides and dilation, and unknown padding', () => {
    expect(() => conv2d(x, w, { strides: 0 })).toThrow(
      new ValueError('conv2d', 'strides must be a positive integer or a pair of them, got 0'),
    );
    expect(() => conv2d(x, w, { strides: [1, -1] })).toThrow(
      new ValueError('conv2d', 'strides must be a positive integer or a pair of them, got [1,-1]'),
    );
    expect(() => conv2d(x, w, { strides: 1.5 })).toThrow(ValueError);
    expect(() => conv2d(x, w, { strides: [1] as unknown as [number, number] })).toThrow(ValueError);
    expect(() => conv2d(x, w, { dilation: 0 })).toThrow(
      new ValueError('conv2d', 'dilation must be a positive integer or a pair of them, got 0'),
    );
    expect(() => conv2d(x, w, { padding: 'full' as 'same' })).toThrow(
      new ValueError('conv2d', `padding must be 'valid' or 'same', got "full"`),
    );
  });

  it('checks dtypes', () => {
    expect(() => conv2d(x, zeros([3, 3, 2, 4], 'float64'))).toThrow(
      new DTypeError('conv2d', 'x is float32 but filter is float64'),
    );
    expect(() => conv2d(zeros([1, 5, 5, 2], 'int32'), w)).toThrow(
      new DTypeError('conv2d', 'x must be float32 or float64, got int32'),
    );
  });

  it('checks the backprop ops', () => {
    const dy = zeros([1, 3, 3, 4]);
    expect(conv2dBackpropInput(dy, w, [1, 5, 5, 2]).shape).toEqual([1, 5, 5, 2]);
    expect(() => conv2dBackpropInput(zeros([1, 2, 3, 4]), w, [1, 5, 5, 2])).toThrow(
      new ShapeError(
        'conv2dBackpropInput',
        "dy has shape [1,2,3,4] but conv2d of an input [1,5,5,2] with a filter [3,3,2,4] (strides [1,1], padding 'valid', dilation [1,1]) gives [1,3,3,4]",
      ),
    );
    expect(() => conv2dBackpropInput(dy, w, [1, 5, 5])).toThrow(
      new ShapeError('conv2dBackpropInput', 'inputShape must be 4 integers >= 0, got [1,5,5]'),
    );
    expect(() => conv2dBackpropInput(dy, w, [1, 5, 5, 3])).toThrow(
      /conv2dBackpropInput: inputShape has 3 channels \(shape \[1,5,5,3\]\) but filter expects 2/,
    );
    expect(() => conv2dBackpropInput(dy, w, [1, 5, 5, 2], { strides: 0 })).toThrow(ValueError);
    expect(() => conv2dBackpropInput(zeros([1, 3, 3, 4], 'float64'), w, [1, 5, 5, 2])).toThrow(
      new DTypeError('conv2dBackpropInput', 'dy is float64 but filter is float32'),
    );

    expect(conv2dBackpropFilter(x, dy, [3, 3, 2, 4]).shape).toEqual([3, 3, 2, 4]);
    expect(() => conv2dBackpropFilter(x, dy, [3, 3, 2, 4], { padding: 'same' })).toThrow(
      new ShapeError(
        'conv2dBackpropFilter',
        "dy has shape [1,3,3,4] but conv2d of x [1,5,5,2] with a filter [3,3,2,4] (strides [1,1], padding 'same', dilation [1,1]) gives [1,5,5,4]",
      ),
    );
    expect(() => conv2dBackpropFilter(x, dy, [3, 3, 2, 4.5])).toThrow(
      new ShapeError(
        'conv2dBackpropFilter',
        'filterShape must be 4 integers >= 0, got [3,3,2,4.5]',
      ),
    );
    expect(() => conv2dBackpropFilter(zeros([5, 5, 2]), dy, [3, 3, 2, 4])).toThrow(
      /conv2dBackpropFilter: x must have rank 4/,
    );
    expect(() => conv2dBackpropFilter(zeros([1, 5, 5, 2], 'int32'), dy, [3, 3, 2, 4])).toThrow(
      new DTypeError('conv2dBackpropFilter', 'x must be float32 or float64, got int32'),
    );
  });
});
