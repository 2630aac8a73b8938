import { noGrad } from '@tsgrad/autograd';
import { type Tensor, scope, tensor, zeros } from '@tsgrad/tensor';
import type { Model } from '../model.js';
import { networkFromConfig } from '../training/network-adapter.js';
import type { Network } from '../training/network.js';
import { writeFileAtomic } from './atomic-write.js';
import { ModelFileError, parseUntrustedJson } from './safe-json.js';
import { decodeSafetensors, encodeSafetensors, type StoredArray } from './safetensors.js';
import { joinTensors, splitTensors, weightsToArrays } from './tensor-tree.js';

export const MODEL_FILE = 'model.json';
export const WEIGHTS_FILE = 'weights.safetensors';
export const OPTIMIZER_FILE = 'optimizer.safetensors';
const FORMAT = 'tsgrad-model';
const FORMAT_VERSION = 1;

/** The contents of model.json. */
export interface ModelJson {
  format: typeof FORMAT;
  formatVersion: number;
  network: unknown;
  /** The input shape the weights were built for (batch as null), to build before loading. */
  inputShape?: (number | null)[];
  /** The training random streams (Dropout masks) by layer, so a resumed run draws the same. */
  randomState?: Record<string, number[][]>;
  compile: unknown;
  epochsTrained: number;
  files: {
    weights: { name: string; bytes: number; sha256: string };
    optimizer?: { name: string; bytes: number; sha256: string };
  };
  optimizerState?: unknown;
}

async function sha256(bytes: Uint8Array): Promise<string> {
  const { createHash } = await import('node:crypto');
  return createHash('sha256').update(bytes).digest('hex');
}

/**
 * Saves a model to a directory: `weights.safetensors` (every weight and state tensor, in the
 * standard safetensors format), `optimizer.safetensors` (the optimizer's slots, when compiled)
 * and `model.json` (architecture, compile configuration, epochs trained, the optimizer's scalar
 * state, and the size and SHA-256 of both tensor files). Each file is written atomically, and
 * model.json last, so a crash mid-save leaves either the old model or a complete new one — the
 * hashes catch a model.json paired with someone else's weights.
 * @example await saveModel(model, 'runs/mnist'); // or model.save('runs/mnist')
 */
export async function saveModel(model: Model, dir: string): Promise<void> {
  const fs = await import('node:fs/promises');
  const { join } = await import('node:path');
  await fs.mkdir(dir, { recursive: true });
  const weightBytes = encodeSafetensors(weightsToArrays(model.network.namedWeights()), {
    format: 'pt',
  });
  await writeFileAtomic(join(dir, WEIGHTS_FILE), weightBytes);
  const json: ModelJson = {
    format: FORMAT,
    formatVersion: FORMAT_VERSION,
    network: model.network.getConfig(),
    inputShape: model.network.inputShape?.()?.slice(),
    randomState: model.network.randomState?.(),
    compile: model.compileConfigJSON,
    epochsTrained: model.epochsTrained,
    files: {
      weights: { name: WEIGHTS_FILE, bytes: weightBytes.length, sha256: await sha256(weightBytes) },
    },
  };
  if (model.compileOptions) {
    const arrays: Record<string, StoredArray> = {};
    json.optimizerState = splitTensors(model.optimizer.getState(), 'optimizer', arrays);
    const optBytes = encodeSafetensors(arrays);
    await writeFileAtomic(join(dir, OPTIMIZER_FILE), optBytes);
    json.files.optimizer = {
      name: OPTIMIZER_FILE,
      bytes: optBytes.length,
      sha256: await sha256(optBytes),
    };
  }
  await writeFileAtomic(join(dir, MODEL_FILE), `${JSON.stringify(json, null, 2)}\n`);
}

/** The largest single input sample `loadModel` builds a network for (a 4K RGB image is 25M). */
const MAX_INPUT_ELEMENTS = 50_000_000;

function assertPlausibleNumbers(value: unknown, limit: number, source: string, depth = 0): void {
  if (depth > 64)
    throw new ModelFileError('loadModel', `${source}: the network config nests too deeply`);
  if (typeof value === 'number') {
    if (Math.abs(value) > limit)
      throw new ModelFileError(
        'loadModel',
        `${source}: the network config holds ${value}, implausible for a weights file of ${limit} values`,
      );
    return;
  }
  if (typeof value === 'object' && value !== null)
    for (const v of Object.values(value)) assertPlausibleNumbers(v, limit, source, depth + 1);
}

function expectObject(v: unknown, what: string, source: string): Record<string, unknown> {
  if (typeof v !== 'object' || v === null || Array.isArray(v))
    throw new ModelFileError('loadModel', `${source}: ${what} must be an object`);
  return v as Record<string, unknown>;
}

/**
 * Loads a model saved by `saveModel` / `model.save()`: same architecture, same weights (so the
 * same predictions), compiled again with the saved optimizer, loss and metrics, with the
 * optimizer state restored so training resumes where it stopped (pass
 * `initialEpoch: model.epochsTrained` to `fit`). Safe on files from strangers: sizes are
 * bounded, JSON is checked before use, hashes must match, nothing is executed, and layer classes
 * come from a fixed registry.
 *
 * @throws {ModelFileError} for missing, corrupt or mismatched files, naming the file.
 * @example const model = await loadModel('runs/mnist'); model.predict(x);
 */
export async function loadModel(dir: string): Promise<Model> {
  const fs = await import('node:fs/promises');
  const { join } = await import('node:path');
  const { Model } = await import('../model.js');
  const read = async (name: string, maxBytes: number): Promise<Uint8Array> => {
    const path = join(dir, name);
    let st: { size: number };
    try {
      st = await fs.stat(path);
    } catch {
      throw new ModelFileError(
        'loadModel',
        `${path} is missing; a saved model directory holds ${MODEL_FILE} and ${WEIGHTS_FILE}`,
      );
    }
    if (st.size > maxBytes)
      throw new ModelFileError(
        'loadModel',
        `${path} is ${st.size} bytes, over the ${maxBytes}-byte limit`,
      );
    return new Uint8Array(await fs.readFile(path));
  };
  const modelPath = join(dir, MODEL_FILE);
  const text = new TextDecoder().decode(await read(MODEL_FILE, 16_000_000));
  const json = expectObject(parseUntrustedJson(text, modelPath), 'the top level', modelPath);
  if (json.format !== FORMAT)
    throw new ModelFileError(
      'loadModel',
      `${modelPath} is not a tsgrad model (format ${JSON.stringify(json.format)})`,
    );
  if (json.formatVersion !== FORMAT_VERSION) {
    throw new ModelFileError(
      'loadModel',
      `${modelPath} has format version ${JSON.stringify(json.formatVersion)}; this tsgrad reads version ${FORMAT_VERSION}`,
    );
  }
  const files = expectObject(json.files, 'files', modelPath);
  const checked = async (entry: unknown, what: string): Promise<Uint8Array> => {
    const e = expectObject(entry, `files.${what}`, modelPath);
    if (
      typeof e.name !== 'string' ||
      e.name.includes('/') ||
      e.name.includes('\\') ||
      e.name.startsWith('.')
    ) {
      throw new ModelFileError(
        'loadModel',
        `${modelPath}: files.${what}.name must be a plain file name`,
      );
    }
    const bytes = await read(e.name, 4_000_000_000);
    if (bytes.length !== e.bytes || (await sha256(bytes)) !== e.sha256) {
      throw new ModelFileError(
        'loadModel',
        `${join(dir, e.name)} does not match ${MODEL_FILE} (size or SHA-256 differs): the files come from different saves or one is corrupt`,
      );
    }
    return bytes;
  };
  const weightsBytes = await checked(files.weights, 'weights');
  const { arrays } = decodeSafetensors(weightsBytes, join(dir, WEIGHTS_FILE));
  // A forged config could ask for giant layers before the weights are ever compared: every
  // number in it must be plausible for the weights file actually present.
  let weightCount = 0;
  for (const a of arrays.values()) weightCount += a.data.length;
  assertPlausibleNumbers(json.network, Math.max(weightCount, MAX_INPUT_ELEMENTS), modelPath);
  let network: Network;
  try {
    network = networkFromConfig(json.network);
  } catch (e) {
    throw new ModelFileError(
      'loadModel',
      `${modelPath}: cannot rebuild the network (${(e as Error).message})`,
      { cause: e },
    );
  }
  const model = new Model(network);
  const inputShape = json.inputShape;
  if (inputShape !== undefined) {
    if (
      !Array.isArray(inputShape) ||
      inputShape.length > 8 ||
      !inputShape.slice(1).every((d) => Number.isInteger(d) && d > 0 && d <= 1_000_000)
    ) {
      throw new ModelFileError(
        'loadModel',
        `${modelPath}: inputShape must be a short list of positive dimensions`,
      );
    }
    // Layers build lazily: one call on zeros creates every weight, so the weights can load.
    const sample = [1, ...(inputShape.slice(1) as number[])];
    if (sample.reduce((a, b) => a * b, 1) > MAX_INPUT_ELEMENTS)
      throw new ModelFileError('loadModel', `${modelPath}: inputShape is implausibly large`);
    try {
      noGrad(() => scope(() => void network.call(zeros(sample), { training: false })));
    } catch (e) {
      throw new ModelFileError(
        'loadModel',
        `${modelPath}: the network does not accept its saved inputShape [${inputShape.join(',')}] (${(e as Error).message})`,
        { cause: e },
      );
    }
  }
  const weights = new Map<string, Tensor>();
  for (const [name, a] of arrays) weights.set(name, tensor(a.data, a.shape, a.dtype));
  try {
    model.setWeights(weights);
  } catch (e) {
    throw new ModelFileError(
      'loadModel',
      `${join(dir, WEIGHTS_FILE)} does not fit the network in ${MODEL_FILE}: ${(e as Error).message}`,
      { cause: e },
    );
  }
  if (json.randomState !== undefined && network.setRandomState) {
    try {
      network.setRandomState(expectObject(json.randomState, 'randomState', modelPath) as any);
    } catch (e) {
      if (e instanceof ModelFileError) throw e;
      throw new ModelFileError(
        'loadModel',
        `${modelPath}: randomState does not fit the network (${(e as Error).message})`,
        { cause: e },
      );
    }
  }
  model.epochsTrained = typeof json.epochsTrained === 'number' ? json.epochsTrained : 0;
  const compile = json.compile === null ? null : expectObject(json.compile, 'compile', modelPath);
  if (compile && compile.loss !== null) {
    const c = compile;
    const metrics = c.metrics ?? [];
    if (!Array.isArray(metrics) || !metrics.every((m) => typeof m === 'string'))
      throw new ModelFileError(
        'loadModel',
        `${modelPath}: compile.metrics must be a list of names`,
      );
    try {
      model.compile({ optimizer: c.optimizer as any, loss: c.loss as any, metrics });
    } catch (e) {
      throw new ModelFileError(
        'loadModel',
        `${modelPath}: cannot compile the saved configuration (${(e as Error).message})`,
        { cause: e },
      );
    }
    if (files.optimizer && json.optimizerState !== undefined) {
      const optBytes = await checked(files.optimizer, 'optimizer');
      const opt = decodeSafetensors(optBytes, join(dir, OPTIMIZER_FILE));
      try {
        const state = joinTensors(json.optimizerState, opt.arrays, join(dir, OPTIMIZER_FILE));
        model.optimizer.setState(state as any, model.network.trainableParameters());
      } catch (e) {
        if (e instanceof ModelFileError) throw e;
        throw new ModelFileError(
          'loadModel',
          `${join(dir, OPTIMIZER_FILE)}: the optimizer state does not fit the model (${(e as Error).message})`,
          { cause: e },
        );
      }
    }
  }
  return model;
}
