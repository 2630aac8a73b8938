import type { Tensor } from '@tsgrad/tensor';

/**
 * What `Model` needs of the layers it trains. `@tsgrad/layers`' `Sequential` and `Module`
 * provide it through `asNetwork`; a custom object can implement it directly.
 */
export interface Network {
  /** The forward pass; `training` switches Dropout and BatchNorm behaviour. */
  call(x: Tensor, options: { training: boolean }): Tensor;
  /** Tensors the optimizer updates (built on the first call). */
  trainableParameters(): Tensor[];
  /** Every weight and state tensor by stable name (what is saved). */
  namedWeights(): Map<string, Tensor>;
  /** Loads weights by name, checking names and shapes. */
  loadWeights(weights: Map<string, Tensor>): void;
  /** Sum of the layers' regularization penalties, or null when there are none. */
  regularizationLoss(): Tensor | null;
  /** A JSON description from which the architecture can be rebuilt. */
  getConfig(): unknown;
  summary(): string;
  /** States of the random generators used in training (Dropout), as JSON, for exact resumes. */
  randomState?(): Record<string, number[][]>;
  /** Restores `randomState()` output. */
  setRandomState?(state: Record<string, number[][]>): void;
  /** The input shape (batch as null) the weights were built for, once built. */
  inputShape?(): readonly (number | null)[] | undefined;
}
