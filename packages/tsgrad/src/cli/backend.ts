import { registerWasmBackend } from '@tsgrad/backend-wasm';
import { ValueError, getBackend, setBackend } from '@tsgrad/tensor';

/** The backends the command line can train on. */
export const CLI_BACKENDS = ['wasm', 'cpu'] as const;
export type CliBackend = (typeof CLI_BACKENDS)[number];

/**
 * Selects the tensor backend for a command: `wasm` (WebAssembly SIMD kernels, the fast CPU
 * path; `threads` > 1 splits large matrix products across worker threads) or `cpu` (the
 * TypeScript reference kernels). Returns a one-line description of what runs.
 * @throws {ValueError} for an unknown backend name.
 */
export function useCliBackend(name: string, threads = 1): string {
  if (name === 'cpu') {
    setBackend('cpu');
    return 'cpu (TypeScript kernels)';
  }
  if (name !== 'wasm')
    throw new ValueError(
      'tsgrad',
      `unknown backend '${name}'; choose ${CLI_BACKENDS.join(' or ')}`,
    );
  setBackend(registerWasmBackend({ threads }));
  const info = (
    getBackend() as unknown as { info(): { simd: boolean; fallbackReason?: string } }
  ).info();
  if (!info.simd)
    return `wasm without SIMD (${info.fallbackReason ?? 'unknown reason'}): TypeScript kernels`;
  return `wasm (WebAssembly SIMD${threads > 1 ? `, ${threads} threads` : ''})`;
}

/** Stops the wasm backend's worker threads, if any, so the process can exit. */
export async function closeCliBackend(): Promise<void> {
  const b = getBackend() as unknown as { close?: () => Promise<void> };
  if (typeof b.close === 'function') await b.close();
}
