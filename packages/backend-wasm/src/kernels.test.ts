import {
  CpuBackend,
  type DType,
  Generator,
  type Kernel,
  type TensorInfo,
  type TypedArray,
} from '@tsgrad/tensor';
import { describe, expect, it } from 'vitest';
import { WasmBackend } from './backend.js';

// Every WebAssembly kernel against the CPU backend's kernel of the same id, on seeded random
// inputs, calling the kernels directly (the engine's shape rules are exercised elsewhere).
const cpu = new CpuBackend();
const wasm = new WasmBackend();
const gen = new Generator(42);

function info(
  backend: CpuBackend | WasmBackend,
  shape: number[],
  dtype: DType = 'float32',
  values?: number[],
): TensorInfo {
  const size = shape.reduce((p, d) => p * d, 1);
  const arr =
    dtype === 'float64'
      ? new Float64Array(size)
      : dtype === 'int32'
        ? new Int32Array(size)
        : new Float32Array(size);
  for (let i = 0; i < size; i++)
    arr[i] = values
      ? values[i % values.length]
      : dtype === 'int32'
        ? gen.integer(-5, 5)
        : gen.normal();
  return { dataId: backend.write(arr, dtype), shape, dtype, size };
}

/** Runs kernel `id` on both backends with the same input values; returns [expected, actual]. */
function both(
  id: string,
  shapes: number[][],
  attrs: unknown,
  outShape: number[],
  dtype: DType = 'float32',
  values?: number[],
) {
  const inputs = shapes.map((s) => info(cpu, s, dtype, values));
  const copies = inputs.map((t) => ({
    ...t,
    dataId: wasm.write(cpu.readSync(t.dataId).slice(), dtype),
  }));
  const run = (k: Kernel | undefined, ins: TensorInfo[], b: CpuBackend | WasmBackend) =>
    b.readSync(k!({ inputs: ins, attrs, outShape, outDtype: dtype }));
  return [run(cpu.kernels[id], inputs, cpu), run(wasm.kernels[id], copies, wasm)] as const;
}

function expectClose(actual: TypedArray, expected: TypedArray, tol: number) {
  expect(actual.length).toBe(expected.length);
  let worst = 0;
  let at = -1;
  for (let i = 0; i < expected.length; i++) {
    const err = Math.abs(actual[i] - expected[i]) / (1 + Math.abs(expected[i]));
    if (!(err <= worst)) {
      worst = err;
      at = i;
    }
  }
  expect(
    worst,
    `worst relative error at index ${at}: ${actual[at]} vs ${expected[at]}`,
  ).toBeLessThanOrEqual(tol);
}

function stats(id: string) {
  return { ...(wasm.stats[id] ?? { wasm: 0, fallback: 0 }) };
}

describe('the WebAssembly module', () => {
  it('loads with SIMD in this Node', () => {
    expect(wasm.simd).toBe(true);
    expect(wasm.fallbackReason).toBeUndefined();
  });
});

describe('matmul', () => {
  const sizes: [number, number, number][] = [
    [1, 1, 1],
    [1, 17, 5],
    [17, 1, 5],
    [5, 7, 1],
    [6, 8, 4],
    [7, 9, 3],
    [13, 17, 300],
    [64, 64, 64],
    [73, 31, 257],
    [100, 1030, 7],
    [3, 5, 600],
    [150, 20, 513],
  ];
  for (const [M, N, K] of sizes) {
    for (const transposeA of [false, true]) {
      for (const transposeB of [false, true]) {
        it(`[${M}x${K}]·[${K}x${N}] transposeA=${transposeA} transposeB=${transposeB}`, () => {
          const a = transposeA ? [K, M] : [M, K];
          const b = transposeB ? [N, K] : [K, N];
          const before = stats('matmul').wasm;
          const [expected, actual] = both('matmul', [a, b], { transposeA, transposeB }, [M, N]);
          expectClose(actual, expected, 1e-5 * Math.sqrt(K));
          expect(stats('matmul').wasm).toBe(before + 1);
        });
      }
    }
  }

  it('batched with broadcasting: [2,3,M,K]·[3,K,N], [4,M,K]·[K,N], [M,K]·[4,K,N]', () => {
    const cases: [number[], number[], number[], boolean, boolean][] = [
      [[2, 3, 5, 7], [3, 7, 6], [2, 3, 5, 6], false, false],
      [[2, 1, 7, 5], [3, 6, 7], [2, 3, 5, 6], true, true],
      [[4, 9, 11], [11, 13], [4, 9, 13], false, false],
      [[4, 11, 9], [11, 13], [4, 9, 13], true, false],
      [[9, 11], [4, 13, 11], [4, 9, 13], false, true],
      [[1, 9, 11], [4, 11, 13], [4, 9, 13], false, false],
    ];
    for (const [a, b, out, transposeA, transposeB] of cases) {
      const [expected, actual] = both('matmul', [a, b], { transposeA, transposeB }, out);
      expectClose(actual, expected, 1e-5);
    }
  });

  it('K = 0 gives zeros and empty outputs stay empty', () => {
    const [e1, a1] = both(
      'matmul',
      [
        [3, 0],
        [0, 4],
      ],
      { transposeA: false, transposeB: false },
      [3, 4],
    );
    expect([...a1]).toEqual([...e1]);
    expect([...a1]).toEqual(new Array(12).fill(0));
    const [e2, a2] = both(
      'matmul',
      [
        [0, 5],
        [5, 4],
      ],
      { transposeA: false, transposeB: false },
      [0, 4],
    );
    expect(a2.length).toBe(0);
    expect(e2.length).toBe(0);
  });

  it('propagates NaN and Infinity like the reference', () => {
    const [expected, actual] = both(
      'matmul',
      [
        [3, 4],
        [4, 5],
      ],
      { transposeA: false, transposeB: false },
      [3, 5],
      'float32',
      [1, Number.NaN, 2, Number.POSITIVE_INFINITY, -1],
    );
    expect([...actual].map(String)).toEqual([...expected].map(String));
  });

  it('falls back to the TypeScript kernel for float64 and int32', () => {
    const before = stats('matmul').fallback;
    for (const dtype of ['float64', 'int32'] as const) {
      const [expected, actual] = both(
        'matmul',
        [
          [5, 6],
          [6, 7],
        ],
        { transposeA: false, transposeB: true },
        [5, 7],
        dtype,
      );
      expect(actual).toBeInstanceOf(expected.constructor);
      expect([...actual]).toEqual([...expected]);
    }
    expect(stats('matmul').fallback).toBe(before + 2);
  });
});

describe('binary ops', () => {
  const shapes: [number[], number[], number[]][] = [
    [[37], [37], [37]],
    [
      [5, 13],
      [5, 13],
      [5, 13],
    ],
    [[5, 13], [13], [5, 13]],
    [[13], [5, 13], [5, 13]],
    [
      [5, 13],
      [5, 1],
      [5, 13],
    ],
    [
      [5, 1],
      [5, 13],
      [5, 13],
    ],
    [
      [5, 1],
      [1, 13],
      [5, 13],
    ],
    [[2, 3, 17], [], [2, 3, 17]],
    [[], [2, 3, 17], [2, 3, 17]],
    [
      [2, 3, 17],
      [3, 17],
      [2, 3, 17],
    ],
    [
      [2, 3, 17],
      [2, 3, 1],
      [2, 3, 17],
    ],
    [[1], [1], [1]],
  ];
  for (const op of ['add', 'sub', 'mul', 'div']) {
    it(`${op} matches the reference exactly on ${shapes.length} broadcasts`, () => {
      for (const [a, b, out] of shapes) {
        const before = stats(op).wasm;
        const [expected, actual] = both(op, [a, b], undefined, out);
        expect(actual).toEqual(expected);
        expect(stats(op).wasm).toBe(before + 1);
      }
    });
  }

  it('sends general broadcasts and other dtypes to the TypeScript kernel', () => {
    const before = stats('add').fallback;
    const [e1, a1] = both(
      'add',
      [
        [2, 3, 4],
        [3, 1],
      ],
      undefined,
      [2, 3, 4],
    );
    expect(a1).toEqual(e1);
    const [e2, a2] = both(
      'add',
      [
        [2, 1, 4],
        [3, 1],
      ],
      undefined,
      [2, 3, 4],
    );
    expect(a2).toEqual(e2);
    const [e3, a3] = both('mul', [[4, 5], [5]], undefined, [4, 5], 'int32');
    expect(a3).toEqual(e3);
    expect(a3).toBeInstanceOf(Int32Array);
    expect(stats('add').fallback).toBe(before + 2);
  });

  it('handles NaN, infinities and division by zero like the reference', () => {
    const special = [
      0,
      -0,
      1,
      -1,
      Number.NaN,
      Number.POSITIVE_INFINITY,
      Number.NEGATIVE_INFINITY,
      3.5,
    ];
    for (const op of ['add', 'sub', 'mul', 'div']) {
      const [expected, actual] = both(op, [[8, 8], [8]], undefined, [8, 8], 'float32', special);
      expect(actual).toEqual(expected);
    }
  });
});

describe('relu', () => {
  it('matches the reference: NaN propagates, -0 gives +0', () => {
    const [expected, actual] = both('relu', [[7, 9]], undefined, [7, 9], 'float32', [
      1,
      -2,
      0,
      -0,
      Number.NaN,
      5,
      -Number.POSITIVE_INFINITY,
    ]);
    expect(actual).toEqual(expected);
    expect(Object.is(actual[3], 0)).toBe(true);
    expect(actual[4]).toBeNaN();
  });
});

describe('sum', () => {
  const cases: [number[], number[], number[]][] = [
    [[37], [0], []],
    [[5, 13], [0], [13]],
    [[5, 13], [1], [5]],
    [[128, 10], [0], [10]],
    [[4, 5, 6], [1], [4, 6]],
    [[4, 5, 6], [1, 2], [4]],
    [[4, 5, 6], [0, 1], [6]],
    [[4, 5, 6], [0, 1, 2], []],
    [[4, 5, 6], [], [4, 5, 6]],
    [[1000, 3], [0], [3]],
  ];
  for (const [shape, axes, out] of cases) {
    it(`over axes [${axes}] of [${shape}]`, () => {
      const before = stats('sum').wasm;
      const [expected, actual] = both('sum', [shape], { axes, keepDims: false }, out);
      expectClose(actual, expected, 1e-6);
      expect(stats('sum').wasm).toBe(before + 1);
    });
  }

  it('non-contiguous axes use the TypeScript kernel', () => {
    const before = stats('sum').fallback;
    const [expected, actual] = both('sum', [[4, 5, 6]], { axes: [0, 2], keepDims: false }, [5]);
    expectClose(actual, expected, 1e-6);
    expect(stats('sum').fallback).toBe(before + 1);
  });
});

describe('conv2d and its gradients', () => {
  // [x shape, filter shape, strides, padding, dilation]
  const cases: [number[], number[], [number, number], 'valid' | 'same', [number, number]][] = [
    [[2, 7, 7, 1], [3, 3, 1, 4], [1, 1], 'valid', [1, 1]],
    [[2, 7, 7, 3], [3, 3, 3, 5], [1, 1], 'same', [1, 1]],
    [[1, 9, 8, 2], [3, 2, 2, 7], [2, 2], 'same', [1, 1]],
    [[2, 9, 9, 4], [3, 3, 4, 3], [2, 1], 'valid', [1, 1]],
    [[1, 10, 10, 3], [3, 3, 3, 2], [1, 1], 'same', [2, 2]],
    [[3, 5, 6, 8], [1, 1, 8, 9], [1, 1], 'valid', [1, 1]],
    [[2, 6, 6, 2], [1, 1, 2, 3], [2, 2], 'same', [1, 1]],
    [[4, 28, 28, 1], [5, 5, 1, 8], [1, 1], 'same', [1, 1]],
    [[2, 13, 13, 32], [3, 3, 32, 64], [1, 1], 'valid', [1, 1]],
  ];
  const out = (
    [n, h, w]: number[],
    [kh, kw, , f]: number[],
    s: [number, number],
    pad: string,
    d: [number, number],
  ) => {
    const axis = (size: number, k: number, st: number, dil: number) =>
      pad === 'same' ? Math.ceil(size / st) : Math.floor((size - ((k - 1) * dil + 1)) / st) + 1;
    return [n, axis(h, kh, s[0], d[0]), axis(w, kw, s[1], d[1]), f];
  };
  for (const [x, f, strides, padding, dilation] of cases) {
    const attrs = { strides, padding, dilation };
    const y = out(x, f, strides, padding, dilation);
    const name = `x [${x}] filter [${f}] strides ${strides} ${padding} dilation ${dilation}`;
    it(`conv2d, ${name}`, () => {
      const [expected, actual] = both('conv2d', [x, f], attrs, y);
      expectClose(actual, expected, 1e-5);
    });
    it(`conv2dBackpropFilter, ${name}`, () => {
      const [expected, actual] = both(
        'conv2dBackpropFilter',
        [x, y],
        { ...attrs, filterShape: f },
        f,
      );
      // Each entry sums N·OH·OW float32 products, in a different order than the reference.
      expectClose(actual, expected, 1e-6 * Math.sqrt(y[0] * y[1] * y[2]));
    });
    it(`conv2dBackpropInput, ${name}`, () => {
      const [expected, actual] = both(
        'conv2dBackpropInput',
        [y, f],
        { ...attrs, inputShape: x },
        x,
      );
      expectClose(actual, expected, 1e-5);
    });
  }

  it('ran the convolutions in WebAssembly', () => {
    for (const id of ['conv2d', 'conv2dBackpropFilter', 'conv2dBackpropInput']) {
      expect(stats(id)).toEqual({ wasm: cases.length, fallback: 0 });
    }
  });
});

describe('maxPool2d and its gradient', () => {
  // [x shape, pool size, strides, padding]
  const cases: [number[], [number, number], [number, number], 'valid' | 'same'][] = [
    [[2, 26, 26, 32], [2, 2], [2, 2], 'valid'],
    [[2, 11, 11, 64], [2, 2], [2, 2], 'valid'],
    [[1, 7, 7, 3], [3, 3], [2, 2], 'same'],
    [[2, 6, 5, 5], [2, 3], [1, 2], 'same'],
    [[1, 5, 5, 6], [3, 3], [1, 1], 'valid'],
    // Disjoint windows clipped by 'same' padding, and windows with gaps between them.
    [[2, 7, 9, 5], [2, 2], [2, 2], 'same'],
    [[1, 8, 8, 7], [2, 2], [3, 3], 'valid'],
  ];
  const outOf = ([n, h, w, c]: number[], p: [number, number], s: [number, number], pad: string) => {
    const axis = (size: number, k: number, st: number) =>
      pad === 'same' ? Math.ceil(size / st) : Math.floor((size - k) / st) + 1;
    return [n, axis(h, p[0], s[0]), axis(w, p[1], s[1]), c];
  };
  for (const [x, poolSize, strides, padding] of cases) {
    const attrs = { poolSize, strides, padding };
    const y = outOf(x, poolSize, strides, padding);
    it(`x [${x}] pool ${poolSize} strides ${strides} ${padding}`, () => {
      const [e1, a1] = both('maxPool2d', [x], attrs, y);
      expect(a1).toEqual(e1);
      const [e2, a2] = both('maxPool2dGrad', [x, y], attrs, x);
      expect(a2).toEqual(e2);
    });
  }

  it('breaks ties at the first maximum and lets NaN win, like the reference', () => {
    const attrs = { poolSize: [2, 2], strides: [1, 1], padding: 'valid' };
    const values = [1, 1, 2, 2, Number.NaN, 0, 2, -1, 3];
    const [e1, a1] = both('maxPool2d', [[1, 4, 4, 5]], attrs, [1, 3, 3, 5], 'float32', values);
    expect(a1).toEqual(e1);
    const [e2, a2] = both(
      'maxPool2dGrad',
      [
        [1, 4, 4, 5],
        [1, 3, 3, 5],
      ],
      attrs,
      [1, 4, 4, 5],
      'float32',
      values,
    );
    expect(a2).toEqual(e2);
  });
});

describe('comparisons', () => {
  const special = [0, -0, 1, -1, Number.NaN, Number.POSITIVE_INFINITY, 1, 2.5];
  for (const op of ['equal', 'notEqual', 'less', 'lessEqual', 'greater', 'greaterEqual']) {
    it(`${op} gives the reference's bools on same shapes, scalars and broadcasts`, () => {
      const cases: [number[], number[], number[]][] = [
        [
          [9, 8],
          [9, 8],
          [9, 8],
        ],
        [[9, 8], [], [9, 8]],
        [[8], [9, 8], [9, 8]],
        [
          [9, 1],
          [9, 8],
          [9, 8],
        ],
        // Rows of 16 and more take the SIMD path (with a 5-element tail).
        [
          [3, 37],
          [3, 37],
          [3, 37],
        ],
        [[3, 37], [], [3, 37]],
        [[], [3, 37], [3, 37]],
        [[37], [3, 37], [3, 37]],
        [
          [3, 37],
          [3, 1],
          [3, 37],
        ],
      ];
      for (const [a, b, out] of cases) {
        const inputs = [a, b].map((s, i) =>
          info(cpu, s, 'float32', i === 0 ? special : [...special].reverse()),
        );
        const copies = inputs.map((t) => ({
          ...t,
          dataId: wasm.write(cpu.readSync(t.dataId).slice(), 'float32'),
        }));
        const args = (ins: TensorInfo[]) => ({
          inputs: ins,
          attrs: undefined,
          outShape: out,
          outDtype: 'bool' as const,
        });
        const expected = cpu.readSync(cpu.kernels[op]!(args(inputs)));
        const actual = wasm.readSync(wasm.kernels[op]!(args(copies)));
        expect(actual).toBeInstanceOf(Uint8Array);
        expect(actual).toEqual(expected);
      }
      expect(stats(op).wasm).toBe(cases.length);
    });
  }
});

describe('unary ops', () => {
  const special = [
    0,
    -0,
    1,
    -1,
    Number.NaN,
    Number.POSITIVE_INFINITY,
    Number.NEGATIVE_INFINITY,
    2.5,
    1e-30,
    3e38,
    -7.25,
  ];
  for (const op of ['neg', 'abs', 'sqrt', 'square']) {
    it(`${op} matches the reference exactly, specials included`, () => {
      const [e1, a1] = both(op, [[13, 7]], undefined, [13, 7]);
      expect(a1).toEqual(e1);
      const [e2, a2] = both(op, [[11]], undefined, [11], 'float32', special);
      expect(a2).toEqual(e2);
      expect(stats(op).wasm).toBe(2);
    });
  }
});
