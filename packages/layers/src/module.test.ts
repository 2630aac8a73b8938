import '@tsgrad/autograd';
import { type Tensor, add, mean, mul, ones, randn, square, sub, sum, tensor } from '@tsgrad/tensor';
import { beforeEach, describe, expect, test } from 'vitest';
import type { ForwardContext, Layer } from './layer.js';
import { dense } from './layers/dense.js';
import { dropout } from './layers/dropout.js';
import { embedding } from './layers/embedding.js';
import { Module } from './module.js';
import { resetLayerNames } from './names.js';
import { layerFromConfig, registerLayer, serializeLayer } from './registry.js';
import { type Sequential, sequential } from './sequential.js';
import { expectClose } from './test-helpers.js';

beforeEach(() => resetLayerNames());

/** A DQN-style Q-network: children in an array property and a field, plus a raw parameter. */
class QNetwork extends Module {
  static override readonly className = 'QNetwork';
  readonly actions: number;
  readonly hidden: Layer[];
  readonly head: Layer;

  constructor(config: { actions: number; units?: number; name?: string; seed?: number }) {
    super(config);
    this.actions = config.actions;
    const units = config.units ?? 16;
    const seed = config.seed ?? 0;
    this.hidden = [
      dense({ units, activation: 'relu', seed, name: `${this.name}_h0` }),
      dense({ units, activation: 'relu', seed: seed + 1, name: `${this.name}_h1` }),
    ];
    this.head = dense({ units: config.actions, seed: seed + 2, name: `${this.name}_q` });
    // A learned per-action offset, created directly.
    this.addWeight('offset', [config.actions], { initializer: 'zeros' });
  }

  protected forward(x: Tensor): Tensor {
    let h = x;
    for (const l of this.hidden) h = l.call(h);
    return add(this.head.call(h), this.weight('offset'));
  }

  override getConfig() {
    return { ...super.getConfig(), actions: this.actions };
  }
}

/** An autoencoder: two Sequential children and an extra method. */
class AutoEncoder extends Module {
  encoder = sequential([dense({ units: 8, activation: 'relu' }), dense({ units: 2 })]);
  decoder = sequential([
    dense({ units: 8, activation: 'relu' }),
    dropout({ rate: 0.5, seed: 0 }),
    dense({ units: 4 }),
  ]);

  encode(x: Tensor): Tensor {
    return this.encoder.call(x);
  }

  protected forward(x: Tensor): Tensor {
    return this.decoder.call(this.encoder.call(x));
  }
}

/** A two-tower recommender: a pair of inputs, towers registered explicitly in a Map. */
class TwoTower extends Module<[Tensor, Tensor], Tensor> {
  private readonly towers = new Map<string, Sequential>();

  constructor() {
    super();
    const tower = (vocab: number) =>
      sequential([embedding({ inputDim: vocab, outputDim: 4, seed: vocab }), dense({ units: 3 })]);
    this.towers.set('user', this.register('user', tower(10)));
    this.towers.set('item', this.register('item', tower(20)));
  }

  protected forward([users, items]: [Tensor, Tensor], _ctx: ForwardContext): Tensor {
    const u = this.towers.get('user')!.call(users);
    const v = this.towers.get('item')!.call(items);
    return sum(mul(u, v), -1);
  }
}

describe('Module', () => {
  test('Q-network: children in fields and arrays, a raw parameter, a target network', () => {
    const online = new QNetwork({ actions: 2, name: 'online' });
    const x = randn([5, 4], { seed: 1 });
    expect(online.call(x).shape).toEqual([5, 2]);
    expect(online.name).toBe('online');
    expect(online.children().map((c) => c.name)).toEqual(['online_h0', 'online_h1', 'online_q']);
    expect([...online.stateDict().keys()]).toEqual([
      'online/offset',
      'online_h0/kernel',
      'online_h0/bias',
      'online_h1/kernel',
      'online_h1/bias',
      'online_q/kernel',
      'online_q/bias',
    ]);
    expect(online.trainableParameters()).toHaveLength(7);
    expect(online.countParams()).toBe(2 + (4 * 16 + 16) + (16 * 16 + 16) + (16 * 2 + 2));

    // A target network with other names: copy by position.
    const target = new QNetwork({ actions: 2, name: 'target', seed: 9 });
    target.call(x);
    expect(target.call(x).dataSync()).not.toEqual(online.call(x).dataSync());
    target.setWeights(online.getWeights());
    expectClose(target.call(x), online.call(x), 0);
  });

  test('Q-network trains with a custom loop (raw parameter included)', () => {
    const q = new QNetwork({ actions: 2, units: 8 });
    const x = randn([16, 4], { seed: 2 });
    const y = randn([16, 2], { seed: 3 });
    const loss = () => mean(square(sub(q.call(x, { training: true }), y)));
    const first = loss().item();
    for (let i = 0; i < 50; i++) {
      const l = loss();
      l.backward();
      for (const p of q.trainableParameters()) {
        p.assign(sub(p, mul(p.grad!, 0.05)).detach());
        p.grad = null;
      }
    }
    expect(loss().item()).toBeLessThan(first * 0.5);
    expect(Array.from(q.stateDict().get('q_network/offset')!.dataSync())).not.toEqual([0, 0]);
  });

  test('registered custom modules round-trip through JSON', () => {
    registerLayer(QNetwork);
    const q = new QNetwork({ actions: 3, name: 'policy', seed: 4 });
    const x = randn([2, 4], { seed: 5 });
    q.call(x);
    const json = JSON.stringify(serializeLayer(q));
    const copy = layerFromConfig(JSON.parse(json)) as QNetwork;
    expect(copy).toBeInstanceOf(QNetwork);
    copy.call(x);
    copy.loadStateDict(q.stateDict());
    expectClose(copy.call(x), q.call(x), 0);
  });

  test('autoencoder: Sequential children, training mode reaches Dropout inside', () => {
    const ae = new AutoEncoder();
    const x = randn([3, 4], { seed: 0 });
    expect(ae.call(x).shape).toEqual([3, 4]);
    expect(ae.encode(x).shape).toEqual([3, 2]);
    expectClose(ae.call(x), ae.call(x), 0); // inference: dropout off
    expect(ae.call(x, { training: true }).dataSync()).not.toEqual(ae.call(x).dataSync());
    expect(ae.parameters()).toHaveLength(8);
    expect(ae.name).toBe('auto_encoder');
    const text = ae.summary();
    expect(text).toContain('sequential (Sequential)');
    expect(text).toContain('[null,2]');
    expect(text).toContain('[null,4]');
    expect(text).toContain(`Total params: ${4 * 8 + 8 + 8 * 2 + 2 + 2 * 8 + 8 + 8 * 4 + 4}`);
  });

  test('two-tower model: a pair of inputs, explicitly registered towers', () => {
    const model = new TwoTower();
    const users = tensor([0, 3, 9], undefined, 'int32');
    const items = tensor([1, 19, 7], undefined, 'int32');
    expect(model.call([users, items]).shape).toEqual([3]);
    expect(model.children().map((c) => c.name)).toEqual(['sequential', 'sequential_1']);
    expect(model.countParams()).toBe(10 * 4 + 4 * 3 + 3 + 20 * 4 + 4 * 3 + 3);
  });

  test('registration errors are distinct', () => {
    class Bad extends Module {
      constructor() {
        super();
        this.register('a', dense({ units: 1 }));
        this.register('a', dense({ units: 1 }));
      }
      protected forward(x: Tensor) {
        return x;
      }
    }
    expect(() => new Bad()).toThrow("Bad 'bad': a child named 'a' is already registered");
    class NotLayer extends Module {
      constructor() {
        super();
        this.register('a', {} as any);
      }
      protected forward(x: Tensor) {
        return x;
      }
    }
    expect(() => new NotLayer()).toThrow(
      "NotLayer 'not_layer': register('a', ...) needs a Layer, got object",
    );
    expect(() => new QNetwork({ actions: 2 }).computeOutputShape([null, 4])).toThrow(
      "QNetwork 'q_network': computeOutputShape is not known for a custom forward pass; call the module and read outputShape",
    );
  });

  test('shared layers count once', () => {
    class Tied extends Module {
      a = dense({ units: 3 });
      b = this.a;
      protected forward(x: Tensor) {
        return this.b.call(this.a.call(x));
      }
    }
    const t = new Tied();
    t.call(ones([1, 3]));
    expect(t.parameters()).toHaveLength(2);
    expect(t.countParams()).toBe(12);
  });
});
