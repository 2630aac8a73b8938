/**
 * The bench in a browser tab: bundles src/browser/page.ts with esbuild, serves it on 127.0.0.1
 * with the headers that make the page cross-origin isolated (so worker threads exist: tsgrad's
 * and TensorFlow.js's threaded wasm build), together with TensorFlow.js's .wasm files and the
 * first MNIST training samples of the seeded epoch order, and opens one fresh headless Chromium
 * page per system (see @tsgrad/chromium: Debian's chromium, never a download). Used by
 * `pnpm bench:browser` (main.ts) and its test.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ISOLATION_HEADERS, bundlePage, launchChromium, serve } from '@tsgrad/chromium';
import { PIXELS, loadMnistArrays, permutation } from '../data.js';
import { envInfo, formatEnv, loadNow } from '../env.js';
import { formatNumber, markdown } from '../report.js';
import {
  BROWSER_CASES,
  BROWSER_SAMPLES,
  BROWSER_SYSTEMS,
  type BrowserCaseRow,
  type BrowserSystem,
  ORDER_SEED,
} from './cases.js';

const here = dirname(fileURLToPath(import.meta.url));
const tag = '[bench:browser]';

export interface PageResult {
  system: BrowserSystem;
  info: Record<string, unknown>;
  crossOriginIsolated: boolean;
  hardwareConcurrency: number;
  userAgent: string;
  rows: BrowserCaseRow[];
}

/** [count: i32][images: f32 × count × 784][labels: i32 × count], the epoch's first samples. */
async function servedSamples(): Promise<Buffer> {
  const mnist = await loadMnistArrays();
  const order = permutation(mnist.trainCount, ORDER_SEED).subarray(0, BROWSER_SAMPLES);
  const n = order.length;
  const out = new ArrayBuffer(4 + n * PIXELS * 4 + n * 4);
  new Int32Array(out, 0, 1)[0] = n;
  const images = new Float32Array(out, 4, n * PIXELS);
  const labels = new Int32Array(out, 4 + n * PIXELS * 4, n);
  order.forEach((s, i) => {
    images.set(mnist.trainImages.subarray(s * PIXELS, (s + 1) * PIXELS), i * PIXELS);
    labels[i] = mnist.trainLabels[s];
  });
  return Buffer.from(out);
}

function bundle(tsconfig: string): Promise<string> {
  return bundlePage(join(here, 'page.ts'), {
    tsconfig,
    // The shared bench modules load MNIST from disk (@tsgrad/data, Node's file APIs) only in
    // code the page never runs; the runner serves the samples instead.
    external: ['node:*', '@tsgrad/data'],
  });
}

function servePages(code: string, data: Buffer): Promise<{ origin: string; close(): void }> {
  const require = createRequire(import.meta.url);
  const tfjsWasm = join(
    dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json')),
    'dist',
  );
  const html =
    '<!doctype html><meta charset="utf-8"><title>tsgrad bench</title><script src="/page.js"></script>';
  const answer = (type: string, body: string | Uint8Array) => ({
    type,
    body,
    headers: ISOLATION_HEADERS,
  });
  return serve((path) => {
    if (path === '/') return answer('text/html', html);
    if (path === '/page.js') return answer('text/javascript', code);
    if (path === '/data.bin') return answer('application/octet-stream', data);
    const file = /^\/tfjs-wasm\/([a-z0-9.-]+\.wasm)$/.exec(path)?.[1];
    if (file && existsSync(join(tfjsWasm, file)))
      return answer('application/wasm', readFileSync(join(tfjsWasm, file)));
    return null;
  });
}

function cellOf(r: PageResult | undefined, id: string): string {
  const row = r?.rows.find((x) => x.case === id);
  if (!row) return '—';
  if (row.error) return /Conv2DBackpropFilter/i.test(row.error) ? 'cannot train' : 'FAILED';
  return formatNumber(row.value!);
}

function rateOf(r: PageResult | undefined, id: string): number | undefined {
  return r?.rows.find((x) => x.case === id)?.value;
}

const ratio = (a?: number, b?: number) => (a && b ? `${(a / b).toFixed(2)}×` : '—');

/** Options of {@link runBrowserBench}. */
export interface BrowserBenchOptions {
  /** Case ids to run (default: all). */
  only?: readonly string[];
  /** System ids to run (default: all). */
  systems?: readonly string[];
  /**
   * The tsconfig esbuild resolves @tsgrad/* with: tsconfig.run.json (the default) has no
   * `paths`, so the built dist/ is bundled, as users get it; tsconfig.json maps them to the
   * sources (the tests use it, which run before any build).
   */
  tsconfig?: string;
  /** Progress lines (default: stderr). */
  log?: (line: string) => void;
}

/** What a run measured, and the report it printed. */
export interface BrowserBenchResult {
  env: ReturnType<typeof envInfo>;
  results: PageResult[];
  /** First-loss cross-checks; a MISMATCH marks a failed one. */
  checks: string[];
  ok: boolean;
  report: string;
}

/** Runs the browser bench (see the top of this file). */
export async function runBrowserBench(
  options: BrowserBenchOptions = {},
): Promise<BrowserBenchResult> {
  const log = options.log ?? ((l: string) => console.error(l));
  const only = options.only;
  const systems = options.systems
    ? BROWSER_SYSTEMS.filter((s) => options.systems!.includes(s.id))
    : BROWSER_SYSTEMS;
  const cases = BROWSER_CASES.filter((c) => !only || only.includes(c.id));
  if (systems.length === 0 || cases.length === 0)
    throw new Error(`${tag} nothing to run: check --systems and --only`);
  const env = envInfo();
  const [code, data] = await Promise.all([
    bundle(options.tsconfig ?? join(here, '../../tsconfig.run.json')),
    servedSamples(),
  ]);
  const server = await servePages(code, data);
  const results: PageResult[] = [];
  const started = Date.now();
  const browser = await launchChromium();
  try {
    for (const system of systems) {
      // One fresh page per system, as the Node bench uses one process per system.
      const page = await browser.context.newPage();
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(e.message));
      page.on('console', (m) => {
        if (m.type() === 'error' || m.type() === 'warning')
          log(`  ${system.label}: console ${m.type()}: ${m.text()}`);
      });
      const query = new URLSearchParams({
        system: JSON.stringify(system),
        only: cases.map((c) => c.id).join(','),
      });
      log(`${tag} ${system.label} (load average ${loadNow()[0]})`);
      await page.goto(`${server.origin}/?${query}`);
      await page.waitForFunction(() => (window as any).__results !== undefined, null, {
        timeout: 900_000,
      });
      const r = await page.evaluate(() => (window as any).__results);
      await page.close();
      if (r.error) throw new Error(`${tag} ${system.label}: ${r.error}\n${errors.join('\n')}`);
      if (!r.crossOriginIsolated) throw new Error(`${tag} the page was not cross-origin isolated`);
      for (const row of r.rows as BrowserCaseRow[]) {
        log(
          `  ${row.case}: ${row.error ? `cannot run (${row.error.split('\n')[0]})` : `${formatNumber(row.value!)} ${row.unit}`}`,
        );
      }
      results.push(r);
    }
  } finally {
    await browser.close();
    server.close();
  }
  env.loadAverage.end = loadNow();
  env.wallSeconds = Math.round((Date.now() - started) / 1000);
  const by = (id: string) => results.find((r) => r.system.id === id);

  // The same initial weights and batches give the same first loss on every system.
  const checks: string[] = [];
  for (const c of cases.filter((x) => x.kind !== 'matmul')) {
    const losses = results
      .map((r) => ({ r, l: r.rows.find((x) => x.case === c.id)?.firstLoss }))
      .filter((x): x is { r: PageResult; l: number } => x.l !== undefined);
    if (losses.length < 2) continue;
    const spread = Math.max(...losses.map((x) => x.l)) - Math.min(...losses.map((x) => x.l));
    const ok = spread <= 1e-4 * Math.abs(losses[0].l);
    checks.push(
      `${c.id}: first losses within ${spread.toExponential(1)} of each other${ok ? '' : ' (MISMATCH)'}`,
    );
  }

  const header = [
    'case',
    'unit',
    ...systems.map((s) => s.label),
    'tsgrad / tfjs, 1T',
    'tsgrad / tfjs, 2T',
  ];
  const rows = cases.map((c) => [
    c.id,
    c.kind === 'matmul' ? 'GFLOP/s' : `samples/s (${c.steps} steps)`,
    ...systems.map((s) => cellOf(by(s.id), c.id)),
    ratio(rateOf(by('tsgrad-wasm'), c.id), rateOf(by('tfjs-wasm'), c.id)),
    ratio(rateOf(by('tsgrad-wasm-2t'), c.id), rateOf(by('tfjs-wasm-2t'), c.id)),
  ]);
  // What each system reported it ran with (TensorFlow.js may use fewer threads than asked).
  const setups = results.map((r) => {
    const used = r.system.kind === 'tfjs' ? r.info.threads : r.info.threadsStarted;
    const extra =
      r.system.kind === 'tfjs'
        ? `, SIMD ${r.info.simd}, threaded build ${r.info.multithread}`
        : `, SIMD ${r.info.simd}`;
    return `  ${r.system.label}: asked for ${r.system.threads} thread${r.system.threads > 1 ? 's' : ''}, ${used} in use${extra}`;
  });
  const ua = results[0]?.userAgent ?? '';
  const lines = [
    '',
    formatEnv(env),
    `browser: ${/HeadlessChrome\/[\d.]+/.exec(ua)?.[0] ?? ua}, cross-origin isolated, navigator.hardwareConcurrency ${results[0]?.hardwareConcurrency}`,
    'systems (one fresh page each):',
    ...setups,
    '',
    markdown(header, rows),
    '',
    ...checks,
  ];
  return {
    env,
    results,
    checks,
    ok: !checks.some((c) => c.includes('MISMATCH')),
    report: lines.join('\n'),
  };
}
