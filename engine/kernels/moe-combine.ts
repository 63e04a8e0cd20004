import { defineKernel } from '../gpu/kernel-spec';
import wgsl from './moe-combine.wgsl?raw';

/** Many tokens: x[t] += Σ_k weights[t, k] · expertOut[t·TOP_K + k]. */
export const moeCombineSpec = defineKernel({
  name: 'moe-combine',
  wgsl: [wgsl],
  bindings: [['step', 'uniform'], ['weights', 'read'], ['expertOut', 'read'], ['x', 'write']],
  workgroupSize: 64,
  constants: (p: { hidden: number; topK: number }) => ({ HIDDEN: p.hidden, TOP_K: p.topK }),
  grid: (s: { hidden: number; tokens: number }) => [Math.ceil(s.hidden / 64), s.tokens, 1],
});
