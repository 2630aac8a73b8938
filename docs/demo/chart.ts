export interface ChartData {
  /** Training loss after each step. */
  loss: number[];
  /** Test accuracy, each at the step it was measured after. */
  accuracy: { step: number; value: number }[];
  /** Steps in one epoch (for the epoch ticks). */
  stepsPerEpoch: number;
}

/** Exponential moving average with TensorBoard's debiasing (the first value is kept as it is). */
export function smooth(values: number[], weight = 0.9): number[] {
  const out: number[] = [];
  let last = 0;
  let debias = 0;
  for (const v of values) {
    last = last * weight + (1 - weight) * v;
    debias = debias * weight + (1 - weight);
    out.push(last / debias);
  }
  return out;
}

/**
 * Draws the training loss (raw, faint; smoothed, solid; left axis from 0) and the test
 * accuracy (dots, right axis 0–100%) against the step, with a tick per epoch.
 */
export function drawChart(
  canvas: HTMLCanvasElement,
  data: ChartData,
  colors: { loss: string; acc: string; grid: string; text: string },
) {
  const dpr = window.devicePixelRatio || 1;
  const cssW = canvas.clientWidth || 560;
  const cssH = canvas.clientHeight || 240;
  canvas.width = Math.round(cssW * dpr);
  canvas.height = Math.round(cssH * dpr);
  const ctx = canvas.getContext('2d')!;
  ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
  ctx.clearRect(0, 0, cssW, cssH);
  const pad = { l: 44, r: 44, t: 12, b: 26 };
  const w = cssW - pad.l - pad.r;
  const h = cssH - pad.t - pad.b;
  const steps = Math.max(data.loss.length, data.stepsPerEpoch, 1);
  const maxLoss = Math.max(0.5, ...data.loss.slice(0, 5), ...smooth(data.loss));
  const x = (s: number) => pad.l + (s / steps) * w;
  const yLoss = (v: number) => pad.t + h - (Math.min(v, maxLoss) / maxLoss) * h;
  const yAcc = (v: number) => pad.t + h - v * h;

  ctx.font = '11px system-ui, sans-serif';
  ctx.strokeStyle = colors.grid;
  ctx.fillStyle = colors.text;
  ctx.lineWidth = 1;
  for (let i = 0; i <= 4; i++) {
    const yy = pad.t + (h * i) / 4;
    ctx.beginPath();
    ctx.moveTo(pad.l, yy);
    ctx.lineTo(pad.l + w, yy);
    ctx.stroke();
    ctx.textAlign = 'right';
    ctx.fillText((maxLoss * (1 - i / 4)).toFixed(2), pad.l - 6, yy + 4);
    ctx.textAlign = 'left';
    ctx.fillText(`${100 - i * 25}%`, pad.l + w + 6, yy + 4);
  }
  ctx.textAlign = 'center';
  for (let e = 1; e * data.stepsPerEpoch <= steps; e++) {
    ctx.fillText(`epoch ${e}`, x(e * data.stepsPerEpoch), pad.t + h + 16);
  }

  const line = (values: number[], color: string, width: number, alpha: number) => {
    if (values.length === 0) return;
    ctx.globalAlpha = alpha;
    ctx.strokeStyle = color;
    ctx.lineWidth = width;
    ctx.beginPath();
    values.forEach((v, i) => {
      if (i === 0) ctx.moveTo(x(i + 1), yLoss(v));
      else ctx.lineTo(x(i + 1), yLoss(v));
    });
    ctx.stroke();
    ctx.globalAlpha = 1;
  };
  line(data.loss, colors.loss, 1, 0.3);
  line(smooth(data.loss), colors.loss, 2, 1);

  ctx.fillStyle = colors.acc;
  ctx.strokeStyle = colors.acc;
  ctx.lineWidth = 1.5;
  ctx.beginPath();
  data.accuracy.forEach((a, i) => {
    if (i === 0) ctx.moveTo(x(a.step), yAcc(a.value));
    else ctx.lineTo(x(a.step), yAcc(a.value));
  });
  ctx.stroke();
  for (const a of data.accuracy) {
    ctx.beginPath();
    ctx.arc(x(a.step), yAcc(a.value), 3, 0, Math.PI * 2);
    ctx.fill();
  }
}
