import { GPU } from 'gpu.js';

/**
 * What a user may ask for. `'gpu'` picks the best available gpu.js backend (headless GL in Node,
 * WebGL2 then WebGL in browsers, then WebAssembly, then plain JavaScript). `'webgpu'` is never
 * picked automatically: it needs an adapter confirmed by `await initWebGPU()` first.
 */
export type GpujsMode = 'gpu' | 'headlessgl' | 'webgl2' | 'webgl' | 'webgpu' | 'webasm' | 'cpu';

/** A concrete gpu.js backend, as gpu.js names its kernel classes' modes. */
export type GpujsActualMode = 'headlessgl' | 'webgl2' | 'webgl' | 'webgpu' | 'webasm' | 'cpu';

/** Which mode was asked for, which one runs, and why they differ (`null` when they do not). */
export interface ModeChoice {
  readonly requestedMode: GpujsMode;
  readonly mode: GpujsActualMode;
  readonly fallbackReason: string | null;
}

export const GPUJS_MODES: readonly GpujsMode[] = [
  'gpu',
  'headlessgl',
  'webgl2',
  'webgl',
  'webgpu',
  'webasm',
  'cpu',
];

/** gpu.js's own automatic order: any GL context outranks WebAssembly, which outranks JS. */
const AUTO_ORDER: readonly GpujsActualMode[] = ['headlessgl', 'webgl2', 'webgl', 'webasm', 'cpu'];

/** Set by `initWebGPU()`: an adapter answered (or why not). */
export const webgpuState: { ready: boolean; reason: string | null } = {
  ready: false,
  reason: null,
};

function supported(mode: GpujsActualMode): boolean {
  try {
    switch (mode) {
      case 'headlessgl':
        return GPU.isHeadlessGLSupported;
      case 'webgl2':
        return GPU.isWebGL2Supported;
      case 'webgl':
        return GPU.isWebGLSupported;
      case 'webgpu':
        // navigator.gpu can exist with no adapter behind it (headless Chromium): only an adapter
        // that answered counts.
        return webgpuState.ready && GPU.isWebGPUSupported;
      case 'webasm':
        return GPU.isWebAssemblySupported;
      case 'cpu':
        return true;
    }
  } catch {
    // A feature probe that throws (a broken native module, say) means "not here".
    return false;
  }
}

/** True when running in Node. */
export function inNode(): boolean {
  const proc = (globalThis as { process?: { versions?: { node?: string } } }).process;
  return typeof proc?.versions?.node === 'string';
}

/** Why a mode is unavailable, in words a user can act on. */
function whyNot(mode: GpujsMode): string {
  const proc = (
    globalThis as {
      process?: { env?: Record<string, string | undefined>; platform?: string };
    }
  ).process;
  const node = inNode();
  switch (mode) {
    case 'headlessgl':
      if (!node) return 'headlessgl exists only in Node';
      if (proc?.platform === 'linux' && !proc.env?.DISPLAY) {
        return "no X display (DISPLAY is unset; run under 'xvfb-run -a'), or the native 'gl' module is not built";
      }
      return "the native 'gl' module did not load or could not create a context (it builds from source; see the README)";
    case 'webgl2':
    case 'webgl':
      return node
        ? `${mode} needs a browser (in Node use 'headlessgl')`
        : `this browser gave no ${mode} context`;
    case 'webgpu':
      if (webgpuState.reason) return `webgpu is unavailable: ${webgpuState.reason}`;
      return node
        ? "webgpu needs 'await initWebGPU()' first (it loads the 'webgpu' package and confirms an adapter)"
        : "webgpu needs 'await initWebGPU()' first (it confirms that navigator.gpu gives an adapter)";
    case 'webasm':
      return 'WebAssembly is not available here';
    default:
      return `mode '${mode}' is unavailable`;
  }
}

/**
 * Picks the gpu.js backend for a requested mode. Never silent: when the result differs from
 * the request (or `'gpu'` ends on a CPU-side mode), `fallbackReason` says why.
 *
 * @example chooseMode('webgl2'); // in Node: { mode: 'webasm', fallbackReason: "webgl2 needs a browser ..." }
 */
export function chooseMode(requested: GpujsMode): ModeChoice {
  if (requested === 'cpu') return { requestedMode: requested, mode: 'cpu', fallbackReason: null };
  if (requested !== 'gpu' && supported(requested)) {
    return { requestedMode: requested, mode: requested, fallbackReason: null };
  }
  const best = AUTO_ORDER.find(supported) ?? 'cpu';
  if (requested === 'gpu') {
    const onGpu = best === 'headlessgl' || best === 'webgl2' || best === 'webgl';
    return {
      requestedMode: requested,
      mode: best,
      fallbackReason: onGpu ? null : `no GL context: ${whyNot('headlessgl')}; ${whyNot('webgl2')}`,
    };
  }
  return { requestedMode: requested, mode: best, fallbackReason: whyNot(requested) };
}

/** True for the modes whose kernel outputs live in GL textures. */
export function isGlMode(mode: GpujsActualMode): boolean {
  return mode === 'headlessgl' || mode === 'webgl2' || mode === 'webgl';
}

/** True for the modes whose outputs live on a device (GL textures or WebGPU buffers). */
export function isDeviceMode(mode: GpujsActualMode): boolean {
  return isGlMode(mode) || mode === 'webgpu';
}
