#!/usr/bin/env node
// WebGL2 test in headless Chromium: bundles test/browser-entry.ts with esbuild, loads it in a
// page, and runs the shared checks (kernel cases, gradient checks, the conformance suite) and the
// training parity check on gpu.js's webgl2 mode. Needs Debian's `chromium` (or CHROMIUM_PATH) and
// fails, saying so, when it is missing. Never downloads a browser.
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  INSTALL_HINT,
  SWIFTSHADER_ARGS,
  bundlePage,
  findChromium,
  launchChromium,
} from '@tsgrad/chromium';

const here = dirname(fileURLToPath(import.meta.url));
const pkg = join(here, '..');
const packages = join(pkg, '..');

if (!findChromium()) {
  console.error(
    `[backend-gpujs] FAIL: the browser test needs Chromium and none was found (${INSTALL_HINT})`,
  );
  process.exit(1);
}

const started = Date.now();
// Workspace packages resolve to their sources, as in the vitest runs.
const code = await bundlePage(join(pkg, 'test/browser-entry.ts'), { workspaceSources: packages });
console.log(
  `[backend-gpujs] bundled ${(code.length / 1024).toFixed(0)} KiB in ${Date.now() - started} ms`,
);

let failed = false;
// No GPU here: WebGL2 runs on SwiftShader, Chromium's software rasterizer.
const browser = await launchChromium({ args: SWIFTSHADER_ARGS });
try {
  const { context } = browser;
  const page = context.pages()[0] ?? (await context.newPage());
  const logs = [];
  page.on('console', (m) => logs.push(`${m.type()}: ${m.text()}`));
  page.on('pageerror', (e) => logs.push(`pageerror: ${e.message}`));
  await page.goto('about:blank');
  await page.addScriptTag({ content: code });
  await page.waitForFunction(() => window.__results !== undefined, null, { timeout: 600_000 });
  const results = await page.evaluate(() => window.__results);

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
  await browser.close();
}
process.exit(failed ? 1 : 0);
