/**
 * Loaded by scripts/browser-test.mjs as a page script and, on cross-origin isolated pages, also
 * as a dedicated worker's script (the same bundle): runs `browserChecks` in each context and
 * puts the reports on `window.__results`.
 */
import { type Report, browserChecks } from './browser-checks.js';

declare const self: { postMessage(m: unknown): void; onmessage: unknown };

/** In a dedicated worker: run the checks and post the report back. */
function inWorker(): void {
  void browserChecks('worker').then(
    (report) => self.postMessage({ report }),
    (e) => self.postMessage({ error: String(e) }),
  );
}

/** Runs the checks in a worker made from this same script. */
function workerReport(src: string): Promise<Report> {
  return new Promise((resolve, reject) => {
    const w = new Worker(src);
    w.onmessage = (e: MessageEvent) => {
      w.terminate();
      if (e.data.error) reject(new Error(e.data.error));
      else resolve(e.data.report);
    };
    w.onerror = (e) => reject(new Error(`the worker failed: ${e.message}`));
  });
}

async function onPage(src: string): Promise<void> {
  const w = window as unknown as { __results?: unknown };
  try {
    const reports = [await browserChecks('page')];
    if (crossOriginIsolated) reports.push(await workerReport(src));
    w.__results = { userAgent: navigator.userAgent, reports };
  } catch (e) {
    w.__results = { error: String((e as Error)?.stack ?? e) };
  }
}

if (typeof window === 'undefined') inWorker();
else void onPage((document.currentScript as HTMLScriptElement).src);
