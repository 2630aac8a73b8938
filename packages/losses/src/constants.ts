/**
 * The clipping bound for losses computed from probabilities, as Keras' `epsilon()`: predictions
 * are clipped to [EPSILON, 1 − EPSILON] before taking logarithms. So a confident mistake costs
 * −log(1e-7) ≈ 16.12, not Infinity.
 * @example
 * import { tensor } from '@tsgrad/tensor';
 * import { EPSILON, binaryCrossentropy } from '@tsgrad/losses';
 * EPSILON; // 1e-7
 * binaryCrossentropy(tensor([1]), tensor([0])).item(); // 16.11…: −log(EPSILON)
 */
export const EPSILON = 1e-7;
