import type { AnyLayer } from './layer.js';

/**
 * A count with thousands separators, as `summary()` prints parameter counts.
 * @example formatCount(34826); // '34,826'
 */
export function formatCount(n: number): string {
  return n.toString().replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

function shapeText(layer: AnyLayer): string {
  const s = layer.outputShape;
  return s ? `[${s.map((d) => (d === null ? 'null' : d)).join(',')}]` : '?';
}

/** @internal The text of `layer.summary()`. */
export function summarize(layer: AnyLayer, lineLength: number): string {
  const rows = layer
    ._summaryRows()
    .map((l) => [`${l.name} (${l.className})`, shapeText(l), formatCount(l.countParams())]);
  const header = ['Layer (type)', 'Output Shape', 'Param #'];
  const w0 = Math.max(
    Math.round(lineLength * 0.45),
    header[0].length,
    ...rows.map((r) => r[0].length + 1),
  );
  const w1 = Math.max(
    Math.round(lineLength * 0.3),
    header[1].length,
    ...rows.map((r) => r[1].length + 1),
  );
  const w2 = Math.max(lineLength - w0 - w1, header[2].length);
  const width = w0 + w1 + w2;
  const line = (r: string[]) => `${r[0].padEnd(w0)}${r[1].padEnd(w1)}${r[2]}`.trimEnd();
  const total = layer.countParams();
  const trainable = layer.countTrainableParams();
  return [
    `Model: "${layer.name}" (${layer.className})`,
    '_'.repeat(width),
    line(header),
    '='.repeat(width),
    ...rows.map(line),
    '='.repeat(width),
    `Total params: ${formatCount(total)}`,
    `Trainable params: ${formatCount(trainable)}`,
    `Non-trainable params: ${formatCount(total - trainable)}`,
    '_'.repeat(width),
  ].join('\n');
}
