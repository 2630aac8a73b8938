import {
  type GradNode,
  GradientError,
  ShapeError,
  type Tensor,
  add,
  formatShape,
  keep,
  onesLike,
  registerGradientEngine,
  setGradEnabled,
  zerosLike,
} from '@tsgrad/tensor';

/** Tensors reachable backwards from `root`, in an order where each comes after its inputs. */
function topoSort(root: Tensor): Tensor[] {
  const order: Tensor[] = [];
  const seen = new Set<Tensor>();
  // Iterative DFS: deep graphs (long RNN unrolls) would overflow a recursive one.
  const stack: [Tensor, number][] = [[root, 0]];
  seen.add(root);
  while (stack.length > 0) {
    const top = stack[stack.length - 1];
    const node = top[0].node;
    if (node && top[1] < node.inputs.length) {
      const next = node.inputs[top[1]++];
      if (next.requiresGrad && !seen.has(next)) {
        seen.add(next);
        stack.push([next, 0]);
      }
    } else {
      order.push(top[0]);
      stack.pop();
    }
  }
  return order;
}

/** Options of {@link gradients} and {@link backward}. */
export interface GradientsOptions {
  /**
   * Record the backward pass itself so the gradients can be differentiated again (gradients of
   * gradients). Default false: the gradients are plain tensors and no graph is kept.
   */
  createGraph?: boolean;
}

/**
 * Gradients of `output` with respect to each of `inputs`, given the upstream gradient `dy`
 * (ones for a scalar). Each gradient has its input's shape; inputs that `output` does not
 * depend on get zeros. `.grad` is not touched. The core every other entry point (backward,
 * grad, valueAndGrad) uses.
 *
 * @throws {GradientError} when `output` is not a scalar and no `dy` is given.
 * @throws {ShapeError} when `dy` does not have `output`'s shape.
 * @example
 * import { mul, square, sum, tensor } from '@tsgrad/tensor';
 * import { gradients } from '@tsgrad/autograd';
 * const x = tensor([1, 2]).requireGrad();
 * const y = tensor([3]).requireGrad();
 * const [gx, gy] = gradients(sum(mul(square(x), y)), [x, y]);
 * gx.toArray(); // [6, 12]
 * gy.toArray(); // [5]
 * // A non-scalar output with an explicit upstream gradient
 * gradients(mul(x, 3), [x], tensor([1, -1]))[0].toArray(); // [3, -3]
 */
export function gradients(
  output: Tensor,
  inputs: readonly Tensor[],
  dy?: Tensor,
  options: GradientsOptions = {},
): Tensor[] {
  const seed = initialGradient('gradients', output, dy);
  const grads = propagate(output, seed, options.createGraph ?? false, new Set(inputs));
  return inputs.map((x) => grads.get(x) ?? zerosLike(x));
}

function initialGradient(op: string, output: Tensor, dy: Tensor | undefined): Tensor {
  if (dy === undefined) {
    if (output.size !== 1) {
      throw new GradientError(
        op,
        `needs a scalar output or an explicit upstream gradient; output has shape ${formatShape(output.shape)}`,
      );
    }
    return onesLike(output);
  }
  if (dy.shape.length !== output.shape.length || dy.shape.some((d, i) => d !== output.shape[i])) {
    throw new ShapeError(
      op,
      `upstream gradient has shape ${formatShape(dy.shape)} but the output has shape ${formatShape(output.shape)}`,
    );
  }
  return dy;
}

function sameShape(a: readonly number[], b: readonly number[]): boolean {
  if (a.length !== b.length) return false;
  for (let j = 0; j < a.length; j++) if (a[j] !== b[j]) return false;
  return true;
}

/** Runs every backward rule from `root` in reverse topological order, summing fan-in. */
function propagate(
  root: Tensor,
  seed: Tensor,
  createGraph: boolean,
  wanted?: Set<Tensor>,
): Map<Tensor, Tensor> {
  const grads = new Map<Tensor, Tensor>([[root, seed]]);
  const order = topoSort(root);
  const prev = setGradEnabled(createGraph);
  try {
    for (let i = order.length - 1; i >= 0; i--) {
      const t = order[i];
      const node: GradNode | null = t.node;
      const g = grads.get(t);
      if (!node || !g) continue;
      // Plain loops: this runs for every recorded op of every step.
      const inputs = node.inputs;
      const needsGrad: boolean[] = new Array(inputs.length);
      for (let k = 0; k < inputs.length; k++) needsGrad[k] = inputs[k].requiresGrad;
      const ins = node.op.backward!(g, { inputs, output: t, attrs: node.attrs, needsGrad });
      for (let k = 0; k < inputs.length; k++) {
        const x = inputs[k];
        const gx = ins[k];
        if (!gx || !x.requiresGrad) continue;
        if (!sameShape(gx.shape, x.shape)) {
          throw new GradientError(
            node.op.id,
            `backward rule returned a gradient of shape ${formatShape(gx.shape)} for input ${k} of shape ${formatShape(x.shape)}`,
          );
        }
        const acc = grads.get(x);
        grads.set(x, acc ? add(acc, gx) : gx);
      }
      // Intermediate gradients are no longer needed once passed on (unless asked for).
      if (!wanted?.has(t) && t !== root) grads.delete(t);
    }
  } finally {
    setGradEnabled(prev);
  }
  return grads;
}

/**
 * Backpropagates from `output` and accumulates (`+=`) into `.grad` of every leaf tensor that
 * requires gradients, so fan-out and several backward calls add up.
 *
 * @throws {GradientError} when `output` does not require grad, or is not a scalar and no
 *   upstream gradient is given.
 * @example
 * const w = tensor([2, 3]).requireGrad();
 * sum(square(w)).backward();
 * w.grad!.toArray(); // [4, 6]
 */
export function backward(output: Tensor, dy?: Tensor, options: GradientsOptions = {}): void {
  if (!output.requiresGrad) {
    throw new GradientError(
      'backward',
      'the output does not require grad: no input of the computation has requiresGrad set (or it ran under noGrad)',
    );
  }
  const seed = initialGradient('backward', output, dy);
  const grads = propagate(output, seed, options.createGraph ?? false);
  for (const [t, g] of grads) {
    if (t.node !== null) continue;
    // Gradients outlive any scope they were computed in: they belong to their leaf.
    const old = t.grad;
    t.grad = keep(old ? add(old, g) : g);
    old?.dispose();
  }
}

registerGradientEngine({ backward: (t, dy) => backward(t, dy) });
