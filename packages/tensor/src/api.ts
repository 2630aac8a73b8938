import type { Backend } from './backend.js';
import { ENGINE, type MemoryInfo } from './engine.js';
import type { Tensor } from './tensor.js';

/**
 * Registers a backend under a name. The factory runs on first use. With no backend chosen,
 * the registered backend of highest `priority` is used (the CPU's is 1).
 * @example registerBackend('my-gpu', () => new MyGpuBackend(), 2);
 */
export function registerBackend(name: string, factory: () => Backend, priority = 1): void {
  ENGINE.registerBackend(name, factory, priority);
}

/**
 * Unregisters a backend (tensors already on it keep working until disposed).
 * @example
 * registerBackend('spare-cpu', () => new CpuBackend(), 0);
 * removeBackend('spare-cpu');
 * listBackends().includes('spare-cpu'); // false
 */
export function removeBackend(name: string): void {
  ENGINE.removeBackend(name);
}

/**
 * Makes `name` the backend new tensors and ops run on.
 * @throws {BackendError} naming the registered backends when `name` is unknown.
 * @example setBackend('cpu');
 */
export function setBackend(name: string): Backend {
  return ENGINE.setBackend(name);
}

/** The backend in use. @example getBackend().name; // 'cpu' */
export function getBackend(): Backend {
  return ENGINE.backend;
}

/**
 * Names of the registered backends.
 * @example listBackends().includes('cpu'); // true
 */
export function listBackends(): string[] {
  return ENGINE.backendNames();
}

/**
 * Live tensors and bytes, overall and per backend. A training loop that disposes what it makes
 * (or runs inside `scope`) keeps these flat.
 * @example memory().numTensors;
 */
export function memory(): MemoryInfo {
  return ENGINE.memory();
}

/**
 * Runs `fn` and disposes every tensor it created except those it returns (found in returned
 * arrays, plain objects and Maps) and those passed to `keep`. Works for async functions too:
 * disposal waits for the promise. In Node, concurrent async scopes are kept apart with
 * AsyncLocalStorage; in browsers an async scope is the innermost one until it settles.
 *
 * @example
 * const pred = tensor([1, 2, 3]);
 * const target = tensor([1, 2, 5]);
 * const before = memory().numTensors;
 * const loss = scope(() => mean(square(sub(pred, target)))); // intermediates freed
 * loss.item(); // 1.3333…
 * memory().numTensors - before; // 1: only the result is left
 * const values = await scope(async () => await mul(pred, 2).data()); // across await too
 */
export function scope<T>(fn: () => T, name = 'scope'): T {
  return ENGINE.runScope(name, fn);
}

/**
 * Exempts a tensor from disposal by the enclosing scopes, and returns it.
 * @example
 * let weights: Tensor | undefined;
 * scope(() => {
 *   weights = keep(randn([2, 2], { seed: 0 }));
 *   mul(weights, 2); // freed when the scope ends
 * });
 * weights!.isDisposed; // false
 */
export function keep<T extends Tensor>(t: T): T {
  return ENGINE.keep(t);
}

/**
 * Disposes tensors found in a value: a tensor, or tensors inside arrays and plain objects
 * (nested). Other values are ignored.
 * @example
 * const w = ones([2]);
 * const b = ones([3]);
 * dispose({ w, extra: [b, 'not a tensor'] });
 * w.isDisposed; // true
 * b.isDisposed; // true
 */
export function dispose(value: unknown): void {
  if (value === null || typeof value !== 'object') return;
  if (typeof (value as Tensor).dispose === 'function' && 'dataId' in (value as object)) {
    (value as Tensor).dispose();
    return;
  }
  if (Array.isArray(value)) for (const v of value) dispose(v);
  else if (Object.getPrototypeOf(value) === Object.prototype)
    for (const v of Object.values(value)) dispose(v);
}

/**
 * Whether ops currently record their inputs for backward (true unless turned off, e.g. by
 * `noGrad` from `@tsgrad/autograd`).
 * @example isGradEnabled(); // true
 */
export function isGradEnabled(): boolean {
  return ENGINE.gradEnabled;
}

/**
 * Sets whether ops record for backward and returns the previous setting. Prefer `noGrad` from
 * `@tsgrad/autograd`, which restores the setting for you.
 * @example
 * const x = tensor([1, 2]).requireGrad();
 * const prev = setGradEnabled(false);
 * mul(x, 2).requiresGrad; // false: not recorded
 * setGradEnabled(prev);
 * mul(x, 2).requiresGrad; // true
 */
export function setGradEnabled(enabled: boolean): boolean {
  const prev = ENGINE.gradEnabled;
  ENGINE.gradEnabled = enabled;
  return prev;
}
