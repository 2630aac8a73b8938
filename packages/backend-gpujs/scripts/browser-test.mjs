#!/usr/bin/env node
// WebGL2 test in headless Chromium: bundles test/browser-entry.ts with esbuild, loads it in a
// page, and runs the shared checks (kernel cases, gradient checks, the conformance suite) and the
// training parity check on gpu.js's webgl2 mode. Needs Debian's `chromium` (or CHROMIUM_PATH) and
// fails, saying so, when it is missing. Never downloads a browser.
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
  console.error(
    '[backend-gpujs] FAIL: the browser test needs Chromium and none was found (apt-get install -y chromium, or set CHROMIUM_PATH)',
  );
  process.exit(1);
}

const { build } = await import('esbuild');
const { chromium } = await import('playwright-core');

// Workspace packages resolve to their sources, as in the vitest runs.
const workspace = {
  name: 'tsgrad-workspace',
  setup(b) {
    b.onResolve({ filter: /^@tsgrad\/[a-z-]+(\/testing)?$/ }, (args) => {
      const [, name, sub] = /^@tsgrad\/([a-z-]+)(\/testing)?$/.exec(args.path);
      return { path: join(packages, name, 'src', sub ? 'testing.ts' : 'index.ts') };
    });
  },
};

const started = Date.now();
const bundle = await build({
  entryPoints: [join(pkg, 'test/browser-entry.ts')],
  bundle: true,
  write: false,
  format: 'iife',
  platform: 'browser',
  target: 'es2022',
  plugins: [workspace],
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
  await page.waitForFunction(() => window.__results !== undefined, null, { timeout: 600_000 });
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
    for (const o of outcomes) {
      const mark = o.ok ? '✓' : '✗';
      const detail = o.detail && (!o.ok || o.group === 'training') ? o.detail : '';
      console.log(`  ${mark} ${o.group}: ${o.name}${detail ? ` — ${detail}` : ''}`);
    }
    const bad = outcomes.filter((o) => !o.ok);
    const groups = [...new Set(outcomes.map((o) => o.group))]
      .map((g) => {
        const inG = outcomes.filter((o) => o.group === g);
        return `${g} ${inG.filter((o) => o.ok).length}/${inG.length}`;
      })
      .join(', ');
    console.log(
      `[backend-gpujs] ${outcomes.length - bad.length}/${outcomes.length} passed (${groups}), nothing skipped`,
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
