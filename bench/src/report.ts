import { type CaseResult, formatNumber } from './run.js';
import { SYSTEM_LABELS, type SystemId } from './systems.js';

/**
 * A Markdown table: one row per case, throughput per system, then tsgrad / peer ratios
 * (above 1: tsgrad is faster) and the largest difference from the reference output.
 */
export function formatTable(results: readonly CaseResult[], systems: readonly SystemId[]): string {
  const peers = systems.filter((s) => s !== 'tsgrad');
  const hasTsgrad = systems.includes('tsgrad');
  const header = [
    'case',
    'unit',
    ...systems.map((s) => SYSTEM_LABELS[s]),
    ...(hasTsgrad ? peers.map((s) => `tsgrad / ${SYSTEM_LABELS[s]}`) : []),
    'max abs diff',
  ];
  const rows = results.map((r) => {
    const by = new Map(r.results.map((x) => [x.system, x]));
    const value = (s: SystemId) => {
      const x = by.get(s);
      if (!x) return '—';
      return x.throughput === null ? 'MISMATCH' : formatNumber(x.throughput);
    };
    const ratio = (s: SystemId) => {
      const a = by.get('tsgrad')?.throughput;
      const b = by.get(s)?.throughput;
      return a && b ? `${a / b >= 10 ? (a / b).toFixed(1) : (a / b).toFixed(2)}×` : '—';
    };
    const diffs = r.results.map((x) => x.maxAbsDiff).filter((d): d is number => d !== null);
    const diff = diffs.length ? Math.max(...diffs).toExponential(1) : '—';
    return [r.label, r.unit, ...systems.map(value), ...(hasTsgrad ? peers.map(ratio) : []), diff];
  });
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i].length)));
  const line = (cells: string[]) =>
    `| ${cells.map((c, i) => (i < 2 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join(' | ')} |`;
  const rule = `| ${widths.map((w, i) => (i < 2 ? '-'.repeat(w) : `${'-'.repeat(w - 1)}:`)).join(' | ')} |`;
  return [line(header), rule, ...rows.map(line)].join('\n');
}
