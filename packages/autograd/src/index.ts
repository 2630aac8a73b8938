export { backward, gradients, type GradientsOptions } from './tape.js';
export {
  customGrad,
  enableGrad,
  grad,
  noGrad,
  valueAndGrad,
  zeroGrad,
  type ArgNums,
} from './functional.js';
export { checkGrads, type CheckGradsOptions, type CheckGradsReport } from './check-grads.js';
