import { describe, expect, test } from 'vitest';
import { RlError } from './errors.js';
import { ReplayBuffer } from './replay-buffer.js';

function fill(buffer: ReplayBuffer, n: number, from = 0): void {
  for (let i = from; i < from + n; i++) {
    buffer.add({
      state: [i, -i],
      action: i % 3,
      reward: i / 2,
      nextState: [i + 1, -i - 1],
      done: i % 4 === 0,
    });
  }
}

describe('ReplayBuffer', () => {
  test('a full buffer overwrites the oldest transitions first', () => {
    const buffer = new ReplayBuffer({ capacity: 3, observationSize: 2, seed: 0 });
    fill(buffer, 5);
    expect(buffer.size).toBe(3);
    expect(buffer.totalAdded).toBe(5);
    const seen = new Set<number>();
    const batch = buffer.sampleArrays(300);
    for (let b = 0; b < 300; b++) {
      const s = batch.states[2 * b];
      seen.add(s);
      // Every field of a sample comes from the same transition.
      expect(batch.states[2 * b + 1]).toBe(-s);
      expect(batch.nextStates[2 * b]).toBe(s + 1);
      expect(batch.actions[b]).toBe(s % 3);
      expect(batch.rewards[b]).toBe(s / 2);
      expect(batch.dones[b]).toBe(s % 4 === 0 ? 1 : 0);
    }
    expect([...seen].sort()).toEqual([2, 3, 4]);
  });

  test('sampling is uniform over the held transitions, with replacement', () => {
    const buffer = new ReplayBuffer({ capacity: 10, observationSize: 2, seed: 1 });
    fill(buffer, 10);
    const counts = new Array(10).fill(0);
    const { indices } = buffer.sampleArrays(20_000);
    for (const i of indices) counts[i]++;
    // 2000 expected each; 5 standard deviations is ±212.
    for (const c of counts) expect(Math.abs(c - 2000)).toBeLessThan(212);
    expect(buffer.sampleArrays(30).indices.length).toBe(30); // more than held: with replacement
  });

  test('the same seed and calls give the same batches; another seed differs', () => {
    const make = (seed: number) => {
      const b = new ReplayBuffer({ capacity: 100, observationSize: 2, seed });
      fill(b, 100);
      return [b.sampleArrays(16).indices, b.sampleArrays(16).indices].map((a) => Array.from(a));
    };
    expect(make(5)).toEqual(make(5));
    expect(make(5)).not.toEqual(make(6));
  });

  test('sample returns tensors with the documented shapes and dtypes', () => {
    const buffer = new ReplayBuffer({ capacity: 8, observationSize: 2, seed: 0 });
    fill(buffer, 8);
    const { states, actions, rewards, nextStates, dones } = buffer.sample(4);
    expect([states.shape, states.dtype]).toEqual([[4, 2], 'float32']);
    expect([nextStates.shape, nextStates.dtype]).toEqual([[4, 2], 'float32']);
    expect([actions.shape, actions.dtype]).toEqual([[4], 'int32']);
    expect([rewards.shape, rewards.dtype]).toEqual([[4], 'float32']);
    expect([dones.shape, dones.dtype]).toEqual([[4], 'float32']);
    const s = states.dataSync();
    const a = actions.dataSync();
    for (let b = 0; b < 4; b++) expect(a[b]).toBe(s[2 * b] % 3);
  });

  test('clear empties it; the held arrays are reused', () => {
    const buffer = new ReplayBuffer({ capacity: 4, observationSize: 2, seed: 0 });
    fill(buffer, 4);
    buffer.clear();
    expect([buffer.size, buffer.totalAdded]).toEqual([0, 0]);
    fill(buffer, 1, 10);
    expect(Array.from(buffer.sampleArrays(3).states)).toEqual([10, -10, 10, -10, 10, -10]);
  });

  test('misuse raises RlError with the bad value', () => {
    expect(() => new ReplayBuffer({ capacity: 0, observationSize: 4 })).toThrow(
      'ReplayBuffer: capacity must be an integer >= 1, got 0',
    );
    expect(() => new ReplayBuffer({ capacity: 10, observationSize: 2.5 })).toThrow(RlError);
    const buffer = new ReplayBuffer({ capacity: 4, observationSize: 2, seed: 0 });
    expect(() => buffer.sample(2)).toThrow(
      'ReplayBuffer.sample: the buffer is empty; add transitions first',
    );
    expect(() =>
      buffer.add({ state: [0, 0, 0], action: 0, reward: 0, nextState: [0, 0], done: false }),
    ).toThrow('ReplayBuffer.add: state has 3 numbers, expected observationSize 2');
    expect(() =>
      buffer.add({ state: [0, 0], action: 0.5, reward: 0, nextState: [0, 0], done: false }),
    ).toThrow('ReplayBuffer.add: action must be an integer, got 0.5');
    expect(() =>
      buffer.add({ state: [0, 0], action: 0, reward: Number.NaN, nextState: [0, 0], done: false }),
    ).toThrow('ReplayBuffer.add: reward must be finite, got NaN');
    fill(buffer, 1);
    expect(() => buffer.sample(0)).toThrow(
      'ReplayBuffer.sample: batchSize must be an integer >= 1, got 0',
    );
  });
});
