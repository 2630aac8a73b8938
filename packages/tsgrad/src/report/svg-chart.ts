/** One line of a chart. */
export interface Series {
  name: string;
  values: readonly number[];
}

const COLORS = ['#2563eb', '#dc2626', '#16a34a', '#9333ea', '#ea580c', '#0891b2'];

export function escapeXml(s: string): string {
  return s.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!,
  );
}

function niceTicks(min: number, max: number, count = 5): number[] {
  if (min === max) {
    const d = Math.abs(min) || 1;
    min -= d / 2;
    max += d / 2;
  }
  const raw = (max - min) / count;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * mag).find((s) => s >= raw)!;
  const out: number[] = [];
  for (let v = Math.floor(min / step) * step; v <= max + step * 1e-9; v += step)
    out.push(Number(v.toPrecision(12)));
  return out;
}

/**
 * A line chart of per-epoch values as inline SVG (no scripts, no external resources).
 * Non-finite values leave gaps.
 */
export function lineChart(
  title: string,
  series: readonly Series[],
  opts: { width?: number; height?: number; xLabel?: string } = {},
): string {
  const W = opts.width ?? 520;
  const H = opts.height ?? 300;
  // Room at the top for the title and, below it, the legend.
  const m = { l: 56, r: 16, t: 46, b: 44 };
  const finite = series.flatMap((s) => s.values.filter(Number.isFinite));
  const n = Math.max(1, ...series.map((s) => s.values.length));
  if (finite.length === 0)
    return `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" role="img"><text x="10" y="20">${escapeXml(title)}: no data</text></svg>`;
  const ticks = niceTicks(Math.min(...finite), Math.max(...finite));
  const y0 = ticks[0];
  const y1 = ticks[ticks.length - 1];
  const px = (i: number) => m.l + (n === 1 ? (W - m.l - m.r) / 2 : (i / (n - 1)) * (W - m.l - m.r));
  const py = (v: number) => m.t + (1 - (v - y0) / (y1 - y0 || 1)) * (H - m.t - m.b);
  const parts: string[] = [];
  parts.push(
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${W} ${H}" width="${W}" height="${H}" role="img" aria-label="${escapeXml(title)}" font-family="system-ui, sans-serif" font-size="11">`,
  );
  parts.push(
    `<text x="${W / 2}" y="18" text-anchor="middle" font-size="13" font-weight="600">${escapeXml(title)}</text>`,
  );
  for (const t of ticks) {
    parts.push(`<line x1="${m.l}" x2="${W - m.r}" y1="${py(t)}" y2="${py(t)}" stroke="#e5e7eb"/>`);
    parts.push(
      `<text x="${m.l - 6}" y="${py(t) + 4}" text-anchor="end" fill="#374151">${escapeXml(String(t))}</text>`,
    );
  }
  const xStep = Math.max(1, Math.ceil(n / 10));
  for (let i = 0; i < n; i += xStep) {
    parts.push(
      `<text x="${px(i)}" y="${H - m.b + 16}" text-anchor="middle" fill="#374151">${i + 1}</text>`,
    );
  }
  parts.push(
    `<text x="${(m.l + W - m.r) / 2}" y="${H - 8}" text-anchor="middle" fill="#374151">${escapeXml(opts.xLabel ?? 'epoch')}</text>`,
  );
  parts.push(
    `<line x1="${m.l}" x2="${m.l}" y1="${m.t}" y2="${H - m.b}" stroke="#9ca3af"/><line x1="${m.l}" x2="${W - m.r}" y1="${H - m.b}" y2="${H - m.b}" stroke="#9ca3af"/>`,
  );
  series.forEach((s, k) => {
    const color = COLORS[k % COLORS.length];
    let d = '';
    let pen = false;
    s.values.forEach((v, i) => {
      if (!Number.isFinite(v)) {
        pen = false;
        return;
      }
      d += `${pen ? 'L' : 'M'}${px(i).toFixed(1)},${py(v).toFixed(1)}`;
      pen = true;
    });
    parts.push(`<path d="${d}" fill="none" stroke="${color}" stroke-width="2"/>`);
    s.values.forEach((v, i) => {
      if (Number.isFinite(v))
        parts.push(
          `<circle cx="${px(i).toFixed(1)}" cy="${py(v).toFixed(1)}" r="2.5" fill="${color}"><title>${escapeXml(`${s.name} epoch ${i + 1}: ${v}`)}</title></circle>`,
        );
    });
    parts.push(
      `<rect x="${m.l + 8 + k * 120}" y="${m.t - 17}" width="10" height="3" fill="${color}"/><text x="${m.l + 22 + k * 120}" y="${m.t - 13}" fill="#111827">${escapeXml(s.name)}</text>`,
    );
  });
  parts.push('</svg>');
  return parts.join('');
}

/**
 * A confusion-matrix heatmap as inline SVG: rows are true labels, columns predictions; the
 * colour is the row-normalized rate and each cell shows the count.
 */
export function confusionHeatmap(
  matrix: readonly (readonly number[])[],
  labels: readonly string[],
  title = 'Confusion matrix',
): string {
  const k = matrix.length;
  const cell = Math.max(22, Math.min(48, Math.floor(440 / Math.max(k, 1))));
  const m = { l: 70, t: 50, r: 16, b: 16 };
  const W = m.l + k * cell + m.r;
  const H = m.t + k * cell + m.b + 20;
  const parts: string[] = [];
  parts.push(
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${W} ${H}" width="${W}" height="${H}" role="img" aria-label="${escapeXml(title)}" font-family="system-ui, sans-serif" font-size="11">`,
  );
  parts.push(
    `<text x="${W / 2}" y="16" text-anchor="middle" font-size="13" font-weight="600">${escapeXml(title)}</text>`,
  );
  parts.push(
    `<text x="${m.l + (k * cell) / 2}" y="${m.t - 22}" text-anchor="middle" fill="#374151">predicted</text>`,
  );
  parts.push(
    `<text x="14" y="${m.t + (k * cell) / 2}" text-anchor="middle" fill="#374151" transform="rotate(-90 14 ${m.t + (k * cell) / 2})">true</text>`,
  );
  for (let i = 0; i < k; i++) {
    const rowSum = matrix[i].reduce((a, b) => a + b, 0) || 1;
    parts.push(
      `<text x="${m.l - 6}" y="${m.t + i * cell + cell / 2 + 4}" text-anchor="end">${escapeXml(labels[i] ?? String(i))}</text>`,
    );
    parts.push(
      `<text x="${m.l + i * cell + cell / 2}" y="${m.t - 6}" text-anchor="middle">${escapeXml(labels[i] ?? String(i))}</text>`,
    );
    for (let j = 0; j < k; j++) {
      const v = matrix[i][j];
      const rate = v / rowSum;
      const light = Math.round(97 - rate * 62);
      const x = m.l + j * cell;
      const y = m.t + i * cell;
      parts.push(
        `<rect x="${x}" y="${y}" width="${cell}" height="${cell}" fill="hsl(221 83% ${light}%)" stroke="#fff"><title>true ${escapeXml(labels[i] ?? String(i))}, predicted ${escapeXml(labels[j] ?? String(j))}: ${v}</title></rect>`,
      );
      if (cell >= 22)
        parts.push(
          `<text x="${x + cell / 2}" y="${y + cell / 2 + 4}" text-anchor="middle" fill="${light < 60 ? '#fff' : '#111827'}">${v}</text>`,
        );
    }
  }
  parts.push('</svg>');
  return parts.join('');
}
