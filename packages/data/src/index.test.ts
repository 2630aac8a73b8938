import { readFile, readdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import * as data from './index.js';

describe('@tsgrad/data entry', () => {
  it('exports the public API', () => {
    for (const name of [
      'parseIdx',
      'encodeIdx',
      'loadMnist',
      'loadFashionMnist',
      'mnistFromBuffers',
      'DataError',
      'minMaxScaler',
      'standardScaler',
      'normalizeImages',
      'oneHot',
      'labelEncoder',
      'discretizer',
      'Dataset',
      'trainTestSplit',
      'kFold',
      'stratifiedKFold',
      'computeClassWeights',
      'sampleWeightsFromClassWeights',
      'oversample',
      'augment',
      'randomShift',
      'randomRotation',
      'randomZoom',
      'randomFlip',
      'gaussianNoise',
    ]) {
      expect(data, name).toHaveProperty(name);
    }
  });

  it('has no static Node imports, so it loads in browsers', async () => {
    const dir = dirname(fileURLToPath(import.meta.url));
    const sources = (await readdir(dir)).filter(
      (f) => f.endsWith('.ts') && !f.endsWith('.test.ts') && f !== 'test-helpers.ts',
    );
    for (const file of sources) {
      const text = await readFile(join(dir, file), 'utf8');
      expect(text, file).not.toMatch(/^import[^;]*from '(node:)?(fs|path|module|zlib|os)[/'"]/m);
    }
  });
});
