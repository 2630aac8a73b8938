#!/usr/bin/env node
// The demo's browser test: serves the built site (docs/.vitepress/dist) on 127.0.0.1, opens the
// demo page in headless Chromium (Debian's `chromium`, or CHROMIUM_PATH, driven by
// playwright-core: no browser is downloaded), starts training, and waits until the test
// accuracy passes the threshold; the smoothed loss must have fallen well below the first one.
// Draws a stroke on the pad and expects a prediction. Saves a screenshot to out/docs-demo.png.
import { createReadStream, existsSync, mkdirSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { dirname, extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import { INSTALL_HINT, SWIFTSHADER_ARGS, findChromium, launchChromium } from '@tsgrad/chromium';

const docs = join(dirname(fileURLToPath(import.meta.url)), '..');
const dist = join(docs, '.vitepress', 'dist');
const screenshot = join(docs, '..', 'out', 'docs-demo.png');

export { findChromium };

const TYPES = {
  '.html': 'text/html',
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.gz': 'application/gzip',
  '.woff2': 'font/woff2',
  '.png': 'image/png',
};

/** A static server for the built site, on a free loopback port. */
function serve(root) {
  const server = createServer((req, res) => {
    const url = new URL(req.url, 'http://x');
    let path = normalize(join(root, decodeURIComponent(url.pathname)));
    if (!path.startsWith(root)) return res.writeHead(403).end();
    if (existsSync(path) && statSync(path).isDirectory()) path = join(path, 'index.html');
    if (!existsSync(path) && existsSync(`${path}.html`)) path = `${path}.html`;
    if (!existsSync(path)) return res.writeHead(404).end('not found');
    res.writeHead(200, { 'content-type': TYPES[extname(path)] ?? 'application/octet-stream' });
    createReadStream(path).pipe(res);
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

/**
 * `webgl: false` starts Chromium with WebGL turned off, to check the CPU fallback and that the
 * page says so.
 * @param {{ threshold?: number, epochs?: number, allowCpu?: boolean, webgl?: boolean, screenshotPath?: string, log?: (s: string) => void }} options
 */
export async function runDemoTest({
  threshold = 0.8,
  epochs = 5,
  allowCpu = false,
  webgl = true,
  screenshotPath = screenshot,
  log = console.log,
} = {}) {
  if (!findChromium()) return { skipped: `no chromium found (${INSTALL_HINT})` };
  if (!existsSync(join(dist, 'demo.html')))
    throw new Error(`${dist}/demo.html is missing: build the docs first`);
  const server = await serve(dist);
  const base = `http://127.0.0.1:${server.address().port}`;
  const started = performance.now();
  const seconds = () => ((performance.now() - started) / 1000).toFixed(1);
  const logs = [];
  let browser;
  try {
    browser = await launchChromium({
      viewport: { width: 1200, height: 1500 },
      args: [
        '--disable-quic',
        // No GPU here: WebGL2 runs on SwiftShader, Chromium's software rasterizer.
        ...SWIFTSHADER_ARGS,
        ...(webgl ? [] : ['--disable-webgl', '--disable-webgl2']),
      ],
    });
    const { context } = browser;
    const page = context.pages()[0] ?? (await context.newPage());
    page.on('console', (m) => logs.push(`${m.type()}: ${m.text()}`));
    page.on('pageerror', (e) => logs.push(`pageerror: ${e.message}`));
    await page.goto(`${base}/demo.html`);
    const demo = page.locator('.mnist-demo');
    await page.waitForFunction(
      () => ['ready', 'error'].includes(document.querySelector('.mnist-demo')?.dataset.state ?? ''),
      null,
      { timeout: 180_000 },
    );
    const state0 = await demo.getAttribute('data-state');
    const backendLine = (await page.locator('[data-test="backend"]').textContent()).trim();
    log(`[docs-demo] ${seconds()} s: ${state0}; ${backendLine}`);
    if (state0 === 'error')
      throw new Error(
        `the demo failed to start: ${await page.locator('[data-test="error"]').textContent()}`,
      );
    const backend = await demo.getAttribute('data-backend');
    if (backend !== 'gpujs' && !allowCpu && webgl)
      throw new Error(`the demo is not on the gpu.js backend: ${backendLine}`);

    await page.locator('.epochs input').fill(String(epochs));
    await page.locator('[data-test="train"]').click();
    // While it trains the page must stay responsive: a click on Clear must be handled at once.
    await page.waitForFunction(
      () => Number(document.querySelector('.mnist-demo')?.dataset.steps) >= 3,
      null,
      { timeout: 300_000 },
    );
    const t0 = Date.now();
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => r(null))));
    const frameMs = Date.now() - t0;
    log(`[docs-demo] ${seconds()} s: training; a frame came ${frameMs} ms after asking for one`);
    // A loop that never yields would hold the frame until training ends (tens of seconds).
    if (frameMs > 5000) throw new Error(`the page did not draw for ${frameMs} ms while training`);

    await page.waitForFunction(
      (t) => {
        const d = document.querySelector('.mnist-demo')?.dataset;
        return d && (d.state === 'error' || d.state === 'done' || Number(d.accuracy) >= t);
      },
      threshold,
      { timeout: 900_000, polling: 500 },
    );
    const read = async () => ({
      state: await demo.getAttribute('data-state'),
      first: Number(await demo.getAttribute('data-first-loss')),
      smoothed: Number(await demo.getAttribute('data-smoothed-loss')),
      accuracy: Number(await demo.getAttribute('data-accuracy')),
      steps: Number(await demo.getAttribute('data-steps')),
    });
    let r = await read();
    log(
      `[docs-demo] ${seconds()} s: after ${r.steps} steps: loss ${r.first.toFixed(3)} -> ${r.smoothed.toFixed(3)} (smoothed), test accuracy ${(r.accuracy * 100).toFixed(1)}%`,
    );
    if (r.state === 'error')
      throw new Error(
        `training failed: ${await page.locator('[data-test="error"]').textContent()}`,
      );
    if (r.state === 'training') {
      await page.getByRole('button', { name: 'Stop' }).click();
      await page.waitForFunction(
        () => document.querySelector('.mnist-demo')?.dataset.state !== 'training',
        null,
        { timeout: 120_000 },
      );
      r = await read();
    }

    // Draw a "1": a vertical stroke in the middle of the pad.
    const box = await page.locator('[data-test="pad"]').boundingBox();
    await page.mouse.move(box.x + box.width * 0.52, box.y + box.height * 0.18);
    await page.mouse.down();
    for (let i = 1; i <= 12; i++)
      await page.mouse.move(box.x + box.width * 0.5, box.y + box.height * (0.18 + (0.64 * i) / 12));
    await page.mouse.up();
    await page.locator('[data-test="prediction"]').waitFor({ timeout: 60_000 });
    const prediction = (await page.locator('[data-test="prediction"] p').textContent()).trim();
    log(`[docs-demo] drew a 1: ${prediction}`);

    mkdirSync(dirname(screenshotPath), { recursive: true });
    await page.screenshot({ path: screenshotPath, fullPage: true });
    log(`[docs-demo] screenshot: ${screenshotPath}`);
    return { backend, backendLine, frameMs, prediction, seconds: Number(seconds()), ...r, logs };
  } catch (e) {
    if (logs.length) log(logs.slice(-20).join('\n'));
    throw e;
  } finally {
    await browser?.close();
    server.close();
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const r = await runDemoTest({ allowCpu: process.env.DEMO_ALLOW_CPU === '1' });
  if (r.skipped) {
    console.log(`[docs-demo] skipped: ${r.skipped}`);
  } else {
    const ok = r.accuracy >= 0.8 && r.smoothed < r.first * 0.5;
    console.log(
      `[docs-demo] ${ok ? 'PASS' : 'FAIL'}: accuracy ${(r.accuracy * 100).toFixed(1)}% (threshold 80%), loss ${r.first.toFixed(3)} -> ${r.smoothed.toFixed(3)}`,
    );
    process.exit(ok ? 0 : 1);
  }
}
