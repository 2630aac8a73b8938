/**
 * A small MLP trained for a few SGD steps: the same seeded run on the CPU and on a gpu.js
 * backend must give the same losses and weights (float32 on both, so within a tolerance).
 */
import { zeroGrad } from '@tsgrad/autograd';
import * as T from '@tsgrad/tensor';
import type { Tensor } from '@tsgrad/tensor';

export interface TrainResult {
  losses: number[];
  weights: Float32Array[];
  /** Buffers held by the backend after each step (must stay flat). */
  buffers: number[];
}

export function trainMlp(backendName: string, steps: number): TrainResult {
  T.setBackend(backendName);
  return T.scope(() => {
    const x = T.randn([64, 10], { seed: 1 });
    // Labels from a fixed linear rule, so the task is learnable.
    const labels = T.argmax(T.matmul(x, T.randn([10, 4], { seed: 2 })), 1);
    const y = T.oneHot(labels, 4);
    const params: Tensor[] = [
      T.mul(T.randn([10, 32], { seed: 3 }), 0.3),
      T.zeros([32]),
      T.mul(T.randn([32, 4], { seed: 4 }), 0.3),
      T.zeros([4]),
    ].map((p) => p.requireGrad());
    const [w1, b1, w2, b2] = params;
    const losses: number[] = [];
    const buffers: number[] = [];
    for (let step = 0; step < steps; step++) {
      T.scope(() => {
        const h = T.relu(T.add(T.matmul(x, w1), b1));
        const logits = T.add(T.matmul(h, w2), b2);
        const loss = T.neg(T.mean(T.sum(T.mul(y, T.logSoftmax(logits)), 1)));
        loss.backward();
        for (const p of params) p.assign(T.sub(p, T.mul(p.grad!, 0.5)));
        zeroGrad(params);
        losses.push(loss.item());
      });
      buffers.push(T.getBackend().memory().numBuffers);
    }
    return { losses, weights: params.map((p) => Float32Array.from(p.dataSync())), buffers };
  });
}
