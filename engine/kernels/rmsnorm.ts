import { defineKernel } from '../gpu/kernel-spec';
import wgsl from './rmsnorm.wgsl?raw';

/** y[t] = x[t] / rms(x[t]) · weight: one workgroup per token. */
export const rmsnormSpec = defineKernel({
  name: 'rmsnorm',
  wgsl: [wgsl],
  bindings: [['step', 'uniform'], ['x', 'read'], ['weight', 'read'], ['y', 'write']],
  workgroupSize: 256,
  constants: (p: { hidden: number; eps: number }) => ({ HIDDEN: p.hidden, EPS: p.eps }),
  grid: (s: { tokens: number }) => [s.tokens, 1, 1],
});
