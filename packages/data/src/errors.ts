import { ValueError } from '@tsgrad/tensor';

/**
 * A data file or buffer that cannot be read: a missing file, a bad IDX magic number,
 * impossible dimensions, a truncated file, corrupt gzip data or out-of-range labels.
 *
 * It extends {@link ValueError}, so `catch (e) { if (e instanceof ValueError) ... }` catches it
 * too. Like every tsgrad error, its message starts with the function that raised it:
 * `loadMnist: train-images-idx3-ubyte is truncated: header says 60000×28×28, file has 1200 bytes`.
 *
 * @example
 * try { await loadMnist({ dir: './mnist' }); } catch (e) { if (e instanceof DataError) console.error(e.message); }
 */
export class DataError extends ValueError {}
