import { type Tensor, ValueError, cast, gather } from '@tsgrad/tensor';
import type { Initializer, InitializerIdentifier } from '../initializers.js';
import { Layer, type LayerOptions, type LayerShape, formatLayerShape } from '../layer.js';
import type { Regularizer, RegularizerIdentifier } from '../regularizers.js';
import { checkInt, initConfig, initOption, regConfig, regOption } from './common.js';

/** Options of `Embedding`. */
export interface EmbeddingOptions extends LayerOptions {
  /** Vocabulary size: indices are in [0, inputDim). */
  inputDim: number;
  /** Size of each embedding vector. */
  outputDim: number;
  /** Default `randomUniform` in ±0.05, as in Keras. */
  embeddingsInitializer?: InitializerIdentifier;
  embeddingsRegularizer?: RegularizerIdentifier | null;
}

/**
 * A lookup table: int32 indices of any shape `[batch, ...]` → `[batch, ..., outputDim]`
 * (`gather` on the `embeddings` weight `[inputDim, outputDim]`). Float indices are truncated
 * to int32. Repeated indices accumulate gradient.
 * @throws {ValueError} `Embedding 'embedding': index 12 (at position 3) is out of range [0, 10)`
 * @example embedding({ inputDim: 1000, outputDim: 16 }).call(tensor([[1, 5, 7]], undefined, 'int32')).shape; // [1, 3, 16]
 */
export class Embedding extends Layer {
  static override readonly className: string = 'Embedding';
  readonly inputDim: number;
  readonly outputDim: number;
  private readonly embeddingsInitializer: Initializer;
  private readonly embeddingsRegularizer: Regularizer | null;

  constructor(options: EmbeddingOptions) {
    super(options);
    this.inputDim = checkInt(this.label, 'inputDim', options?.inputDim);
    this.outputDim = checkInt(this.label, 'outputDim', options.outputDim);
    this.embeddingsInitializer = initOption(options.embeddingsInitializer, {
      className: 'RandomUniform',
      config: { minval: -0.05, maxval: 0.05 },
    });
    this.embeddingsRegularizer = regOption(options.embeddingsRegularizer);
  }

  /** `[inputDim, outputDim]`. */
  get embeddings(): Tensor {
    return this.weight('embeddings');
  }

  /** Indices stay integers (the default would cast them to float for a layer with weights). */
  protected override get castsIntegerInput(): boolean {
    return false;
  }

  protected override checkInput(shape: LayerShape): void {
    super.checkInput(shape);
    if (shape.length < 1)
      throw this.shapeError(
        `expected indices of rank >= 1 [batch, ...], got shape ${formatLayerShape(shape)}`,
      );
  }

  override build(): void {
    this.addWeight('embeddings', [this.inputDim, this.outputDim], {
      initializer: this.embeddingsInitializer,
      regularizer: this.embeddingsRegularizer,
    });
  }

  override computeOutputShape(inputShape: LayerShape): LayerShape {
    this.checkInput(inputShape);
    return [...inputShape, this.outputDim];
  }

  protected forward(x: Tensor): Tensor {
    const indices = x.dtype === 'int32' ? x : cast(x, 'int32');
    if (indices.backend.readSync) {
      const values = indices.dataSync();
      for (let i = 0; i < values.length; i++) {
        if (values[i] < 0 || values[i] >= this.inputDim) {
          throw new ValueError(
            this.label,
            `index ${values[i]} (at position ${i}) is out of range [0, ${this.inputDim})`,
          );
        }
      }
    }
    return gather(this.embeddings, indices, 0);
  }

  override getConfig(): Record<string, unknown> {
    return {
      ...super.getConfig(),
      inputDim: this.inputDim,
      outputDim: this.outputDim,
      embeddingsInitializer: initConfig(this.embeddingsInitializer),
      embeddingsRegularizer: regConfig(this.embeddingsRegularizer),
    };
  }
}

/** An `Embedding` layer. @example embedding({ inputDim: 10000, outputDim: 64 }); */
export function embedding(options: EmbeddingOptions): Embedding {
  return new Embedding(options);
}
