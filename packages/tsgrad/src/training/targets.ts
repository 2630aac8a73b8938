import { noGrad } from '@tsgrad/autograd';
import {
  type Shape,
  ShapeError,
  type Tensor,
  TsgradError,
  ValueError,
  formatShape,
  scope,
  slice,
} from '@tsgrad/tensor';
import type { TargetKind } from './metric-set.js';
import type { Network } from './network.js';

/**
 * Runs the network on the first sample (inference mode, no gradients) and returns the output
 * shape for a batch of one. This builds lazy layers and turns a wrong input shape into an
 * error before any training starts.
 * @throws {ShapeError} naming the op, x's shape and the layer's complaint.
 */
export function probeOutput(op: string, network: Network, x: Tensor): Shape {
  try {
    return scope(() => noGrad(() => network.call(slice(x, [0], [1]), { training: false }).shape));
  } catch (e) {
    if (!TsgradError.isInstance(e)) throw e;
    throw new ShapeError(
      op,
      `the model does not accept x of shape ${formatShape(x.shape)}: ${(e as Error).message}`,
      { cause: e },
    );
  }
}

const describeKind: Record<TargetKind, string> = {
  sparse: 'a sparse categorical loss (integer class labels)',
  categorical: 'a categorical loss (one row of class probabilities per sample)',
  binary: 'a binary loss',
  regression: 'a regression loss',
};

/**
 * Checks targets against the loss and the model's output before training: sparse labels are
 * integers in [0, classes), one-hot targets have the output's shape, binary cross-entropy
 * targets lie in [0, 1], regression targets have as many values per sample as the output.
 * @throws {ValueError} naming the op, the offending value and its index.
 * @throws {ShapeError} naming both shapes.
 */
export function checkTargets(
  op: string,
  name: string,
  kind: TargetKind,
  lossName: string | undefined,
  y: Tensor,
  outputShape: Shape,
): void {
  const n = y.shape[0];
  const perSampleOut = outputShape.slice(1);
  const perSampleY = y.shape.slice(1);
  const outSize = perSampleOut.reduce((a, b) => a * b, 1);
  const ySize = perSampleY.reduce((a, b) => a * b, 1);
  const expected = `[${[n, ...perSampleOut].join(',')}]`;
  if (kind === 'sparse') {
    const classes = outputShape[outputShape.length - 1];
    const ok = ySize * classes === outSize && perSampleY.length <= perSampleOut.length;
    if (!ok) {
      throw new ShapeError(
        op,
        `${name} has shape ${formatShape(y.shape)}, but ${describeKind.sparse} on outputs of shape ${expected} needs labels of shape [${[n, ...perSampleOut.slice(0, -1)].join(',')}]`,
      );
    }
    if (y.dtype === 'bool')
      throw new ValueError(op, `${name} is bool; class labels must be integers`);
    const d = y.dataSync();
    for (let i = 0; i < d.length; i++) {
      const v = d[i];
      if (!Number.isInteger(v) || v < 0 || v >= classes) {
        throw new ValueError(
          op,
          `${name}[${i}] is ${v}, out of range for ${lossName ?? 'the loss'} with ${classes} classes (model output ${expected}); labels must be integers in [0, ${classes})`,
        );
      }
    }
    return;
  }
  if (kind === 'categorical' && formatShape(perSampleY) !== formatShape(perSampleOut)) {
    throw new ShapeError(
      op,
      `${name} has shape ${formatShape(y.shape)}, but ${describeKind.categorical} needs the output's shape ${expected}; for integer labels use sparseCategoricalCrossentropy`,
    );
  }
  if ((kind === 'binary' || kind === 'regression') && ySize !== outSize) {
    throw new ShapeError(
      op,
      `${name} has shape ${formatShape(y.shape)}, but ${describeKind[kind]} needs one target per output, shape ${expected}`,
    );
  }
  if (kind === 'binary' && (lossName ?? '').toLowerCase().includes('crossentropy')) {
    const d = y.dataSync();
    for (let i = 0; i < d.length; i++) {
      if (!(d[i] >= 0 && d[i] <= 1)) {
        throw new ValueError(op, `${name}[${i}] is ${d[i]}; ${lossName} needs targets in [0, 1]`);
      }
    }
  }
}
