import '@tsgrad/autograd';
import { type Sequential, dense, resetLayerNames, sequential } from '@tsgrad/layers';
import { type Tensor, isGradEnabled, randn, tensor } from '@tsgrad/tensor';
import { beforeEach, describe, expect, test } from 'vitest';
import { RlError } from './errors.js';
import { TargetNetwork, hardUpdate, softUpdate } from './target-sync.js';

beforeEach(() => resetLayerNames());

const x = randn([5, 4], { seed: 9 });

function qNet(seed: number, hidden = 8): Sequential {
  const net = sequential([
    dense({ units: hidden, activation: 'relu', inputShape: [4], seed }),
    dense({ units: 2, seed: seed + 1 }),
  ]);
  net.call(x);
  return net;
}

const values = (net: { getWeights(): Tensor[] }) =>
  net.getWeights().map((w) => Array.from(w.dataSync()));

describe('target-network sync', () => {
  test('hardUpdate copies weights between networks whose layer names differ', () => {
    const online = qNet(1);
    const target = qNet(10);
    expect(target.getWeights()[0].name).toBe('dense_2/kernel');
    expect(values(target)).not.toEqual(values(online));
    hardUpdate(target, online);
    expect(values(target)).toEqual(values(online));
    expect(Array.from(target.call(x).dataSync())).toEqual(Array.from(online.call(x).dataSync()));
    // A copy, not an alias: changing the online network leaves the target alone.
    const before = values(target);
    online.setWeights(online.getWeights().map((w) => randn(w.shape, { seed: 3 })));
    expect(values(target)).toEqual(before);
  });

  test('softUpdate moves the target τ of the way: θ⁻ ← τ·θ + (1 − τ)·θ⁻', () => {
    const online = qNet(1);
    const target = qNet(10);
    const s = values(online);
    const t = values(target);
    softUpdate(target, online, 0.25);
    const after = values(target);
    for (let i = 0; i < s.length; i++)
      for (let j = 0; j < s[i].length; j++)
        expect(after[i][j]).toBeCloseTo(0.25 * s[i][j] + 0.75 * t[i][j], 6);
    expect(isGradEnabled()).toBe(true);
    softUpdate(target, online, 1);
    expect(values(target)).toEqual(s);
  });

  test('works on objects with only a state dict, pairing by position', () => {
    const make = (prefix: string, v: number[]) => {
      let dict = new Map([[`${prefix}/w`, tensor(v)]]);
      return {
        stateDict: () => dict,
        // Copies the values, as the contract asks (layers' loadStateDict does too).
        loadStateDict: (d: ReadonlyMap<string, Tensor>) => {
          dict = new Map([...d].map(([k, t]) => [k, tensor(t.dataSync())]));
        },
      };
    };
    const source = make('a', [1, 2]);
    const target = make('b', [3, 6]);
    softUpdate(target, source, 0.5);
    expect([...target.stateDict().keys()]).toEqual(['b/w']);
    expect(Array.from(target.stateDict().get('b/w')!.dataSync())).toEqual([2, 4]);
    hardUpdate(target, source);
    expect(Array.from(target.stateDict().get('b/w')!.dataSync())).toEqual([1, 2]);
  });

  test('TargetNetwork copies at the start, then every N steps or softly each step', () => {
    const online = qNet(1);
    const target = qNet(10);
    const sync = new TargetNetwork(target, online, { mode: 'hard', every: 3 });
    expect(values(target)).toEqual(values(online));
    online.setWeights(online.getWeights().map((w) => randn(w.shape, { seed: 4 })));
    const fired = [sync.step(), sync.step(), sync.step(), sync.step()];
    expect(fired).toEqual([false, false, true, false]);
    expect(values(target)).toEqual(values(online));
    expect([sync.steps, sync.updates]).toEqual([4, 1]);

    const soft = new TargetNetwork(target, online, { mode: 'soft', tau: 0.5, every: 2 });
    online.setWeights(online.getWeights().map((w) => randn(w.shape, { seed: 5 })));
    const before = values(target)[1][0];
    expect(soft.step()).toBe(false);
    expect(soft.step()).toBe(true);
    expect(values(target)[1][0]).toBeCloseTo(0.5 * values(online)[1][0] + 0.5 * before, 6);
  });

  test('mismatched networks and bad options are RlErrors naming the problem', () => {
    const online = qNet(1);
    const wider = qNet(10, 16);
    expect(() => hardUpdate(wider, online)).toThrow(RlError);
    expect(() => hardUpdate(wider, online)).toThrow(
      "hardUpdate: weight 0 ('dense_2/kernel' vs 'dense/kernel') has shape [4,16] in target but [4,8] in source",
    );
    const deeper = sequential([dense({ units: 2, inputShape: [4] })]);
    deeper.call(x);
    expect(() => softUpdate(deeper, online, 0.1)).toThrow(
      'softUpdate: target has 2 weights but source has 4',
    );
    expect(() => softUpdate(online, online, 0)).toThrow('softUpdate: tau must be in (0, 1], got 0');
    expect(() => new TargetNetwork(online, online, { mode: 'hard', every: 0 })).toThrow(
      'TargetNetwork: every must be an integer >= 1, got 0',
    );
    expect(() => hardUpdate({} as never, online)).toThrow(
      'hardUpdate: target has neither getWeights()/setWeights() nor stateDict()/loadStateDict()',
    );
  });
});
