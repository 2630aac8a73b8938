import type { BuildOptions } from 'esbuild';
import type { BrowserContext, LaunchOptions } from 'playwright-core';

/** Flags every launch gets: headless, no sandbox (root in CI), no background traffic. */
export declare const QUIET_ARGS: readonly string[];
/** Flags for WebGL2 without a GPU: SwiftShader, Chromium's software rasterizer. */
export declare const SWIFTSHADER_ARGS: readonly string[];
/** The response headers that make a page cross-origin isolated (SharedArrayBuffer, threads). */
export declare const ISOLATION_HEADERS: Readonly<Record<string, string>>;
/** What to do when there is no Chromium. */
export declare const INSTALL_HINT: string;
/** The Chromium executable: CHROMIUM_PATH, Debian's paths, then PATH; null when there is none. */
export declare function findChromium(): string | null;
/** Starts headless Chromium with a fresh profile; `close()` closes it and removes the profile. */
export declare function launchChromium(
  options?: { args?: readonly string[] } & Omit<LaunchOptions, 'args' | 'executablePath'> &
    Record<string, unknown>,
): Promise<{ context: BrowserContext; close(): Promise<void> }>;
/**
 * Bundles `entryPoint` into one classic script (IIFE, ES2022) for a page or a worker; with
 * `workspaceSources`, @tsgrad/* resolve to the monorepo's sources. Returns the script's text.
 */
export declare function bundlePage(
  entryPoint: string,
  options?: { workspaceSources?: string } & Omit<BuildOptions, 'entryPoints' | 'write'>,
): Promise<string>;
/** What `serve`'s route answers for one path. */
export interface Answer {
  type: string;
  body: string | Uint8Array;
  headers?: Readonly<Record<string, string>>;
}
/** Serves pages on a free loopback port; `route` answers a path, or null for a 404. */
export declare function serve(
  route: (path: string) => Answer | null,
): Promise<{ origin: string; close(): void }>;
