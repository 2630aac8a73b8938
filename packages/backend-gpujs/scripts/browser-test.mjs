#!/usr/bin/env node
// WebGL2 test in headless Chromium: bundles test/browser-entry.ts with esbuild, loads it in a
// page, and checks the kernel cases and training parity on gpu.js's webgl2 mode against the CPU.
// Needs Debian's `chromium` (or CHROMIUM_PATH); skips with a reason (exit 0) when it is missing.
// Never downloads a browser.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const pkg = join(here, '..');
const packages = join(pkg, '..');

function findChromium() {
  const candidates = [
    process.env.CHROMIUM_PATH,
    '/usr/bin/chromium',
    '/usr/bin/chromium-browser',
  ].filter(Boolean);
  for (const c of candidates) if (existsSync(c)) return c;
  try {
    return (
      execFileSync('sh', ['-c', 'command -v chromium || command -v chromium-browser'], {
        encoding: 'utf8',
      }).trim() || null
    );
  } catch {
    return null;
  }
}

const executablePath = findChromium();
if (!executablePath) {
  console.log(
    '[backend-gpujs] skipping the browser test: no chromium found (apt-get install chromium, or set CHROMIUM_PATH)',
  );
  process.exit(0);
}

const { build } = await import('esbuild');
const { chromium } = await import('playwright-core');

const started = Date.now();
const bundle = await build({
  entryPoints: [join(pkg, 'test/browser-entry.ts')],
  bundle: true,
  write: false,
  format: 'iife',
  platform: 'browser',
  target: 'es2022',
  alias: {
    '@tsgrad/tensor': join(packages, 'tensor/src/index.ts'),
    '@tsgrad/autograd': join(packages, 'autograd/src/index.ts'),
  },
  logLevel: 'warning',
});
const code = bundle.outputFiles[0].text;
console.log(
  `[backend-gpujs] bundled ${(code.length / 1024).toFixed(0)} KiB in ${Date.now() - started} ms`,
);

const userDataDir = mkdtempSync(join(tmpdir(), 'tsgrad-chromium-'));
let failed = false;
try {
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath,
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      // No GPU here: WebGL2 runs on SwiftShader, Chromium's software rasterizer.
      '--use-angle=swiftshader',
      '--enable-unsafe-swiftshader',
    ],
  });
  const page = context.pages()[0] ?? (await context.newPage());
  const logs = [];
  page.on('console', (m) => logs.push(`${m.type()}: ${m.text()}`));
  page.on('pageerror', (e) => logs.push(`pageerror: ${e.message}`));
  await page.goto('about:blank');
  await page.addScriptTag({ content: code });
  await page.waitForFunction(() => window.__results !== undefined, null, { timeout: 300_000 });
  const results = await page.evaluate(() => window.__results);
  await context.close();

  if (results.error) {
    console.log(`[backend-gpujs] the page failed: ${results.error}`);
    failed = true;
  } else {
    const { info, outcomes, timings, userAgent } = results;
    console.log(`[backend-gpujs] ${userAgent}`);
    console.log(
      `[backend-gpujs] mode ${info.mode} (requested ${info.requestedMode}); fallbackReason: ${info.fallbackReason}`,
    );
    for (const o of outcomes)
      console.log(
        `  ${o.skipped ? '-' : o.ok ? '✓' : '✗'} ${o.name}${o.detail && (!o.ok || o.name.startsWith('MLP')) ? ` — ${o.detail}` : ''}`,
      );
    const ran = outcomes.filter((o) => !o.skipped);
    const bad = ran.filter((o) => !o.ok);
    console.log(
      `[backend-gpujs] ${ran.length - bad.length}/${ran.length} passed, ${outcomes.length - ran.length} skipped (NaN/Infinity cases)`,
    );
    console.log(
      `[backend-gpujs] MLP 8 steps: cpu ${timings.cpuTrainMs.toFixed(0)} ms, webgl2 ${timings.gpujsTrainMs.toFixed(0)} ms (SwiftShader; includes kernel compiles)`,
    );
    console.log(
      `[backend-gpujs] kernel fallbacks: ${JSON.stringify(info.kernelFallbacks)}; compiles ${info.compiles}, runs ${info.kernelRuns}, uploads ${info.uploads}, readbacks ${info.readbacks}`,
    );
    if (info.mode !== 'webgl2') {
      console.log('[backend-gpujs] FAIL: webgl2 was requested but did not run');
      failed = true;
    }
    if (Object.keys(info.kernelFallbacks).length > 0 || bad.length > 0) failed = true;
  }
  if (failed && logs.length) console.log(logs.slice(-20).join('\n'));
} finally {
  rmSync(userDataDir, { recursive: true, force: true });
}
process.exit(failed ? 1 : 0);
