// Headless Chromium for the browser tests and the browser bench. Debian's `chromium` (or
// CHROMIUM_PATH), driven by playwright-core: `npx playwright install` is never needed, and
// nothing is downloaded. The flags in QUIET_ARGS keep the browser from reaching for the network
// (this machine's network is closed; without them it floods it with refused connections).
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Flags every launch gets: headless, no sandbox (root in CI), no background traffic. */
export const QUIET_ARGS = Object.freeze([
  '--headless',
  '--no-sandbox',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
]);

/** Flags for WebGL2 without a GPU: SwiftShader, Chromium's software rasterizer. */
export const SWIFTSHADER_ARGS = Object.freeze([
  '--use-angle=swiftshader',
  '--enable-unsafe-swiftshader',
]);

/** The response headers that make a page cross-origin isolated (SharedArrayBuffer, threads). */
export const ISOLATION_HEADERS = Object.freeze({
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-embedder-policy': 'require-corp',
});

/** What to do when there is no Chromium. */
export const INSTALL_HINT = 'apt-get install -y chromium, or set CHROMIUM_PATH';

/** The Chromium executable: CHROMIUM_PATH, Debian's paths, then PATH; null when there is none. */
export function findChromium() {
  for (const c of [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser']) {
    if (c && existsSync(c)) return c;
  }
  try {
    const found = execFileSync('sh', ['-c', 'command -v chromium || command -v chromium-browser'], {
      encoding: 'utf8',
    }).trim();
    return found || null;
  } catch {
    return null;
  }
}

/**
 * Starts headless Chromium with a fresh profile directory. `args` come after QUIET_ARGS; the
 * other options go to playwright-core's `launchPersistentContext`. `close()` closes the browser
 * and removes the profile.
 * @throws {Error} naming the install step when Chromium is missing.
 */
export async function launchChromium({ args = [], ...options } = {}) {
  const executablePath = findChromium();
  if (!executablePath) throw new Error(`no Chromium found (${INSTALL_HINT})`);
  const { chromium } = await import('playwright-core');
  const userDataDir = mkdtempSync(join(tmpdir(), 'tsgrad-chromium-'));
  let context;
  try {
    context = await chromium.launchPersistentContext(userDataDir, {
      executablePath,
      headless: true,
      ...options,
      args: [...QUIET_ARGS, ...args],
    });
  } catch (e) {
    rmSync(userDataDir, { recursive: true, force: true });
    throw e;
  }
  return {
    context,
    async close() {
      try {
        await context.close();
      } finally {
        rmSync(userDataDir, { recursive: true, force: true });
      }
    },
  };
}

/**
 * Bundles `entryPoint` into one classic script for a page or a worker (esbuild: IIFE, ES2022).
 * With `workspaceSources` (the monorepo's packages/ folder), `@tsgrad/<name>` and
 * `@tsgrad/<name>/testing` resolve to that package's sources, as in the vitest runs; without
 * it they resolve as users get them (node_modules, the built dist/). Other options go to
 * esbuild's `build`.
 * @returns the script's text.
 */
export async function bundlePage(entryPoint, { workspaceSources, ...options } = {}) {
  const { build } = await import('esbuild');
  const plugins = [];
  if (workspaceSources) {
    plugins.push({
      name: 'tsgrad-workspace',
      setup(b) {
        b.onResolve({ filter: /^@tsgrad\/[a-z-]+(\/testing)?$/ }, (args) => {
          const [, name, sub] = /^@tsgrad\/([a-z-]+)(\/testing)?$/.exec(args.path);
          return { path: join(workspaceSources, name, 'src', sub ? 'testing.ts' : 'index.ts') };
        });
      },
    });
  }
  const result = await build({
    entryPoints: [entryPoint],
    bundle: true,
    write: false,
    format: 'iife',
    platform: 'browser',
    target: 'es2022',
    logLevel: 'warning',
    plugins,
    ...options,
  });
  return result.outputFiles[0].text;
}

/**
 * Serves pages on a free loopback port. `route(path)` answers a request's path with
 * `{ type, body, headers? }`, or null for a 404.
 * @returns the origin (`http://127.0.0.1:<port>`) and `close()`.
 */
export function serve(route) {
  const server = createServer((req, res) => {
    const answer = route(new URL(req.url ?? '/', 'http://x').pathname);
    if (!answer) return res.writeHead(404).end('not found');
    res.writeHead(200, { 'content-type': answer.type, ...answer.headers }).end(answer.body);
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve({ origin: `http://127.0.0.1:${server.address().port}`, close: () => server.close() }),
    ),
  );
}
