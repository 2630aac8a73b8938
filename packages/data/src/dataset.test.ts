import { type Tensor, ValueError, arange, reshape, tensor } from '@tsgrad/tensor';
import { describe, expect, it } from 'vitest';
import { Dataset } from './dataset.js';

const rowsOf = (t: Tensor) => t.toArray() as number[][];

/** x: [10, 2] with rows [i, 10 + i]; y: [10] int32 i. */
function data(n = 10) {
  const x = tensor(Array.from({ length: n }, (_, i) => [i, 10 + i]));
  const y = tensor(
    Array.from({ length: n }, (_, i) => i),
    undefined,
    'int32',
  );
  return { x, y };
}

const firstColumn = (batches: { x: Tensor }[]) =>
  batches.flatMap((b) => rowsOf(b.x).map((r) => r[0]));

describe('Dataset.fromTensors', () => {
  it('yields rows, and pairs with y', () => {
    const { x, y } = data(3);
    const rows = Dataset.fromTensors(x).toArray();
    expect(rows.map((r) => r.toArray())).toEqual([
      [0, 10],
      [1, 11],
      [2, 12],
    ]);
    const pairs = Dataset.fromTensors(x, y).toArray();
    expect(pairs[2].x.toArray()).toEqual([2, 12]);
    expect(pairs[2].y.shape).toEqual([]);
    expect(pairs[2].y.item()).toBe(2);
  });

  it('batches with a partial last batch, or drops it', () => {
    const { x, y } = data();
    const ds = Dataset.fromTensors(x, y).batch(4);
    expect(ds.size).toBe(3);
    const batches = ds.toArray();
    expect(batches.map((b) => b.x.shape)).toEqual([
      [4, 2],
      [4, 2],
      [2, 2],
    ]);
    expect(batches.map((b) => b.y.shape)).toEqual([[4], [4], [2]]);
    expect(rowsOf(batches[2].x)).toEqual([
      [8, 18],
      [9, 19],
    ]);
    expect(Array.from(batches[1].y.dataSync())).toEqual([4, 5, 6, 7]);
    expect(batches[0].y.dtype).toBe('int32');
    const dropped = Dataset.fromTensors(x, y).batch(4, { dropLast: true });
    expect(dropped.size).toBe(2);
    expect(dropped.toArray().map((b) => b.x.shape[0])).toEqual([4, 4]);
    expect(Dataset.fromTensors(x).batch(5, { dropLast: true }).toArray().length).toBe(2);
  });

  it('keeps the trailing dimensions of images', () => {
    const images = reshape(arange(0, 6 * 4, 1, 'float32'), [6, 2, 2, 1]);
    const [b] = Dataset.fromTensors(images).batch(6).toArray();
    expect(b.shape).toEqual([6, 2, 2, 1]);
    expect(Array.from(b.dataSync())).toEqual(Array.from(images.dataSync()));
  });

  it('rejects empty or mismatched tensors', () => {
    expect(() => Dataset.fromTensors(tensor(new Float32Array(0), [0, 3]))).toThrow(
      'Dataset.fromTensors: x is empty (shape [0,3]); a dataset needs at least one sample',
    );
    expect(() => Dataset.fromTensors(tensor([[1], [2]]), tensor([1]))).toThrow(
      'x and y need the same number of samples; x has shape [2,1], y has shape [1]',
    );
    expect(() => Dataset.fromTensors(tensor(1))).toThrow('x must have a sample axis');
    expect(() => Dataset.fromTensors(tensor([1])).batch(0)).toThrow(
      'Dataset.batch: batchSize must be an integer >= 1, got 0',
    );
  });
});

describe('shuffle', () => {
  it('is a permutation, reproducible from the seed, new each epoch', () => {
    const { x, y } = data(20);
    const make = () => Dataset.fromTensors(x, y).shuffle({ seed: 7 }).batch(6);
    const a = make();
    const epoch0 = firstColumn(a.toArray());
    const epoch1 = firstColumn(a.toArray());
    expect([...epoch0].sort((p, q) => p - q)).toEqual(Array.from({ length: 20 }, (_, i) => i));
    expect(epoch0).not.toEqual(Array.from({ length: 20 }, (_, i) => i));
    expect(epoch1).not.toEqual(epoch0);
    const b = make();
    expect(firstColumn(b.toArray())).toEqual(epoch0);
    expect(firstColumn([...b.iterate(1)])).toEqual(epoch1);
    expect(firstColumn([...make().setEpoch(1)])).toEqual(epoch1);
    expect(
      firstColumn(Dataset.fromTensors(x, y).shuffle({ seed: 8 }).batch(6).toArray()),
    ).not.toEqual(epoch0);
    // x and y stay paired.
    for (const batch of make())
      expect(rowsOf(batch.x).map((r) => r[0])).toEqual(Array.from(batch.y.dataSync()));
  });

  it('gives each repetition its own order', () => {
    const ds = Dataset.fromArrays([0, 1, 2, 3, 4, 5, 6, 7]).shuffle({ seed: 1 }).repeat(2);
    expect(ds.size).toBe(16);
    const all = ds.toArray();
    expect(all.slice(0, 8).sort()).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    expect(all.slice(8).sort()).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    expect(all.slice(0, 8)).not.toEqual(all.slice(8));
  });

  it('shuffles streamed data through a buffer, reproducibly', () => {
    const gen = () =>
      Dataset.fromGenerator(function* () {
        for (let i = 0; i < 50; i++) yield i;
      });
    const a = gen().shuffle({ seed: 3, bufferSize: 10 }).toArray();
    expect([...a].sort((p, q) => p - q)).toEqual(Array.from({ length: 50 }, (_, i) => i));
    expect(a).not.toEqual(Array.from({ length: 50 }, (_, i) => i));
    expect(gen().shuffle({ seed: 3, bufferSize: 10 }).toArray()).toEqual(a);
  });
});

describe('Dataset.fromArrays', () => {
  it('batches plain values per key', () => {
    const ds = Dataset.fromArrays(
      [
        [0, 1],
        [1, 1],
        [1, 0],
      ],
      [1, 0, 1],
    ).batch(2);
    expect(ds.toArray()).toEqual([
      {
        x: [
          [0, 1],
          [1, 1],
        ],
        y: [1, 0],
      },
      { x: [[1, 0]], y: [1] },
    ]);
    expect(Dataset.fromArrays(['a', 'b', 'c']).batch(2).toArray()).toEqual([['a', 'b'], ['c']]);
  });

  it('stacks tensors held in arrays', () => {
    const ds = Dataset.fromArrays([tensor([1, 2]), tensor([3, 4])], ['a', 'b']).batch(2);
    const [b] = ds.toArray();
    expect(b.x.toArray()).toEqual([
      [1, 2],
      [3, 4],
    ]);
    expect(b.y).toEqual(['a', 'b']);
  });

  it('rejects empty and mismatched arrays', () => {
    expect(() => Dataset.fromArrays([])).toThrow('Dataset.fromArrays: x is empty');
    expect(() => Dataset.fromArrays([1, 2], [1])).toThrow('x has 2 items but y has 1');
  });
});

describe('transforms', () => {
  const nums = () => Dataset.fromArrays([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);

  it('map, filter, take, skip, repeat', () => {
    expect(
      nums()
        .map((v) => v * 2)
        .take(3)
        .toArray(),
    ).toEqual([0, 2, 4]);
    expect(
      nums()
        .filter((v) => v % 3 === 0)
        .toArray(),
    ).toEqual([0, 3, 6, 9]);
    expect(nums().filter((v) => v > 0).size).toBeUndefined();
    expect(nums().skip(7).toArray()).toEqual([7, 8, 9]);
    expect(nums().skip(7).size).toBe(3);
    expect(nums().skip(20).toArray()).toEqual([]);
    expect(nums().take(2).repeat(3).toArray()).toEqual([0, 1, 0, 1, 0, 1]);
    expect(nums().repeat().size).toBe(Number.POSITIVE_INFINITY);
    expect(nums().repeat().take(12).toArray().slice(-2)).toEqual([0, 1]);
    expect(() => nums().repeat().toArray()).toThrow('the dataset is endless');
    expect(nums().take(0).toArray()).toEqual([]);
  });

  it('maps tensor rows and batches the results', () => {
    const { x, y } = data(5);
    const ds = Dataset.fromTensors(x, y)
      .map(({ x: row, y: label }) => ({ x: row, y: label, w: 1 }))
      .batch(2);
    const [first] = ds.toArray();
    expect(first.x.shape).toEqual([2, 2]);
    expect(first.y.shape).toEqual([2]);
    expect(first.w).toEqual([1, 1]);
  });

  it('batches streamed tensors by stacking', () => {
    const ds = Dataset.fromGenerator(function* () {
      for (let i = 0; i < 5; i++) yield { x: tensor([i, i]), y: i };
    }).batch(2);
    expect(ds.size).toBeUndefined();
    const batches = ds.toArray();
    expect(batches.length).toBe(3);
    expect(batches[2].x.toArray()).toEqual([[4, 4]]);
    expect(batches[0].y).toEqual([0, 1]);
  });

  it('validates arguments', () => {
    expect(() => nums().take(-1)).toThrow('Dataset.take: n must be an integer >= 0, got -1');
    expect(() => nums().repeat(0)).toThrow('Dataset.repeat: count must be an integer >= 1, got 0');
    expect(() => nums().shuffle({ bufferSize: 0 })).toThrow(ValueError);
    expect(() => nums().prefetch(0)).toThrow(ValueError);
  });
});

describe('async sources', () => {
  const source = () =>
    Dataset.fromGenerator(async function* (epoch) {
      for (let i = 0; i < 7; i++) {
        await Promise.resolve();
        yield epoch * 100 + i;
      }
    });

  it('iterate with for await only', async () => {
    const ds = source();
    expect(ds.isSync).toBe(false);
    expect(() => [...ds]).toThrow(
      'Dataset: this dataset has an async source; iterate it with for await...of',
    );
    expect(await ds.toArrayAsync()).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect(await ds.toArrayAsync()).toEqual([100, 101, 102, 103, 104, 105, 106]);
  });

  it('batch, map (async too), shuffle and prefetch', async () => {
    const ds = source()
      .map(async (v) => v * 10)
      .shuffle({ seed: 1 })
      .prefetch(3)
      .batch(3)
      .prefetch(2);
    const out = await ds.toArrayAsync();
    expect(out.map((b) => b.length)).toEqual([3, 3, 1]);
    expect(out.flat().sort((a, b) => a - b)).toEqual([0, 10, 20, 30, 40, 50, 60]);
    const again = await source()
      .map(async (v) => v * 10)
      .shuffle({ seed: 1 })
      .batch(3)
      .toArrayAsync();
    expect(out).toEqual(again);
  });

  it('stops a prefetching source early without losing errors', async () => {
    const seen: number[] = [];
    for await (const v of source().prefetch(4)) {
      seen.push(v);
      if (v === 2) break;
    }
    expect(seen).toEqual([0, 1, 2]);
    const failing = Dataset.fromGenerator(async function* () {
      yield 1;
      throw new Error('disk on fire');
    }).prefetch(2);
    await expect(failing.toArrayAsync()).rejects.toThrow('disk on fire');
  });

  it('in-memory datasets also iterate asynchronously', async () => {
    const { x, y } = data(5);
    const batches: number[] = [];
    for await (const b of Dataset.fromTensors(x, y).batch(2)) batches.push(b.x.shape[0]);
    expect(batches).toEqual([2, 2, 1]);
  });

  it('sync generators iterate both ways', async () => {
    const ds = Dataset.fromGenerator(() => [1, 2, 3], { size: 3 });
    expect(ds.isSync).toBe(true);
    expect(ds.size).toBe(3);
    expect([...ds]).toEqual([1, 2, 3]);
    expect(await ds.toArrayAsync()).toEqual([1, 2, 3]);
    expect(() => Dataset.fromGenerator((() => 5) as any).toArray()).toThrow(
      'must return an iterable',
    );
  });
});
