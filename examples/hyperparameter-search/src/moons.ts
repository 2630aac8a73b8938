import { Generator } from '@tsgrad/tensor';

/**
 * Two interleaving half circles with Gaussian noise, as scikit-learn's `make_moons`: class 0 on
 * the upper arc `(cos t, sin t)`, class 1 on the lower `(1 − cos t, 0.5 − sin t)`, `t` uniform in
 * [0, π]. Rows are shuffled; the same seed gives the same data.
 */
export function makeMoons(n: number, noise: number, seed: number): { x: number[][]; y: number[] } {
  const g = new Generator(seed);
  const rows: { x: number[]; y: number }[] = [];
  for (let i = 0; i < n; i++) {
    const label = i < Math.ceil(n / 2) ? 0 : 1;
    const t = Math.PI * g.uniform();
    const px = label === 0 ? Math.cos(t) : 1 - Math.cos(t);
    const py = label === 0 ? Math.sin(t) : 0.5 - Math.sin(t);
    rows.push({ x: [px + noise * g.normal(), py + noise * g.normal()], y: label });
  }
  for (let i = rows.length - 1; i > 0; i--) {
    const j = g.integer(0, i + 1);
    [rows[i], rows[j]] = [rows[j], rows[i]];
  }
  return { x: rows.map((r) => r.x), y: rows.map((r) => r.y) };
}
