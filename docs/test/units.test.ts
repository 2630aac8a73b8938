import { describe, expect, it } from 'vitest';
import { smooth } from '../demo/chart';
import { argmaxRows } from '../demo/trainer';
import { rewriteExampleLinks } from '../scripts/example-pages.mjs';
import { rewriteLinks } from '../scripts/package-pages.mjs';

describe('smooth (the chart line)', () => {
  it('keeps the first value and constant series', () => {
    expect(smooth([2.5])).toEqual([2.5]);
    expect(smooth([1, 1, 1]).map((v) => Number(v.toFixed(12)))).toEqual([1, 1, 1]);
  });
  it('moves toward new values by the weight, debiased', () => {
    const [a, b] = smooth([0, 10], 0.5);
    expect(a).toBe(0);
    // (0.5·(0.5·0) + 0.5·10) / (1 − 0.5²)
    expect(b).toBeCloseTo(5 / 0.75, 12);
  });
});

describe('argmaxRows', () => {
  it('gives the first maximum of each row', () => {
    expect(Array.from(argmaxRows([0.1, 0.9, 0.5, 0.5, 0.2, 0.1], 2))).toEqual([1, 0, 0]);
  });
});

describe('rewriteLinks (README → docs page)', () => {
  const opts = (warnings: string[]) => ({
    folders: ['tensor', 'autograd'],
    examplePages: ['xor'],
    warn: (m: string) => warnings.push(m),
  });
  it('points package, root, example and bench links at docs pages', () => {
    const w: string[] = [];
    const md = rewriteLinks(
      'see [tensor](../tensor), [t2](../tensor/README.md#api), [home](../../README.md), [xor](../../examples/xor), [bench](../../bench/README.md), [web](https://x.org/a)',
      opts(w),
    );
    expect(md).toBe(
      'see [tensor](./tensor.md), [t2](./tensor.md#api), [home](/), [xor](/examples/xor.md), [bench](/benchmarks.md), [web](https://x.org/a)',
    );
    expect(w).toEqual([]);
  });
  it('keeps the text of links that have no page, and says so', () => {
    const w: string[] = [];
    expect(rewriteLinks('[dqn](../../examples/dqn) and [f](assembly/gemm.ts)', opts(w))).toBe(
      'dqn and f',
    );
    expect(w).toHaveLength(2);
  });
});

describe('rewriteExampleLinks (example README → docs page)', () => {
  it('points sibling examples and packages at their pages, keeps the rest as text', () => {
    const w: string[] = [];
    const md = rewriteExampleLinks(
      '[dqn](../dqn-cartpole), [rl](../../packages/rl), [gone](../nope), [web](https://x.org)',
      {
        name: 'reinforce',
        examples: ['dqn-cartpole'],
        packages: ['rl'],
        exampleDir: '/nonexistent',
        warn: (m) => w.push(m),
      },
    );
    expect(md).toBe('[dqn](./dqn-cartpole.md), [rl](/packages/rl.md), gone, [web](https://x.org)');
    expect(w).toHaveLength(1);
  });
});
