import {
  Generator as Rng,
  Tensor,
  ValueError,
  defaultGenerator,
  formatShape,
  gather,
  permutation,
  tensor,
} from '@tsgrad/tensor';
import { type Batch, collate } from './collate.js';
import { gatherRows } from './inputs.js';

/** Random access to the rows of an in-memory dataset. */
interface Rows<T> {
  get(i: number): T;
  /** A whole batch at once (for tensors: one `gather` instead of stacking rows). */
  getBatch(indices: Int32Array): Batch<T>;
}

/** How a dataset produces its elements for a given epoch. */
interface Plan<T> {
  /** Number of elements: a count, `Infinity` (endless), or undefined when unknown. */
  size: number | undefined;
  /** Synchronous iteration, or null for async-only sources. */
  sync: ((epoch: number) => Iterator<T>) | null;
  async: (epoch: number) => AsyncIterator<T>;
  /** Present while elements are rows of an in-memory table visited in some order. */
  indexed?: { rows: Rows<T>; order: (epoch: number) => Iterable<number> };
}

/** Options of {@link Dataset.shuffle}. */
export interface ShuffleOptions {
  /** The seed; each epoch's order comes from the seed and the epoch number. Default: drawn from the default generator. */
  seed?: number;
  /**
   * For streamed sources (generators, and after `filter` or `batch`): elements are drawn at
   * random from a buffer of this many (default 1024, or the whole dataset when its size is
   * known). In-memory datasets always get an exact full permutation.
   */
  bufferSize?: number;
}

/** Options of {@link Dataset.batch}. */
export interface BatchOptions {
  /** Drop the last batch when it has fewer than `batchSize` elements (default false). */
  dropLast?: boolean;
}

const DATASET = 'Dataset';

function checkCount(op: string, name: string, n: number, min: number): void {
  if (!Number.isInteger(n) || n < min)
    throw new ValueError(op, `${name} must be an integer >= ${min}, got ${n}`);
}

/** Seed of epoch `epoch` of a shuffle seeded with `seed`: distinct per epoch, reproducible. */
function epochSeed(seed: number, epoch: number): number {
  const lo = ((Math.floor(seed) >>> 0) ^ Math.imul(epoch + 1, 0x9e3779b9)) >>> 0;
  const hi = Math.floor(Math.abs(seed) / 4294967296) % 2097152;
  return lo + 4294967296 * hi;
}

function syncToAsync<T>(it: Iterator<T>): AsyncIterator<T> {
  return {
    next: async () => it.next(),
    return: async (v?: any) => it.return?.(v) ?? { done: true, value: v },
  };
}

function* fromOrder<T>(rows: Rows<T>, order: Iterable<number>): Generator<T> {
  for (const i of order) yield rows.get(i);
}

function iterable<T>(it: () => Iterator<T>): Iterable<T> {
  return { [Symbol.iterator]: it };
}

function asyncIterable<T>(it: () => AsyncIterator<T>): AsyncIterable<T> {
  return { [Symbol.asyncIterator]: it };
}

function isAsyncGeneratorFunction(fn: unknown): boolean {
  return typeof fn === 'function' && fn.constructor?.name === 'AsyncGeneratorFunction';
}

function indexedPlan<T>(
  rows: Rows<T>,
  size: number,
  order: (epoch: number) => Iterable<number>,
): Plan<T> {
  return {
    size,
    sync: (epoch) => fromOrder(rows, order(epoch)),
    async: (epoch) => syncToAsync(fromOrder(rows, order(epoch))),
    indexed: { rows, order },
  };
}

function* range(n: number): Generator<number> {
  for (let i = 0; i < n; i++) yield i;
}

/** Wraps a transform of iterables into a plan, sync when the source is sync. */
function streamPlan<T, U>(
  src: Plan<T>,
  size: number | undefined,
  syncFn: (it: Iterable<T>, epoch: number) => Iterable<U>,
  asyncFn: (it: AsyncIterable<T>, epoch: number) => AsyncIterable<U>,
): Plan<U> {
  const sync = src.sync;
  return {
    size,
    sync: sync
      ? (epoch) =>
          syncFn(
            iterable(() => sync(epoch)),
            epoch,
          )[Symbol.iterator]()
      : null,
    async: (epoch) =>
      asyncFn(
        asyncIterable(() => src.async(epoch)),
        epoch,
      )[Symbol.asyncIterator](),
  };
}

/**
 * A dataset: a sequence of elements, iterated once per epoch, built from tensors, arrays or a
 * generator and transformed lazily (`shuffle`, `batch`, `map`, `filter`, `take`, `skip`,
 * `repeat`, `prefetch`). Every transform returns a new dataset; the original is unchanged.
 *
 * **Epochs.** Each `for...of` / `for await...of` over a dataset starts a new epoch (counted by
 * the dataset being iterated). A `shuffle` draws its order from its seed and the epoch, so
 * every epoch has a new order and a run is reproducible: `iterate(epoch)` replays any epoch.
 *
 * **Iteration.** In-memory datasets (`fromTensors`, `fromArrays`, and sync generators)
 * iterate synchronously and asynchronously; async generators only with `for await`.
 *
 * **Batches.** `batch(n)` turns elements into batches: tensors are stacked (rows of
 * `fromTensors` are gathered with one `gather` op), `{ x, y }` objects are batched per key, and
 * other values become arrays.
 *
 * @example
 * const ds = Dataset.fromTensors(images, labels)   // elements { x: [28, 28, 1], y: [] }
 *   .shuffle({ seed: 42 })
 *   .batch(128);                                   // elements { x: [128, 28, 28, 1], y: [128] }
 * for (let epoch = 0; epoch < 3; epoch++) {
 *   for (const { x, y } of ds) trainStep(x, y);    // a new order each epoch
 * }
 */
export class Dataset<T> {
  private nextEpoch = 0;

  private constructor(private readonly plan: Plan<T>) {}

  /**
   * The rows of `x` `[N, ...]` (elements `x[i]` of shape `[...]`), or with `y` `[N, ...]` the
   * pairs `{ x: x[i], y: y[i] }`.
   * @throws {ShapeError} when x is a scalar or y has a different first dimension;
   *   {ValueError} for an empty x.
   * @example Dataset.fromTensors(tensor([[1, 2], [3, 4]]), tensor([0, 1], undefined, 'int32'));
   */
  static fromTensors(x: Tensor): Dataset<Tensor>;
  static fromTensors(x: Tensor, y: Tensor): Dataset<{ x: Tensor; y: Tensor }>;
  static fromTensors(x: Tensor, y?: Tensor): Dataset<Tensor> | Dataset<{ x: Tensor; y: Tensor }> {
    const op = 'Dataset.fromTensors';
    if (!(x instanceof Tensor)) throw new ValueError(op, `x must be a Tensor, got ${typeof x}`);
    if (x.rank < 1)
      throw new ValueError(op, `x must have a sample axis, got shape ${formatShape(x.shape)}`);
    const n = x.shape[0];
    if (n === 0)
      throw new ValueError(
        op,
        `x is empty (shape ${formatShape(x.shape)}); a dataset needs at least one sample`,
      );
    const row = (t: Tensor, i: number) => gather(t, tensor(i, [], 'int32'), 0);
    if (y === undefined) {
      return new Dataset(
        indexedPlan<Tensor>(
          { get: (i) => row(x, i), getBatch: (idx) => gatherRows(x, idx) },
          n,
          () => range(n),
        ),
      );
    }
    if (!(y instanceof Tensor)) throw new ValueError(op, `y must be a Tensor, got ${typeof y}`);
    if (y.rank < 1 || y.shape[0] !== n) {
      throw new ValueError(
        op,
        `x and y need the same number of samples; x has shape ${formatShape(x.shape)}, y has shape ${formatShape(y.shape)}`,
      );
    }
    return new Dataset(
      indexedPlan<{ x: Tensor; y: Tensor }>(
        {
          get: (i) => ({ x: row(x, i), y: row(y, i) }),
          getBatch: (idx) => {
            const index = tensor(idx, [idx.length], 'int32');
            return { x: gather(x, index, 0), y: gather(y, index, 0) };
          },
        },
        n,
        () => range(n),
      ),
    );
  }

  /**
   * The items of `x` (any values), or with `y` the pairs `{ x: x[i], y: y[i] }`.
   * @throws {ValueError} for empty arrays or arrays of different lengths.
   * @example Dataset.fromArrays([[0, 1], [1, 1]], [1, 0]).batch(2); // { x: number[][], y: number[] }
   */
  static fromArrays<X>(x: readonly X[]): Dataset<X>;
  static fromArrays<X, Y>(x: readonly X[], y: readonly Y[]): Dataset<{ x: X; y: Y }>;
  static fromArrays<X, Y>(x: readonly X[], y?: readonly Y[]): Dataset<X> | Dataset<{ x: X; y: Y }> {
    const op = 'Dataset.fromArrays';
    if (!Array.isArray(x)) throw new ValueError(op, `x must be an array, got ${typeof x}`);
    if (x.length === 0) throw new ValueError(op, 'x is empty; a dataset needs at least one sample');
    if (y === undefined) {
      const get = (i: number) => x[i];
      return new Dataset(
        indexedPlan<X>({ get, getBatch: (idx) => collate<X>(Array.from(idx, get)) }, x.length, () =>
          range(x.length),
        ),
      );
    }
    if (!Array.isArray(y)) throw new ValueError(op, `y must be an array, got ${typeof y}`);
    if (y.length !== x.length)
      throw new ValueError(op, `x has ${x.length} items but y has ${y.length}`);
    const get = (i: number) => ({ x: x[i], y: y[i] });
    return new Dataset(
      indexedPlan<{ x: X; y: Y }>(
        { get, getBatch: (idx) => collate<{ x: X; y: Y }>(Array.from(idx, get)) },
        x.length,
        () => range(x.length),
      ),
    );
  }

  /**
   * Elements from a generator function, called once per epoch with the epoch number. A sync
   * generator gives a dataset that also iterates synchronously; an async one needs `for await`.
   * @param opts.size The number of elements, when known (reported by `size`).
   * @example
   * const ds = Dataset.fromGenerator(async function* () {
   *   for (const file of files) yield await loadImage(file);
   * });
   */
  static fromGenerator<T>(
    fn: (epoch: number) => Iterable<T> | AsyncIterable<T>,
    opts: { size?: number } = {},
  ): Dataset<T> {
    const op = 'Dataset.fromGenerator';
    if (typeof fn !== 'function')
      throw new ValueError(op, `expected a generator function, got ${typeof fn}`);
    if (
      opts.size !== undefined &&
      !(opts.size === Infinity || (Number.isInteger(opts.size) && opts.size >= 0))
    ) {
      throw new ValueError(op, `size must be an integer >= 0 or Infinity, got ${opts.size}`);
    }
    const call = (epoch: number) => {
      const it = fn(epoch) as any;
      if (
        it === null ||
        typeof it !== 'object' ||
        (!(Symbol.iterator in it) && !(Symbol.asyncIterator in it))
      ) {
        throw new ValueError(
          op,
          `the function must return an iterable or async iterable, got ${it === null ? 'null' : typeof it}`,
        );
      }
      return it as Iterable<T> & AsyncIterable<T>;
    };
    return new Dataset<T>({
      size: opts.size,
      sync: isAsyncGeneratorFunction(fn)
        ? null
        : (epoch) => {
            const it = call(epoch);
            if (!(Symbol.iterator in (it as object))) {
              throw new ValueError(
                DATASET,
                'this dataset comes from an async generator; iterate it with for await...of',
              );
            }
            return it[Symbol.iterator]();
          },
      async: (epoch) => {
        const it: any = call(epoch);
        return Symbol.asyncIterator in it
          ? it[Symbol.asyncIterator]()
          : syncToAsync(it[Symbol.iterator]());
      },
    });
  }

  /** The number of elements per epoch: a count, `Infinity` after `repeat()`, or undefined when unknown (generators, `filter`). */
  get size(): number | undefined {
    return this.plan.size;
  }

  /** Whether the dataset can be iterated synchronously (`for...of`). */
  get isSync(): boolean {
    return this.plan.sync !== null;
  }

  /** The epoch the next `for...of` / `for await...of` will run (0 at first). */
  get epoch(): number {
    return this.nextEpoch;
  }

  /**
   * Sets the epoch the next iteration runs (to resume a seeded run mid-way).
   * @throws {ValueError} for a negative or fractional epoch.
   */
  setEpoch(epoch: number): this {
    checkCount('Dataset.setEpoch', 'epoch', epoch, 0);
    this.nextEpoch = epoch;
    return this;
  }

  /**
   * The elements of one epoch, synchronously (without advancing the epoch counter).
   * @throws {ValueError} for async-only datasets.
   */
  iterate(epoch: number): Iterable<T> {
    checkCount('Dataset.iterate', 'epoch', epoch, 0);
    const sync = this.plan.sync;
    if (sync === null)
      throw new ValueError(
        DATASET,
        'this dataset has an async source; iterate it with for await...of',
      );
    return iterable(() => sync(epoch));
  }

  /** The elements of one epoch, asynchronously (without advancing the epoch counter). */
  iterateAsync(epoch: number): AsyncIterable<T> {
    checkCount('Dataset.iterateAsync', 'epoch', epoch, 0);
    return asyncIterable(() => this.plan.async(epoch));
  }

  [Symbol.iterator](): Iterator<T> {
    const it = this.iterate(this.nextEpoch);
    this.nextEpoch++;
    return it[Symbol.iterator]();
  }

  [Symbol.asyncIterator](): AsyncIterator<T> {
    return this.plan.async(this.nextEpoch++);
  }

  /**
   * All elements of the next epoch as an array.
   * @throws {ValueError} for async-only or endless datasets.
   */
  toArray(): T[] {
    if (this.size === Infinity)
      throw new ValueError(
        'Dataset.toArray',
        'the dataset is endless (repeat() without a count); take(n) first',
      );
    return [...this];
  }

  /**
   * All elements of the next epoch as an array, for any dataset.
   * @throws {ValueError} for endless datasets.
   */
  async toArrayAsync(): Promise<T[]> {
    if (this.size === Infinity)
      throw new ValueError(
        'Dataset.toArrayAsync',
        'the dataset is endless (repeat() without a count); take(n) first',
      );
    const out: T[] = [];
    for await (const v of this) out.push(v);
    return out;
  }

  /**
   * Shuffles the elements, with a new order each epoch derived from `seed` and the epoch.
   * In-memory datasets get an exact permutation; streamed ones a buffered shuffle.
   * @throws {ValueError} for a bad bufferSize.
   * @example ds.shuffle({ seed: 42 }).batch(32);
   */
  shuffle(opts: ShuffleOptions = {}): Dataset<T> {
    const op = 'Dataset.shuffle';
    if (opts.bufferSize !== undefined) checkCount(op, 'bufferSize', opts.bufferSize, 1);
    if (opts.seed !== undefined && !Number.isFinite(opts.seed))
      throw new ValueError(op, `seed must be a finite number, got ${opts.seed}`);
    const seed = opts.seed ?? defaultGenerator().nextUint32();
    const src = this.plan;
    if (src.indexed && src.size !== Infinity) {
      const { rows, order } = src.indexed;
      return new Dataset(
        indexedPlan(rows, src.size!, function* (epoch) {
          const idx = Int32Array.from(order(epoch));
          const perm = permutation(idx.length, new Rng(epochSeed(seed, epoch)));
          for (let k = 0; k < perm.length; k++) yield idx[perm[k]];
        }),
      );
    }
    const size = src.size;
    const bufferSize =
      opts.bufferSize ?? (size !== undefined && size !== Infinity ? Math.max(1, size) : 1024);
    function* syncShuffle(it: Iterable<T>, epoch: number) {
      const g = new Rng(epochSeed(seed, epoch));
      const buf: T[] = [];
      for (const v of it) {
        if (buf.length < bufferSize) {
          buf.push(v);
          continue;
        }
        const j = g.integer(0, bufferSize);
        yield buf[j];
        buf[j] = v;
      }
      while (buf.length > 0) {
        const j = g.integer(0, buf.length);
        yield buf[j];
        buf[j] = buf[buf.length - 1];
        buf.pop();
      }
    }
    async function* asyncShuffle(it: AsyncIterable<T>, epoch: number) {
      const g = new Rng(epochSeed(seed, epoch));
      const buf: T[] = [];
      for await (const v of it) {
        if (buf.length < bufferSize) {
          buf.push(v);
          continue;
        }
        const j = g.integer(0, bufferSize);
        yield buf[j];
        buf[j] = v;
      }
      while (buf.length > 0) {
        const j = g.integer(0, buf.length);
        yield buf[j];
        buf[j] = buf[buf.length - 1];
        buf.pop();
      }
    }
    return new Dataset(streamPlan(src, size, syncShuffle, asyncShuffle));
  }

  /**
   * Groups consecutive elements into batches of `batchSize` (the last one smaller unless
   * `dropLast`). See {@link Batch} for what a batch of each element type is.
   * @throws {ValueError} unless batchSize is an integer >= 1.
   * @example Dataset.fromTensors(x, y).batch(32, { dropLast: true });
   */
  batch(batchSize: number, opts: BatchOptions = {}): Dataset<Batch<T>> {
    checkCount('Dataset.batch', 'batchSize', batchSize, 1);
    const dropLast = opts.dropLast ?? false;
    const src = this.plan;
    const n = src.size;
    const size =
      n === undefined || n === Infinity
        ? n
        : dropLast
          ? Math.floor(n / batchSize)
          : Math.ceil(n / batchSize);
    if (src.indexed) {
      const { rows, order } = src.indexed;
      const gen = function* (epoch: number): Generator<Batch<T>> {
        const chunk = new Int32Array(batchSize);
        let k = 0;
        for (const i of order(epoch)) {
          chunk[k++] = i;
          if (k === batchSize) {
            yield rows.getBatch(chunk.slice());
            k = 0;
          }
        }
        if (k > 0 && !dropLast) yield rows.getBatch(chunk.slice(0, k));
      };
      return new Dataset<Batch<T>>({ size, sync: gen, async: (epoch) => syncToAsync(gen(epoch)) });
    }
    function* syncBatch(it: Iterable<T>) {
      let buf: T[] = [];
      for (const v of it) {
        buf.push(v);
        if (buf.length === batchSize) {
          yield collate(buf);
          buf = [];
        }
      }
      if (buf.length > 0 && !dropLast) yield collate(buf);
    }
    async function* asyncBatch(it: AsyncIterable<T>) {
      let buf: T[] = [];
      for await (const v of it) {
        buf.push(v);
        if (buf.length === batchSize) {
          yield collate(buf);
          buf = [];
        }
      }
      if (buf.length > 0 && !dropLast) yield collate(buf);
    }
    return new Dataset(streamPlan(src, size, syncBatch, asyncBatch));
  }

  /**
   * Applies `fn` to each element. For synchronous iteration `fn` must be synchronous; async
   * iteration awaits what it returns, so an async `fn` works there.
   * @example ds.map(({ x, y }) => ({ x: normalizeImages(x), y }));
   */
  map<U>(fn: (value: T) => U | Promise<U>): Dataset<U> {
    if (typeof fn !== 'function')
      throw new ValueError('Dataset.map', `expected a function, got ${typeof fn}`);
    const src = this.plan;
    if (src.indexed) {
      const { rows, order } = src.indexed;
      const get = (i: number) => fn(rows.get(i)) as U;
      const mapped: Rows<U> = { get, getBatch: (idx) => collate(Array.from(idx, get)) };
      const plan = indexedPlan(mapped, src.size!, order);
      plan.async = (epoch) =>
        (async function* () {
          for (const i of order(epoch)) yield await fn(rows.get(i));
        })();
      return new Dataset(plan);
    }
    return new Dataset<U>(
      streamPlan(
        src,
        src.size,
        function* (it) {
          for (const v of it) yield fn(v) as U;
        },
        async function* (it) {
          for await (const v of it) yield await fn(v);
        },
      ),
    );
  }

  /**
   * Keeps the elements for which `predicate` is true (the size becomes unknown).
   * @example ds.filter(({ y }) => y.item() !== 0);
   */
  filter(predicate: (value: T) => boolean | Promise<boolean>): Dataset<T> {
    if (typeof predicate !== 'function')
      throw new ValueError('Dataset.filter', `expected a function, got ${typeof predicate}`);
    return new Dataset<T>(
      streamPlan(
        this.plan,
        this.plan.size === Infinity ? Infinity : undefined,
        function* (it) {
          for (const v of it) if (predicate(v)) yield v;
        },
        async function* (it) {
          for await (const v of it) if (await predicate(v)) yield v;
        },
      ),
    );
  }

  /**
   * The first `n` elements.
   * @throws {ValueError} unless n is an integer >= 0.
   */
  take(n: number): Dataset<T> {
    checkCount('Dataset.take', 'n', n, 0);
    const src = this.plan;
    const size = src.size === undefined ? undefined : Math.min(src.size, n);
    function* takeSync<V>(it: Iterable<V>) {
      if (n === 0) return;
      let k = 0;
      for (const v of it) {
        yield v;
        if (++k >= n) return;
      }
    }
    if (src.indexed) {
      const { rows, order } = src.indexed;
      return new Dataset(indexedPlan(rows, size!, (epoch) => takeSync(order(epoch))));
    }
    return new Dataset<T>(
      streamPlan(src, size, takeSync, async function* (it) {
        if (n === 0) return;
        let k = 0;
        for await (const v of it) {
          yield v;
          if (++k >= n) return;
        }
      }),
    );
  }

  /**
   * All but the first `n` elements.
   * @throws {ValueError} unless n is an integer >= 0.
   */
  skip(n: number): Dataset<T> {
    checkCount('Dataset.skip', 'n', n, 0);
    const src = this.plan;
    const size = src.size === undefined ? undefined : Math.max(0, src.size - n);
    function* skipSync<V>(it: Iterable<V>) {
      let k = 0;
      for (const v of it) if (k++ >= n) yield v;
    }
    if (src.indexed) {
      const { rows, order } = src.indexed;
      return new Dataset(indexedPlan(rows, size!, (epoch) => skipSync(order(epoch))));
    }
    return new Dataset<T>(
      streamPlan(src, size, skipSync, async function* (it) {
        let k = 0;
        for await (const v of it) if (k++ >= n) yield v;
      }),
    );
  }

  /**
   * Repeats the dataset `count` times per epoch (endlessly without a count). Each repetition is
   * a sub-epoch of its own, so a shuffle before `repeat` gives each repetition a new order.
   * @throws {ValueError} unless count is an integer >= 1.
   */
  repeat(count = Infinity): Dataset<T> {
    if (count !== Infinity) checkCount('Dataset.repeat', 'count', count, 1);
    const src = this.plan;
    const size =
      src.size === undefined ? undefined : count === Infinity ? Infinity : src.size * count;
    const sub = (epoch: number, r: number) => (count === Infinity ? r : epoch * count + r);
    if (src.indexed) {
      const { rows, order } = src.indexed;
      return new Dataset(
        indexedPlan(rows, size!, function* (epoch) {
          for (let r = 0; r < count; r++) yield* order(sub(epoch, r));
        }),
      );
    }
    const sync = src.sync;
    return new Dataset<T>({
      size,
      sync: sync
        ? function* (epoch) {
            for (let r = 0; r < count; r++) yield* iterable(() => sync(sub(epoch, r)));
          }
        : null,
      async: async function* (epoch) {
        for (let r = 0; r < count; r++) yield* asyncIterable(() => src.async(sub(epoch, r)));
      },
    });
  }

  /**
   * Reads up to `n` elements ahead during async iteration, so a slow source (files, fetches,
   * an async `map`) works while the consumer trains. Synchronous iteration is unchanged.
   * @throws {ValueError} unless n is an integer >= 1.
   */
  prefetch(n: number): Dataset<T> {
    checkCount('Dataset.prefetch', 'n', n, 1);
    const src = this.plan;
    return new Dataset<T>({
      ...src,
      async: (epoch) =>
        (async function* () {
          const it = src.async(epoch);
          const queue: Promise<IteratorResult<T>>[] = [];
          let finished = false;
          const fill = () => {
            while (queue.length < n) queue.push(it.next());
          };
          try {
            fill();
            while (true) {
              const r = await queue.shift()!;
              if (r.done) {
                finished = true;
                return;
              }
              fill();
              yield r.value;
            }
          } finally {
            if (!finished) {
              // Settle the reads already in flight before closing the source.
              await Promise.allSettled(queue);
              await it.return?.();
            }
          }
        })(),
    });
  }
}
