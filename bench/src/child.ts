// One benchmark process: one system, one case group. Started by main.ts (`pnpm bench`), so the
// peak RSS it reports is this system's alone. Prints one result line (RESULT_PREFIX + JSON) on
// stdout; progress goes to stderr.
import { parseArgs } from 'node:util';
import { modelOf } from './cases/train.js';
import { loadMnistArrays } from './data.js';
import { GcMeter } from './gc.js';
import type { BenchOptions } from './group.js';
import { runGroup } from './group.js';
import { type ChildResult, type ChildUnavailable, RESULT_PREFIX } from './result.js';
import { SYSTEM_IDS, type SystemId, SystemUnavailable, setUpSystem } from './systems.js';

const MB = 1024 * 1024;

async function main(): Promise<void> {
  const t0 = performance.now();
  const { values } = parseArgs({
    options: {
      system: { type: 'string' },
      group: { type: 'string' },
      options: { type: 'string' },
    },
  });
  const system = values.system as SystemId;
  if (!SYSTEM_IDS.includes(system)) throw new Error(`bench child: unknown system ${values.system}`);
  const group = values.group ?? '';
  const options = JSON.parse(values.options ?? '{}') as BenchOptions;
  // The system first: one that cannot start here should not load MNIST before saying so.
  let ctx: Awaited<ReturnType<typeof setUpSystem>>;
  try {
    ctx = await setUpSystem(system);
  } catch (e) {
    if (!(e instanceof SystemUnavailable)) throw e;
    const result: ChildUnavailable = { system, group, unavailable: e.reason };
    process.stdout.write(`${RESULT_PREFIX}${JSON.stringify(result)}\n`);
    return;
  }
  const data = modelOf(group) ? await loadMnistArrays(options.limit) : undefined;
  // Started with --expose-gc: drop what loading left behind, so the baseline is the data itself.
  (globalThis as { gc?: () => void }).gc?.();
  const baselineRssMb = process.memoryUsage().rss / MB;
  const gc = new GcMeter();
  const rows = await runGroup(ctx, group, options, data, gc, (l) => console.error(l));
  const result: ChildResult = {
    system,
    group,
    rows,
    info: { ...ctx.info, ...(ctx.kind === 'tsgrad' ? ctx.finalInfo?.() : {}) },
    // maxRSS is in KiB.
    peakRssMb: process.resourceUsage().maxRSS / 1024,
    baselineRssMb,
    timedPeakRssMb: gc.peakRss / MB,
    gc: await gc.read(),
    seconds: (performance.now() - t0) / 1000,
  };
  if (ctx.kind === 'tsgrad') await ctx.close();
  process.stdout.write(`${RESULT_PREFIX}${JSON.stringify(result)}\n`);
}

main().then(
  () => process.exit(0),
  (e) => {
    console.error(e instanceof Error ? (e.stack ?? e.message) : e);
    process.exit(1);
  },
);
