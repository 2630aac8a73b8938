import { getBackend, setBackend } from '@tsgrad/tensor';

export type BackendChoice = 'webgl2' | 'cpu';

/** What runs the demo, as the page reports it. */
export interface BackendStatus {
  /** Engine backend name (`'gpujs'` or `'cpu'`). */
  name: string;
  /** One line for the page: `gpu.js (webgl2)` or `CPU (TypeScript kernels)`. */
  label: string;
  /** Why the demo is not on the GPU, when it is not. */
  fallbackReason: string | null;
  info: Record<string, unknown>;
}

/**
 * Puts the engine on gpu.js's WebGL2 mode (strict: it throws rather than quietly picking
 * another gpu.js mode) or, when that fails or the CPU is asked for, on the CPU backend, and says
 * which and why. gpu.js is only loaded when WebGL2 is tried.
 */
export async function useBackend(choice: BackendChoice): Promise<BackendStatus> {
  if (choice === 'webgl2') {
    try {
      const { registerGpujsBackend } = await import('@tsgrad/backend-gpujs');
      const name = registerGpujsBackend({ mode: 'webgl2', strict: true, quiet: true });
      const backend = setBackend(name);
      const info = backend.info?.() ?? {};
      return { name, label: `gpu.js (${String(info.mode)})`, fallbackReason: null, info };
    } catch (e) {
      setBackend('cpu');
      return cpuStatus(`WebGL2 is not available here: ${(e as Error).message}`);
    }
  }
  setBackend('cpu');
  return cpuStatus(null);
}

function cpuStatus(fallbackReason: string | null): BackendStatus {
  const info = getBackend().info?.() ?? {};
  return { name: 'cpu', label: 'CPU (TypeScript kernels)', fallbackReason, info };
}
