/**
 * The clipping bound for losses computed from probabilities, as Keras' `epsilon()`: predictions
 * are clipped to [EPSILON, 1 − EPSILON] before taking logarithms.
 */
export const EPSILON = 1e-7;
