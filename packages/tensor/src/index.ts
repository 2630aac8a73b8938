export type { Backend, BackendMemory, DataId, Kernel, KernelArgs, TensorInfo } from './backend.js';
export { CpuBackend } from './backends/cpu/index.js';
export type { DType, TypedArray } from './dtype.js';
export { isFloat, upcast } from './dtype.js';
export type { GradNode, MemoryInfo } from './engine.js';
export {
  BackendError,
  DisposedError,
  DTypeError,
  GradientError,
  ShapeError,
  TsgradError,
  ValueError,
  formatShape,
} from './errors.js';
export type { BackwardContext, OpDef } from './op.js';
export { defineOp, runOp, withGradient } from './op.js';
export { broadcastShapes, sizeOf, type Shape } from './shape.js';
export { Tensor, registerGradientEngine, type GradientEngine, type NestedArray } from './tensor.js';
export {
  arange,
  eye,
  full,
  fullLike,
  linspace,
  ones,
  onesLike,
  scalar,
  tensor,
  zeros,
  zerosLike,
  type TensorInput,
  type TensorLike,
} from './creation.js';
export {
  Generator,
  defaultGenerator,
  manualSeed,
  permutation,
  rand,
  randint,
  randn,
  truncatedNormal,
  type RandomOptions,
} from './random.js';
export {
  dispose,
  getBackend,
  isGradEnabled,
  keep,
  listBackends,
  memory,
  registerBackend,
  removeBackend,
  scope,
  setBackend,
  setGradEnabled,
} from './api.js';
export {
  abs,
  ceil,
  clip,
  cos,
  elu,
  erf,
  exp,
  expm1,
  floor,
  gelu,
  isFinite,
  isNaN,
  leakyRelu,
  log,
  log1p,
  logicalNot,
  neg,
  reciprocal,
  relu,
  round,
  rsqrt,
  selu,
  sigmoid,
  sign,
  sin,
  softplus,
  sqrt,
  square,
  tanh,
} from './ops/unary.js';
export {
  add,
  div,
  equal,
  greater,
  greaterEqual,
  less,
  lessEqual,
  logicalAnd,
  logicalOr,
  maximum,
  minimum,
  mul,
  notEqual,
  pow,
  sub,
  unbroadcast,
  where,
} from './ops/binary.js';
export { cast } from './ops/cast.js';
export {
  argmax,
  argmin,
  logSumExp,
  max,
  mean,
  min,
  norm,
  prod,
  std,
  sum,
  variance,
  type Axis,
} from './ops/reduce.js';
export { dot, matmul, outer } from './ops/matmul.js';
export { expandDims, flatten, reshape, squeeze } from './ops/reshape.js';
export { permute, transpose } from './ops/transpose.js';
export { slice, split } from './ops/slice.js';
export { pad } from './ops/pad.js';
export { concat, stack } from './ops/concat.js';
export { tile } from './ops/tile.js';
export { broadcastTo } from './ops/broadcast-to.js';
export { gather, oneHot, scatterAdd } from './ops/gather.js';
export { logSoftmax, softmax } from './ops/softmax.js';
export { softmaxCrossEntropy } from './ops/softmax-cross-entropy.js';
export { reluGrad } from './ops/relu-grad.js';
export {
  FUSED_ACTIVATIONS,
  fusedMatmul,
  type FusedActivation,
  type FusedMatmulAttrs,
  type FusedMatmulOptions,
} from './ops/fused-matmul.js';
export {
  adamUpdate,
  flushSubnormal,
  sgdUpdate,
  type AdamUpdateAttrs,
  type AdamUpdateOptions,
  type SgdUpdateAttrs,
  type SgdUpdateOptions,
} from './ops/fused-update.js';
export { fusedKernels } from './backends/cpu/fused.js';
export {
  conv2d,
  conv2dBackpropFilter,
  conv2dBackpropInput,
  type Conv2dOptions,
  type Padding,
} from './ops/conv.js';
export {
  avgPool2d,
  avgPool2dGrad,
  maxPool2d,
  maxPool2dGrad,
  type Pool2dOptions,
} from './ops/pool.js';
