import { ShapeError, ValueError, tensor } from '@tsgrad/tensor';
import { describe, expect, it } from 'vitest';
import { Discretizer, discretizer } from './discretizer.js';
import { LabelEncoder, labelEncoder } from './label-encoder.js';
import { MinMaxScaler, minMaxScaler } from './min-max-scaler.js';
import { normalizeImages } from './normalize-images.js';
import { oneHot } from './one-hot.js';
import { StandardScaler, standardScaler } from './standard-scaler.js';
import { expectClose } from './test-helpers.js';

describe('minMaxScaler', () => {
  // scikit-learn's MinMaxScaler docstring example.
  const data = [
    [-1, 2],
    [-0.5, 6],
    [0, 10],
    [1, 18],
  ];

  it('matches scikit-learn', () => {
    const s = minMaxScaler().fit(data);
    expect(s.dataMin).toEqual([-1, 2]);
    expect(s.dataMax).toEqual([1, 18]);
    expectClose(s.transform(data), [
      [0, 0],
      [0.25, 0.25],
      [0.5, 0.5],
      [1, 1],
    ]);
    expectClose(s.transform([[2, 2]]), [[1.5, 0]]);
    expectClose(
      minMaxScaler().fitTransform([
        [1, -1, 2],
        [2, 0, 0],
        [0, 1, -1],
      ]),
      [
        [0.5, 0, 1],
        [1, 0.5, 1 / 3],
        [0, 1, 0],
      ],
    );
  });

  it('uses featureRange and clip, and inverts', () => {
    const s = minMaxScaler({ featureRange: [-1, 1], clip: true }).fit(data);
    expectClose(
      s.transform([
        [0, 10],
        [5, -100],
      ]),
      [
        [0, 0],
        [1, -1],
      ],
    );
    expectClose(s.inverseTransform(s.transform(data)), data);
  });

  it('gives constant features scale 1 (as scikit-learn)', () => {
    const s = minMaxScaler().fit([
      [3, 1],
      [3, 2],
    ]);
    expect(s.scale).toEqual([1, 1]);
    expectClose(
      s.transform([
        [3, 1],
        [4, 2],
      ]),
      [
        [0, 0],
        [1, 1],
      ],
    );
  });

  it('works on tensors, keeping float32 (or float64)', () => {
    const out = minMaxScaler().fitTransform(tensor(data));
    expect(out.shape).toEqual([4, 2]);
    expect(out.dtype).toBe('float32');
    expectClose(out, [
      [0, 0],
      [0.25, 0.25],
      [0.5, 0.5],
      [1, 1],
    ]);
    expect(minMaxScaler().fitTransform(tensor(data, undefined, 'float64')).dtype).toBe('float64');
  });

  it('round-trips through JSON', () => {
    const s = minMaxScaler({ featureRange: [0, 10] }).fit(data);
    const back = MinMaxScaler.fromJSON(JSON.parse(JSON.stringify(s)));
    expect(back.toJSON()).toEqual(s.toJSON());
    expectClose(back.transform([[0.5, 4]]), s.transform([[0.5, 4]]));
    expect(MinMaxScaler.fromJSON(minMaxScaler().toJSON()).nFeatures).toBeUndefined();
    expect(() => MinMaxScaler.fromJSON({ type: 'standardScaler' } as any)).toThrow(
      "expected saved state of type 'minMaxScaler'",
    );
  });

  it('throws specific errors', () => {
    expect(() => minMaxScaler().transform(data)).toThrow(
      'MinMaxScaler.transform: not fitted yet; call fit(x) first',
    );
    expect(() =>
      minMaxScaler()
        .fit(data)
        .transform([[1, 2, 3]]),
    ).toThrow('MinMaxScaler.transform: fitted on 2 features, got x with shape [1,3]');
    expect(() =>
      minMaxScaler()
        .fit(data)
        .transform(tensor([[1, 2, 3]])),
    ).toThrow(ShapeError);
    expect(() => minMaxScaler().fit([])).toThrow('MinMaxScaler.fit: x is empty');
    expect(() => minMaxScaler().fit([[1, Number.NaN]])).toThrow(
      'MinMaxScaler.fit: x has NaN at row 0, feature 1',
    );
    expect(() => minMaxScaler().fit(tensor([1, 2]))).toThrow(
      'expected x of rank 2 [N, F], got shape [2]',
    );
    expect(() => minMaxScaler().fit([[1, 2], [3]])).toThrow('row 1 has 1 values, row 0 has 2');
    expect(() => minMaxScaler({ featureRange: [1, 0] })).toThrow(ValueError);
  });
});

describe('standardScaler', () => {
  it('matches scikit-learn', () => {
    // scikit-learn's StandardScaler docstring example.
    const s = standardScaler().fit([
      [0, 0],
      [0, 0],
      [1, 1],
      [1, 1],
    ]);
    expect(s.mean).toEqual([0.5, 0.5]);
    expect(s.var).toEqual([0.25, 0.25]);
    expectClose(
      s.transform([
        [0, 0],
        [0, 0],
        [1, 1],
        [1, 1],
      ]),
      [
        [-1, -1],
        [-1, -1],
        [1, 1],
        [1, 1],
      ],
    );
    expectClose(s.transform([[2, 2]]), [[3, 3]]);
  });

  it('uses the population std and scale 1 for constant features', () => {
    const x = [
      [1, 7, 0.1],
      [2, 7, 0.1],
      [6, 7, 0.1],
    ];
    const s = standardScaler().fit(x);
    const mean = 3;
    const std = Math.sqrt(((1 - mean) ** 2 + (2 - mean) ** 2 + (6 - mean) ** 2) / 3);
    expectClose(s.scale!, [std, 1, 1], 1e-12);
    expectClose(
      s.transform(x),
      [
        [-2 / std, 0, 0],
        [-1 / std, 0, 0],
        [3 / std, 0, 0],
      ],
      1e-12,
    );
    expectClose(s.inverseTransform(s.transform(x)), x, 1e-12);
  });

  it('supports withMean / withStd false', () => {
    expectClose(standardScaler({ withMean: false }).fitTransform([[1], [3]]), [[1], [3]]);
    expectClose(standardScaler({ withStd: false }).fitTransform([[1], [3]]), [[-1], [1]]);
  });

  it('round-trips through JSON and works on tensors', () => {
    const s = standardScaler().fit(
      tensor([
        [1, 10],
        [3, 30],
      ]),
    );
    expect(s.nSamplesSeen).toBe(2);
    const back = StandardScaler.fromJSON(JSON.parse(JSON.stringify(s.toJSON())));
    const out = back.transform(tensor([[2, 20]]));
    expect(out.dtype).toBe('float32');
    expectClose(out, [[0, 0]]);
  });

  it('throws specific errors', () => {
    expect(() => standardScaler().inverseTransform([[1]])).toThrow(
      'StandardScaler.inverseTransform: not fitted yet',
    );
    expect(() =>
      standardScaler()
        .fit([[1, 2]])
        .transform([[1]]),
    ).toThrow('fitted on 2 features, got x with shape [1,1]');
    expect(() => standardScaler().fit([[Number.POSITIVE_INFINITY]])).toThrow(
      'x has Infinity at row 0, feature 0',
    );
    expect(() => standardScaler().fit(tensor([[1, Number.NaN]]))).toThrow(
      'StandardScaler.fit: x has NaN',
    );
    expect(() => standardScaler().fit(tensor([[[1]]]))).toThrow(ShapeError);
  });
});

describe('normalizeImages', () => {
  it('scales by 1/255 by default', () => {
    const x = tensor([0, 51, 255, 102], [1, 2, 2, 1]);
    expectClose(normalizeImages(x), [0, 0.2, 1, 0.4]);
    expect(normalizeImages(tensor([0, 255], [1, 1, 2, 1], 'int32')).dtype).toBe('float32');
  });

  it('normalizes per channel', () => {
    const x = tensor([
      [
        [
          [0, 10],
          [2, 20],
        ],
      ],
    ]); // [1, 1, 2, 2]
    expectClose(normalizeImages(x, { mean: [1, 15], std: [1, 5] }), [
      [
        [
          [-1, -1],
          [1, 1],
        ],
      ],
    ]);
    expectClose(normalizeImages(x, { scale: 2, offset: -1 }), [
      [
        [
          [-1, 19],
          [3, 39],
        ],
      ],
    ]);
  });

  it('throws specific errors', () => {
    expect(() => normalizeImages(tensor([1, 2]))).toThrow(
      'normalizeImages: expected images [N, H, W, C]',
    );
    expect(() => normalizeImages(tensor([[[[1, 2]]]]), { mean: [0] })).toThrow(
      'mean needs one value per channel (2 for shape [1,1,1,2]), got 1',
    );
    expect(() => normalizeImages(tensor([[[[1]]]]), { std: [0] })).toThrow(
      'std values must be finite and > 0',
    );
  });
});

describe('oneHot', () => {
  it('encodes arrays and int32 tensors', () => {
    expect(oneHot([0, 2, 1], 3).toArray()).toEqual([
      [1, 0, 0],
      [0, 0, 1],
      [0, 1, 0],
    ]);
    const t = oneHot(tensor([1, 0], undefined, 'int32'), 2, { dtype: 'int32' });
    expect(t.dtype).toBe('int32');
    expect(t.toArray()).toEqual([
      [0, 1],
      [1, 0],
    ]);
    expect(oneHot(new Int32Array([4]), 5).shape).toEqual([1, 5]);
  });

  it('validates labels', () => {
    expect(() => oneHot([0, 3], 3)).toThrow('oneHot: labels[1] is 3, outside [0, 3)');
    expect(() => oneHot([0.5], 3)).toThrow('labels[0] is 0.5; expected an integer class index');
    expect(() => oneHot([-1], 3)).toThrow(ValueError);
    expect(() => oneHot([0], 0)).toThrow('numClasses must be an integer >= 1, got 0');
    expect(() => oneHot(tensor([[0]], undefined, 'int32'), 2)).toThrow(
      'labels must be 1-D [N], got shape [1,1]',
    );
  });
});

describe('labelEncoder', () => {
  it('sorts classes and encodes, decodes', () => {
    const enc = labelEncoder().fit(['cat', 'dog', 'cat', 'bird']);
    expect(enc.classes).toEqual(['bird', 'cat', 'dog']);
    expect(Array.from(enc.transform(['dog', 'cat', 'bird']))).toEqual([2, 1, 0]);
    expect(enc.inverseTransform([0, 2])).toEqual(['bird', 'dog']);
    expect(enc.inverseTransform(tensor([1], undefined, 'int32'))).toEqual(['cat']);
    expect(Array.from(labelEncoder().fitTransform([10, 2, 'a', 2]))).toEqual([1, 0, 2, 0]);
  });

  it('round-trips through JSON', () => {
    const enc = labelEncoder().fit([3, 1, 2]);
    const back = LabelEncoder.fromJSON(JSON.parse(JSON.stringify(enc)));
    expect(back.classes).toEqual([1, 2, 3]);
    expect(Array.from(back.transform([3]))).toEqual([2]);
  });

  it('throws specific errors', () => {
    expect(() => labelEncoder().transform(['a'])).toThrow('LabelEncoder.transform: not fitted yet');
    expect(() => labelEncoder().fit(['a']).transform(['b'])).toThrow(
      'label "b" at index 0 was not seen in fit',
    );
    expect(() => labelEncoder().fit(['a']).inverseTransform([1])).toThrow(
      'index 1 at position 0 is outside [0, 1)',
    );
    expect(() => labelEncoder().fit([])).toThrow('labels are empty');
  });
});

describe('discretizer', () => {
  // scikit-learn's KBinsDiscretizer docstring example.
  const X = [
    [-2, 1, -4, -1],
    [-1, 2, -3, -0.5],
    [0, 3, -2, 0.5],
    [1, 4, -1, 2],
  ];

  it('matches scikit-learn with uniform bins', () => {
    const d = discretizer({ nBins: 3, encode: 'ordinal', strategy: 'uniform' }).fit(X);
    expect(d.transform(X)).toEqual([
      [0, 0, 0, 0],
      [1, 1, 1, 0],
      [2, 2, 2, 1],
      [2, 2, 2, 2],
    ]);
    expectClose(d.binEdges![0], [-2, -1, 0, 1]);
    expectClose(d.binEdges![1], [1, 2, 3, 4]);
    expectClose(d.inverseTransform([[0, 1, 2, 0]]), [[-1.5, 2.5, -1.5, -0.5]]);
    // Outside the fitted range: first or last bin.
    expect(d.transform([[-10, 100, -2.5, 0]])).toEqual([[0, 2, 1, 1]]);
  });

  it('places quantile edges at linear percentiles and drops empty bins', () => {
    const col = Array.from({ length: 11 }, (_, i) => [i]);
    const d = discretizer({ nBins: 4, strategy: 'quantile', encode: 'ordinal' }).fit(col);
    expectClose(d.binEdges![0], [0, 2.5, 5, 7.5, 10]);
    expect(d.transform([[0], [2.4], [2.5], [9], [10]])).toEqual([[0], [0], [1], [3], [3]]);
    const repeated = discretizer({ nBins: 3, encode: 'ordinal' }).fit([
      [1],
      [1],
      [1],
      [1],
      [2],
      [3],
    ]);
    expectClose(repeated.binEdges![0], [1, 4 / 3, 3]);
    expect(repeated.nBinsFitted).toEqual([2]);
    expect(repeated.transform([[1], [2], [3]])).toEqual([[0], [1], [1]]);
    const constant = discretizer({ encode: 'ordinal' }).fit([[5], [5]]);
    expect(constant.binEdges).toEqual([[5, 5]]);
    expect(constant.transform([[4], [6]])).toEqual([[0], [0]]);
  });

  it('one-hot encodes bins per feature', () => {
    const d = discretizer({ nBins: [2, 3], strategy: 'uniform' });
    const out = d.fitTransform(
      tensor([
        [0, 0],
        [1, 1],
        [2, 3],
      ]),
    );
    expect(out.shape).toEqual([3, 5]);
    expect(out.toArray()).toEqual([
      [1, 0, 1, 0, 0],
      [0, 1, 0, 1, 0],
      [0, 1, 0, 0, 1],
    ]);
    expectClose(d.inverseTransform([[1, 0, 0, 0, 1]]), [[0.5, 2.5]]);
  });

  it('round-trips through JSON', () => {
    const d = discretizer({ nBins: 3 }).fit(X);
    const back = Discretizer.fromJSON(JSON.parse(JSON.stringify(d)));
    expect(back.transform(X)).toEqual(d.transform(X));
  });

  it('throws specific errors', () => {
    expect(() => discretizer({ nBins: 1 })).toThrow(
      'discretizer: nBins must be integers >= 2, got 1',
    );
    expect(() => discretizer({ strategy: 'kmeans' as any })).toThrow(
      "strategy must be 'uniform' or 'quantile'",
    );
    expect(() => discretizer().transform(X)).toThrow('Discretizer.transform: not fitted yet');
    expect(() => discretizer({ nBins: [2, 2] }).fit(X)).toThrow(
      'nBins has 2 entries but x has 4 features',
    );
    expect(() => discretizer().fit([[Number.NaN]])).toThrow('Discretizer.fit: x has NaN');
    expect(() =>
      discretizer()
        .fit(X)
        .transform([[1]]),
    ).toThrow(ShapeError);
  });
});

it('errors are tsgrad errors with the op named', () => {
  try {
    minMaxScaler().transform([[1]]);
  } catch (e) {
    expect(e).toBeInstanceOf(ValueError);
    expect((e as ValueError).op).toBe('MinMaxScaler.transform');
  }
});
