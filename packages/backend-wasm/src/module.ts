import { KERNELS_SHARED_WASM_BASE64, KERNELS_WASM_BASE64 } from './kernels.generated.js';

/** The functions and constants the compiled kernels export (see assembly/index.ts). */
export interface KernelExports {
  readonly memory: WebAssembly.Memory;
  gemm(
    M: number,
    N: number,
    K: number,
    a: number,
    sAi: number,
    sAk: number,
    b: number,
    sBk: number,
    sBj: number,
    c: number,
    ldc: number,
    work: number,
    accumulate: number,
  ): void;
  heapBase(): number;
  binary(
    op: number,
    a: number,
    sAo: number,
    sAi: number,
    b: number,
    sBo: number,
    sBi: number,
    out: number,
    outer: number,
    inner: number,
  ): void;
  compare(
    op: number,
    a: number,
    sAo: number,
    sAi: number,
    b: number,
    sBo: number,
    sBi: number,
    out: number,
    outer: number,
    inner: number,
  ): void;
  relu(x: number, out: number, n: number): void;
  reluGrad(dy: number, x: number, out: number, n: number): void;
  biasActivation(c: number, bias: number, rows: number, n: number, relu: number): void;
  unary(op: number, x: number, out: number, n: number): void;
  sum(x: number, out: number, outer: number, red: number, inner: number, acc: number): void;
  im2col(x: number, geometry: number, row0: number, rows: number, cols: number): void;
  col2im(dx: number, geometry: number, row0: number, rows: number, cols: number): void;
  maxPool(x: number, geometry: number, out: number, dy: number, dx: number, mode: number): void;
  adam(
    p: number,
    g: number,
    m: number,
    v: number,
    out: number,
    n: number,
    b1: number,
    c1: number,
    b2: number,
    c2: number,
    s: number,
    eps: number,
    k: number,
  ): void;
  sgd(
    p: number,
    g: number,
    b: number,
    out: number,
    n: number,
    lr: number,
    momentum: number,
    mu: number,
    damped: number,
    keep: number,
    nesterov: number,
  ): void;
  logSoftmax(x: number, out: number, rows: number, n: number): void;
  softmaxCrossEntropy(x: number, labels: number, out: number, rows: number, n: number): void;
  castToF32(x: number, kind: number, out: number, n: number): void;
  broadcast(a: number, sAo: number, sAi: number, out: number, outer: number, inner: number): void;
  oneHot(idx: number, n: number, depth: number, on: number, off: number, out: number): void;
  readonly PACK_A_BYTES: WebAssembly.Global;
  readonly PACK_B_BYTES: WebAssembly.Global;
  readonly TILE_BYTES: WebAssembly.Global;
}

/** Whether the WebAssembly kernels can run here, and why not when they cannot. */
export interface WasmSupport {
  readonly ok: boolean;
  /** Why the TypeScript kernels are used instead (absent when `ok`). */
  readonly reason?: string;
}

let bytes: Uint8Array | undefined;
let compiled: WebAssembly.Module | undefined;
let failure: string | undefined;
let pending: Promise<WasmSupport> | undefined;

function decode(base64: string): Uint8Array {
  const bin = atob(base64);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

function moduleBytes(): Uint8Array {
  bytes ??= decode(KERNELS_WASM_BASE64);
  return bytes;
}

let sharedBytes: Uint8Array | undefined;
let shared: WebAssembly.Module | undefined;
let sharedFailure: string | undefined;

/** Why the shared-memory build cannot run here, or undefined when it can. */
function checkShared(): string | undefined {
  if (typeof SharedArrayBuffer === 'undefined') {
    return 'SharedArrayBuffer is not available (in a browser the page must be cross-origin isolated)';
  }
  sharedBytes ??= decode(KERNELS_SHARED_WASM_BASE64);
  if (!WebAssembly.validate(sharedBytes as BufferSource)) {
    return 'this WebAssembly engine does not support threads (shared memory and atomics)';
  }
  return undefined;
}

/**
 * The build of the kernels that imports a shared memory (for worker threads), compiled
 * synchronously unless `ready()` already compiled it; otherwise why it cannot run here.
 */
export function compiledSharedModule(): WebAssembly.Module | string {
  if (shared) return shared;
  if (sharedFailure) return sharedFailure;
  const reason = checkShared();
  if (reason) {
    sharedFailure = reason;
    return reason;
  }
  try {
    shared = new WebAssembly.Module(sharedBytes as BufferSource);
    return shared;
  } catch (e) {
    // As for the main build: a page's main thread must compile it with `await ready()`.
    return `synchronous compile of the threads build failed (${(e as Error).message}); call 'await ready()' first`;
  }
}

/** Compiles the shared-memory build in the background where it can run (see `ready()`). */
async function compileShared(): Promise<void> {
  if (shared || sharedFailure || checkShared()) return;
  try {
    shared = await WebAssembly.compile(sharedBytes as BufferSource);
  } catch (e) {
    sharedFailure = `compiling the threads build failed: ${(e as Error).message}`;
  }
}

/** Validation doubles as the feature test: it fails exactly when 128-bit SIMD is missing. */
function check(): string | undefined {
  if (typeof WebAssembly === 'undefined') return 'WebAssembly is not available';
  if (!WebAssembly.validate(moduleBytes() as BufferSource)) {
    return 'this WebAssembly engine does not support 128-bit SIMD';
  }
  return undefined;
}

/**
 * Compiles the kernels asynchronously (the way browsers want it on the main thread) and
 * resolves to whether they can run. Safe to call many times; later calls share the work.
 * In Node and in workers the backend also compiles synchronously on first use, so awaiting
 * this is optional there.
 * @example
 * const { ok, reason } = await ready();
 * if (!ok) console.warn(`backend-wasm: using the TypeScript kernels (${reason})`);
 */
export function ready(): Promise<WasmSupport> {
  if (compiled) return Promise.resolve({ ok: true });
  if (failure) return Promise.resolve({ ok: false, reason: failure });
  pending ??= (async () => {
    failure = check();
    if (failure) return { ok: false, reason: failure };
    try {
      // Both builds: the threads one is only used with `threads` > 1, but a page's main thread
      // can only compile it asynchronously, and that costs nothing to start now.
      [compiled] = await Promise.all([
        WebAssembly.compile(moduleBytes() as BufferSource),
        compileShared(),
      ]);
      return { ok: true };
    } catch (e) {
      failure = `compiling the kernels failed: ${(e as Error).message}`;
      return { ok: false, reason: failure };
    }
  })();
  return pending;
}

/** The compiled module, compiling it synchronously if `ready()` has not finished. */
export function compiledModule(): WebAssembly.Module | WasmSupport {
  if (compiled) return compiled;
  if (failure) return { ok: false, reason: failure };
  failure = check();
  if (failure) return { ok: false, reason: failure };
  try {
    compiled = new WebAssembly.Module(moduleBytes() as BufferSource);
    return compiled;
  } catch (e) {
    // Browsers refuse synchronous compiles of large modules on the main thread; `await ready()`
    // first there. Not cached as a failure: the async path may still succeed.
    const reason = `synchronous compile failed (${(e as Error).message}); call 'await ready()' first`;
    failure = undefined;
    return { ok: false, reason };
  }
}

/** A fresh instance: with its own memory, or on `memory` for the shared-memory build. */
export function instantiate(
  module: WebAssembly.Module,
  memory?: WebAssembly.Memory,
): KernelExports {
  const instance = new WebAssembly.Instance(module, { env: memory ? { memory } : {} });
  return instance.exports as unknown as KernelExports;
}

/** Test hook: pretend SIMD is missing (or undo it with `undefined`). @internal */
export function _forceUnsupported(reason: string | undefined): void {
  failure = reason;
  if (reason) compiled = undefined;
  pending = undefined;
}
