#!/usr/bin/env node
// The backend in headless Chromium: bundles test/browser-entry.ts with esbuild and serves it on
// 127.0.0.1 twice: at /isolated/ with the Cross-Origin-Opener-Policy and
// Cross-Origin-Embedder-Policy headers that make a page cross-origin isolated (worker threads
// on the page's main thread and inside a dedicated worker), and at /plain/ without them (one
// thread, and a reason that says which headers are missing). Each context runs the same checks
// (test/browser-checks.ts). Needs Debian's `chromium` (or CHROMIUM_PATH) and fails, saying so,
// when it is missing. Never downloads a browser.
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  INSTALL_HINT,
  ISOLATION_HEADERS,
  bundlePage,
  findChromium,
  launchChromium,
  serve,
} from '@tsgrad/chromium';

const here = dirname(fileURLToPath(import.meta.url));
const pkg = join(here, '..');
const packages = join(pkg, '..');
const tag = '[backend-wasm browser]';

if (!findChromium()) {
  console.error(
    `${tag} FAIL: the browser test needs Chromium and none was found (${INSTALL_HINT})`,
  );
  process.exit(1);
}

const started = Date.now();
// Workspace packages resolve to their sources, as in the vitest runs.
const code = await bundlePage(join(pkg, 'test/browser-entry.ts'), { workspaceSources: packages });
console.log(`${tag} bundled ${(code.length / 1024).toFixed(0)} KiB in ${Date.now() - started} ms`);

const html =
  '<!doctype html><meta charset="utf-8"><title>backend-wasm</title><script src="entry.js"></script>';
const server = await serve((path) => {
  const [, mode, file] = /^\/(isolated|plain)\/(entry\.js)?$/.exec(path) ?? [];
  if (!mode) return null;
  const headers = mode === 'isolated' ? ISOLATION_HEADERS : {};
  return file
    ? { type: 'text/javascript', body: code, headers }
    : { type: 'text/html', body: html, headers };
});
const { origin } = server;

let failed = false;
const browser = await launchChromium();
try {
  const context = browser.context;
  let userAgent = '';
  for (const mode of ['isolated', 'plain']) {
    const page = await context.newPage();
    const logs = [];
    page.on('console', (m) => logs.push(`${m.type()}: ${m.text()}`));
    page.on('pageerror', (e) => logs.push(`pageerror: ${e.message}`));
    await page.goto(`${origin}/${mode}/`);
    await page.waitForFunction(() => window.__results !== undefined, null, { timeout: 300_000 });
    const results = await page.evaluate(() => window.__results);
    await page.close();
    if (results.error) {
      console.log(`${tag} /${mode}/: the page failed: ${results.error}`);
      failed = true;
      if (logs.length) console.log(logs.slice(-20).join('\n'));
      continue;
    }
    userAgent = results.userAgent;
    const contexts = results.reports.map((r) => r.context).join(' and ');
    if (mode === 'isolated' && results.reports.length !== 2) {
      console.log(`${tag} FAIL: /isolated/ ran only in ${contexts}`);
      failed = true;
    }
    for (const r of results.reports) {
      const where = `/${mode}/ ${r.context}`;
      if (r.crossOriginIsolated !== (mode === 'isolated')) {
        console.log(`${tag} FAIL: ${where}: crossOriginIsolated is ${r.crossOriginIsolated}`);
        failed = true;
      }
      const bad = r.outcomes.filter((o) => !o.ok);
      const groups = [...new Set(r.outcomes.map((o) => o.group))]
        .map((g) => {
          const inG = r.outcomes.filter((o) => o.group === g);
          return `${g} ${inG.filter((o) => o.ok).length}/${inG.length}`;
        })
        .join(', ');
      for (const o of r.outcomes) {
        if (!o.ok || o.group !== 'conformance')
          console.log(
            `  ${o.ok ? '✓' : '✗'} ${where} ${o.group}: ${o.name}${o.detail ? ` — ${o.detail}` : ''}`,
          );
      }
      console.log(
        `${tag} ${where}: ${r.outcomes.length - bad.length}/${r.outcomes.length} passed (${groups}); threads ${r.info.threads}, started ${r.info.threadsStarted}; matmul 512: ${r.gflops.one.toFixed(1)} GFLOP/s on 1 thread, ${r.gflops.two.toFixed(1)} on 2`,
      );
      if (bad.length > 0) failed = true;
    }
    if (failed && logs.length) console.log(logs.slice(-20).join('\n'));
  }
  console.log(`${tag} ${userAgent}`);
} finally {
  await browser.close();
  server.close();
}
console.log(`${tag} ${failed ? 'FAILED' : 'all checks passed'}`);
process.exit(failed ? 1 : 0);
