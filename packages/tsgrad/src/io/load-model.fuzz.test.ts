import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as layers from '@tsgrad/layers';
import { TsgradError, randn } from '@tsgrad/tensor';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sequential } from '../sequential.js';
import { MODEL_FILE, OPTIMIZER_FILE, WEIGHTS_FILE, loadModel } from './save-model.js';

let root: string;
let good: string;
const FILES = [MODEL_FILE, WEIGHTS_FILE, OPTIMIZER_FILE];

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'tsgrad-fuzz-'));
  good = join(root, 'good');
  const model = sequential([
    layers.dense({ units: 4, activation: 'relu', inputShape: [3], seed: 1 }),
    layers.dense({ units: 2, seed: 2 }),
  ]);
  model.compile({ optimizer: 'adam', loss: 'mse', metrics: ['mae'] });
  await model.fit(randn([8, 3], { seed: 3 }), randn([8, 2], { seed: 4 }), {
    epochs: 1,
    verbose: 0,
  });
  await model.save(good);
}, 120_000);

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

let trial = 0;
/** Copies the good model, lets `mutate` damage it, and loads it: a tsgrad error or success. */
async function loadDamaged(mutate: (dir: string) => Promise<void>): Promise<'ok' | string> {
  const dir = join(root, `t${trial++}`);
  await cp(good, dir, { recursive: true });
  await mutate(dir);
  try {
    await loadModel(dir);
    return 'ok';
  } catch (e) {
    if (!TsgradError.isInstance(e)) throw e;
    return (e as Error).message;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

describe('loadModel on damaged and hostile files', { timeout: 180_000 }, () => {
  it('loads the intact model', async () => {
    expect(await loadDamaged(async () => {})).toBe('ok');
  });

  it('gives only clean errors for truncated files (fuzz)', async () => {
    const random = rng(1);
    for (const name of FILES) {
      const bytes = await readFile(join(good, name));
      for (let i = 0; i < 12; i++) {
        const cut = Math.floor(random() * bytes.length);
        const result = await loadDamaged((dir) =>
          writeFile(join(dir, name), bytes.subarray(0, cut)),
        );
        expect(result).not.toBe('ok');
        expect(result).toMatch(/^loadModel: /);
      }
    }
  });

  it('gives only clean errors for flipped bytes (fuzz)', async () => {
    const random = rng(2);
    for (const name of FILES) {
      const bytes = await readFile(join(good, name));
      for (let i = 0; i < 25; i++) {
        const damaged = Uint8Array.from(bytes);
        const flips = 1 + Math.floor(random() * 4);
        for (let f = 0; f < flips; f++)
          damaged[Math.floor(random() * damaged.length)] ^= 1 + Math.floor(random() * 255);
        // Either the damage was harmless (JSON whitespace, say) or the error is a tsgrad error.
        const result = await loadDamaged((dir) => writeFile(join(dir, name), damaged));
        if (name !== MODEL_FILE) expect(result).toMatch(/does not match model\.json/);
      }
    }
  });

  it('refuses hostile model.json contents without touching prototypes or allocating much', async () => {
    const json = JSON.parse(await readFile(join(good, MODEL_FILE), 'utf8'));
    const variants: [string, (j: any) => unknown, RegExp][] = [
      [
        'prototype pollution',
        (j) => `{"__proto__":{"polluted":1},${JSON.stringify(j).slice(1)}`,
        /forbidden key '__proto__'/,
      ],
      [
        'constructor pollution',
        (j) => ({ ...j, network: { ...j.network, constructor: { prototype: { polluted: 1 } } } }),
        /forbidden key/,
      ],
      [
        'a path outside the directory',
        (j) => ({
          ...j,
          files: { ...j.files, weights: { ...j.files.weights, name: '../../etc/passwd' } },
        }),
        /plain file name/,
      ],
      [
        'an unknown layer class',
        (j) => ({ ...j, network: { className: 'Evil', config: {} } }),
        /cannot rebuild the network/,
      ],
      [
        'a giant layer',
        (j) => JSON.parse(JSON.stringify(j).replace('"units":4', '"units":1000000000000')),
        /implausible/,
      ],
      [
        'a giant input shape',
        (j) => ({ ...j, inputShape: [null, 100000, 100000] }),
        /implausibly large/,
      ],
      [
        'deep nesting',
        (j) =>
          `{"format":"tsgrad-model","formatVersion":1,"files":${JSON.stringify(j.files)},"network":${'['.repeat(100000)}${']'.repeat(100000)}}`,
        /loadModel: /,
      ],
      [
        'an unknown optimizer',
        (j) => ({ ...j, compile: { ...j.compile, optimizer: { name: 'evil' } } }),
        /cannot compile/,
      ],
      [
        'metrics that are not names',
        (j) => ({ ...j, compile: { ...j.compile, metrics: [{}] } }),
        /compile\.metrics/,
      ],
      ['another format', (j) => ({ ...j, format: 'keras' }), /is not a tsgrad model/],
      ['a future version', (j) => ({ ...j, formatVersion: 99 }), /format version 99/],
      [
        'a wrong hash',
        (j) => ({ ...j, files: { ...j.files, weights: { ...j.files.weights, sha256: '0' } } }),
        /does not match/,
      ],
      ['JSON that is not an object', () => '[1,2,3]', /the top level must be an object/],
    ];
    for (const [what, make, message] of variants) {
      const result = await loadDamaged(async (dir) => {
        const v = make(structuredClone(json));
        await writeFile(join(dir, MODEL_FILE), typeof v === 'string' ? v : JSON.stringify(v));
      });
      expect(result, what).toMatch(message);
      expect(({} as any).polluted, what).toBeUndefined();
    }
  });

  it('names the missing file', async () => {
    for (const name of [MODEL_FILE, WEIGHTS_FILE, OPTIMIZER_FILE]) {
      const result = await loadDamaged((dir) => rm(join(dir, name)));
      expect(result).toMatch(new RegExp(`${name.replace('.', '\\.')} is missing`));
    }
  });
});
