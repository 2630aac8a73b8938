import { ValueError } from '@tsgrad/tensor';
import {
  type AnyLayer,
  Layer,
  type LayerClass,
  type SerializedLayer,
  classNameOf,
} from './layer.js';
import { builtinLayerClasses } from './builtins.js';

const custom = new Map<string, LayerClass>();
let builtins: Map<string, LayerClass> | undefined;

// Built lazily: the layer modules import this one (Sequential rebuilds its children here).
function lookup(className: string): LayerClass | undefined {
  builtins ??= new Map(builtinLayerClasses().map((c) => [classNameOf(c), c]));
  return custom.get(className) ?? builtins.get(className);
}

/**
 * Makes a layer class (a custom layer or module) known to `layerFromConfig` under its static
 * `className` (or its constructor name).
 * @throws {ValueError} when a different class is registered under that name.
 * @example
 * import { type Tensor, mul, tensor } from '@tsgrad/tensor';
 * import { Layer, layerFromConfig, registerLayer, serializeLayer } from '@tsgrad/layers';
 * class Double extends Layer {
 *   static override readonly className: string = 'Double';
 *   protected forward(x: Tensor): Tensor {
 *     return mul(x, 2);
 *   }
 * }
 * registerLayer(Double);
 * const copy = layerFromConfig(serializeLayer(new Double({ name: 'twice' })));
 * copy.name; // 'twice'
 * (copy as Double).call(tensor([1, 2])).toArray(); // [2, 4]
 */
export function registerLayer(cls: LayerClass): void {
  const name = classNameOf(cls);
  const existing = lookup(name);
  if (existing && existing !== cls)
    throw new ValueError('registerLayer', `a different class is already registered as '${name}'`);
  custom.set(name, cls);
}

/**
 * The registered class names (built-in and custom): what `layerFromConfig` can rebuild.
 * @example registeredLayerNames().includes('Dense'); // true
 */
export function registeredLayerNames(): string[] {
  lookup('');
  return [...new Set([...builtins!.keys(), ...custom.keys()])];
}

/**
 * `{ className, config }`: a layer (a whole model, for containers) as JSON-serializable data.
 * @example
 * const saved = serializeLayer(dense({ units: 2, name: 'out' }));
 * saved.className; // 'Dense'
 * JSON.stringify(saved).includes('"units":2'); // true
 */
export function serializeLayer(layer: AnyLayer): SerializedLayer {
  return { className: layer.className, config: layer.getConfig() };
}

/**
 * Rebuilds a layer or model from `serializeLayer` output (for example after `JSON.parse`).
 * The new layer has the same names, so the original's state dict loads into it.
 * @throws {ValueError} for an unknown className, listing the registered ones.
 * @example
 * const model = sequential([dense({ units: 4, inputShape: [3] }), dense({ units: 1 })]);
 * const copy = layerFromConfig(JSON.parse(JSON.stringify(serializeLayer(model))));
 * copy.loadStateDict(model.stateDict()); // same names, so the weights load
 * copy.countParams(); // 21
 */
export function layerFromConfig(serialized: SerializedLayer): AnyLayer {
  if (
    typeof serialized !== 'object' ||
    serialized === null ||
    typeof serialized.className !== 'string'
  ) {
    throw new ValueError(
      'layerFromConfig',
      `expected { className, config }, got ${JSON.stringify(serialized)}`,
    );
  }
  const cls = lookup(serialized.className);
  if (!cls) {
    throw new ValueError(
      'layerFromConfig',
      `unknown layer class '${serialized.className}'; registered: ${registeredLayerNames().join(', ')} (register custom classes with registerLayer)`,
    );
  }
  const config = serialized.config ?? {};
  const layer = typeof cls.fromConfig === 'function' ? cls.fromConfig(config) : new cls(config);
  if (!(layer instanceof Layer))
    throw new ValueError('layerFromConfig', `'${serialized.className}' did not make a Layer`);
  return layer;
}
