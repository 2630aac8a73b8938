// The module's exports: everything the host calls. Built by scripts/build-wasm.mjs.
export { gemm, heapBase, PACK_A_BYTES, PACK_B_BYTES, TILE_BYTES } from './gemm';
export { biasActivation, binary, compare, relu, reluGrad, sum, unary } from './elementwise';
export { col2im, im2col } from './conv';
export { maxPool } from './pool';
export { adam, sgd } from './optim';
export { logSoftmax, softmaxCrossEntropy } from './softmax';
export { broadcast, castToF32, oneHot } from './shape';
