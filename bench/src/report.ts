import type { ChildResult, ChildUnavailable, Row } from './result.js';
import type { ChildFailure } from './spawn.js';
import { SYSTEM_LABELS, type SystemId, isGpujs } from './systems.js';

/**
 * PyTorch 1.13 CPU (OpenBLAS, 1 thread) on this machine class, from issue 6's table: the scale
 * tsgrad is tracked against.
 */
export const PYTORCH: Record<string, number> = {
  'mlp-128': 110_000,
  'mlp-32': 46_000,
  'cnn-128': 2_600,
  'matmul-512': 100,
};

/** Every row of every system, keyed by case id then system, in the order cases came. */
export interface Collected {
  ids: string[];
  rows: Map<string, Map<SystemId, Row>>;
  failures: Map<string, Map<SystemId, string>>;
  /** Systems that could not start on this machine, with the reason (not failures). */
  unavailable: Map<SystemId, string>;
  /** The cases those systems would have run. */
  unavailableCells: Map<string, Set<SystemId>>;
  /** Max |check − reference check| per case and system (reference: the first system with one). */
  diffs: Map<string, Map<SystemId, number>>;
  /** Cases where a system disagreed with the reference beyond the tolerance. */
  mismatches: string[];
  children: ChildResult[];
}

export function collect(
  results: readonly (ChildResult | ChildFailure | ChildUnavailable)[],
  groupsOfRows: Map<string, string[]>,
): Collected {
  const c: Collected = {
    ids: [],
    rows: new Map(),
    failures: new Map(),
    unavailable: new Map(),
    unavailableCells: new Map(),
    diffs: new Map(),
    mismatches: [],
    children: [],
  };
  const at = <V>(m: Map<string, Map<SystemId, V>>, id: string) => {
    let x = m.get(id);
    if (!x) m.set(id, (x = new Map()));
    return x;
  };
  for (const r of results) {
    if ('unavailable' in r) {
      if (!c.unavailable.has(r.system)) c.unavailable.set(r.system, r.unavailable);
      for (const id of groupsOfRows.get(r.group) ?? [r.group]) {
        if (!c.ids.includes(id)) c.ids.push(id);
        let cells = c.unavailableCells.get(id);
        if (!cells) c.unavailableCells.set(id, (cells = new Set()));
        cells.add(r.system);
      }
      continue;
    }
    if ('error' in r) {
      for (const id of groupsOfRows.get(r.group) ?? [r.group]) {
        if (!c.ids.includes(id)) c.ids.push(id);
        at(c.failures, id).set(r.system, r.error);
      }
      continue;
    }
    c.children.push(r);
    for (const row of r.rows) {
      if (!c.ids.includes(row.id)) c.ids.push(row.id);
      at(c.rows, row.id).set(r.system, row);
    }
  }
  for (const id of c.ids) {
    const rows = [...(c.rows.get(id) ?? new Map<SystemId, Row>()).entries()].filter(
      ([, r]) => r.check.length > 0,
    );
    if (rows.length < 2) continue;
    const [, ref] = rows[0];
    for (const [system, r] of rows.slice(1)) {
      let d = r.check.length === ref.check.length ? 0 : Number.POSITIVE_INFINITY;
      for (let i = 0; i < ref.check.length && d !== Number.POSITIVE_INFINITY; i++) {
        const x = Math.abs(r.check[i] - ref.check[i]);
        d = Number.isNaN(x) ? Number.POSITIVE_INFINITY : Math.max(d, x);
      }
      at(c.diffs, id).set(system, d);
      if (!(d <= ref.tolerance) && !c.mismatches.includes(id)) c.mismatches.push(id);
    }
  }
  return c;
}

/** Three significant digits, without exponent for everyday magnitudes. */
export function formatNumber(x: number): string {
  if (!Number.isFinite(x)) return String(x);
  const a = Math.abs(x);
  if (a >= 1000) return Math.round(x).toLocaleString('en-US');
  if (a >= 100) return x.toFixed(0);
  if (a >= 10) return x.toFixed(1);
  if (a >= 1) return x.toFixed(2);
  if (a === 0) return '0';
  return x.toPrecision(3);
}

const ratio = (a: number | null | undefined, b: number | null | undefined) =>
  a && b ? `${a / b >= 10 ? (a / b).toFixed(1) : (a / b).toFixed(2)}×` : '—';

/** A Markdown table: the first column left-aligned, the others right-aligned. */
export function markdown(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) =>
    `| ${cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join(' | ')} |`;
  const rule = `| ${widths.map((w, i) => (i === 0 ? '-'.repeat(w) : `${'-'.repeat(w - 1)}:`)).join(' | ')} |`;
  return [line(header), rule, ...rows.map(line)].join('\n');
}

/**
 * The best tsgrad number of a case (its fastest CPU backend: wasm with or without threads). The
 * gpu.js systems are left out on purpose: on this machine they run on software rasterizers, a
 * different question from how fast tsgrad is on a CPU, and the goals of issue 6 are CPU goals.
 */
export function tsgradBest(c: Collected, id: string): { value: number; system: SystemId } | null {
  let best: { value: number; system: SystemId } | null = null;
  for (const s of ['tsgrad-wasm', 'tsgrad-wasm-2t'] as const) {
    const r = c.rows.get(id)?.get(s);
    if (r?.status === 'ok' && r.value !== null && (!best || r.value > best.value))
      best = { value: r.value, system: s };
  }
  return best;
}

function cell(c: Collected, id: string, s: SystemId): string {
  const r = c.rows.get(id)?.get(s);
  if (!r) {
    if (c.failures.get(id)?.has(s)) return 'FAILED';
    return c.unavailableCells.get(id)?.has(s) ? 'unavailable' : '—';
  }
  const bad = c.mismatches.includes(id) && (c.diffs.get(id)?.get(s) ?? 0) > r.tolerance;
  if (bad) return 'MISMATCH';
  if (r.status === 'unsupported') return 'cannot train';
  if (r.value === null) return '—';
  if (r.status === 'too-slow') return `${formatNumber(r.value)} (1 step)`;
  return r.span ? `${formatNumber(r.value)} (${r.span})` : formatNumber(r.value);
}

/** The throughput table: one row per case, one column per system, then ratios. */
export function speedTable(c: Collected, systems: readonly SystemId[]): string {
  const header = [
    'case',
    'unit',
    ...systems.map((s) => SYSTEM_LABELS[s]),
    'tsgrad / tfjs wasm',
    'tsgrad / tfjs cpu',
    'tsgrad / PyTorch',
  ];
  const rows = c.ids.map((id) => {
    const any = [...(c.rows.get(id)?.values() ?? [])][0];
    const best = tsgradBest(c, id)?.value;
    const peer = (s: SystemId) => {
      const r = c.rows.get(id)?.get(s);
      return r?.status === 'ok' ? r.value : null;
    };
    return [
      id,
      // A case no system ran (all unavailable or failed) still has its unit.
      any?.unit ?? (id.startsWith('matmul') ? 'GFLOP/s' : 'samples/s'),
      ...systems.map((s) => cell(c, id, s)),
      ratio(best, peer('tfjs-wasm')),
      ratio(best, peer('tfjs-cpu')),
      ratio(best, PYTORCH[id]),
    ];
  });
  return markdown(header, rows);
}

/** Test accuracy after the epoch (MLP), peak RSS and GC share per case group and system. */
export function outcomeTable(c: Collected, systems: readonly SystemId[]): string {
  const header = ['case', ...systems.map((s) => SYSTEM_LABELS[s])];
  const rows: string[][] = [];
  for (const id of c.ids.filter((i) => i.startsWith('mlp-'))) {
    rows.push([
      `${id}: test accuracy`,
      ...systems.map((s) => {
        const a = c.rows.get(id)?.get(s)?.extra.testAccuracy;
        return a === undefined ? '—' : `${(100 * a).toFixed(2)}%`;
      }),
    ]);
  }
  const groups = [...new Set(c.children.map((ch) => ch.group))];
  for (const g of groups) {
    const child = (s: SystemId) => c.children.find((ch) => ch.group === g && ch.system === s);
    rows.push([
      `${g}: peak RSS while timed, MiB`,
      ...systems.map((s) => {
        const ch = child(s);
        // No timed part (a system that could not train): no number.
        return ch?.timedPeakRssMb ? ch.timedPeakRssMb.toFixed(0) : '—';
      }),
    ]);

    rows.push([
      `${g}: GC pauses, % of timed`,
      ...systems.map((s) => {
        const ch = child(s);
        return ch && ch.gc.timedMs > 0 ? `${((100 * ch.gc.ms) / ch.gc.timedMs).toFixed(1)}%` : '—';
      }),
    ]);
  }
  return markdown(header, rows);
}

const TRAFFIC = [
  ['launchesPerStep', 'kernel launches'],
  ['uploadsPerStep', 'uploads'],
  ['readbacksPerStep', 'readbacks'],
] as const;

/**
 * Host/device traffic of the gpu.js systems per timed step (per product for matmul), from the
 * backend's counters; empty when no gpu.js system ran a timed part. In webasm mode the "device"
 * is host memory, so nothing counts as moved there.
 */
export function trafficTable(c: Collected, systems: readonly SystemId[]): string {
  const cols = systems.filter(isGpujs);
  const rows: string[][] = [];
  for (const id of c.ids) {
    const has = cols.some((s) => c.rows.get(id)?.get(s)?.extra.readbacksPerStep !== undefined);
    if (!has) continue;
    const per = id.startsWith('matmul') ? 'product' : 'step';
    for (const [key, what] of TRAFFIC)
      rows.push([
        `${id}: ${what} / ${per}`,
        ...cols.map((s) => {
          const v = c.rows.get(id)?.get(s)?.extra[key];
          return v === undefined ? '—' : Number.isInteger(v) ? String(v) : v.toFixed(2);
        }),
      ]);
  }
  return rows.length ? markdown(['case', ...cols.map((s) => SYSTEM_LABELS[s])], rows) : '';
}

/** The goals of issue 6, met or not, from this run. */
export function goals(c: Collected): string[] {
  const out: string[] = [];
  for (const id of c.ids.filter((i) => i.startsWith('mlp-'))) {
    const best = tsgradBest(c, id);
    const peer = c.rows.get(id)?.get('tfjs-wasm');
    if (!best || peer?.status !== 'ok' || !peer.value) continue;
    const r = best.value / peer.value;
    out.push(
      `${id}: tsgrad (${SYSTEM_LABELS[best.system]}) ${formatNumber(best.value)} samples/s = ${r.toFixed(2)}× tfjs wasm (goal ≥ 3×: ${r >= 3 ? 'met' : 'NOT met'})`,
    );
  }
  for (const id of c.ids.filter((i) => i.startsWith('cnn-'))) {
    const best = tsgradBest(c, id);
    if (!best) continue;
    out.push(
      `${id}: tsgrad (${SYSTEM_LABELS[best.system]}) ${formatNumber(best.value)} samples/s (goal ≥ 1,000: ${best.value >= 1000 ? 'met' : 'NOT met'})`,
    );
  }
  return out;
}

/**
 * Notes for cells that are not plain numbers (cannot train, too slow, failures, partial runs),
 * then the systems that could not start here.
 */
export function notes(c: Collected): string[] {
  const out: string[] = [];
  for (const id of c.ids) {
    for (const [s, r] of c.rows.get(id) ?? [])
      if (r.note) out.push(`${id}, ${SYSTEM_LABELS[s]}: ${r.note}`);
    for (const [s, e] of c.failures.get(id) ?? [])
      out.push(`${id}, ${SYSTEM_LABELS[s]}: FAILED (${e})`);
  }
  for (const [s, why] of c.unavailable)
    out.push(`${SYSTEM_LABELS[s]}: unavailable: ${why} (not counted as a failure)`);
  return out;
}
