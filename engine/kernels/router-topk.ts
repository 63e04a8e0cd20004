import { defineKernel } from '../gpu/kernel-spec';
import topK from './top-k.wgsl?raw';
import wgsl from './router-topk.wgsl?raw';

export interface ExpertCountParams {
  experts: number;
  topK: number;
}

/** Per token: the TOP_K largest router logits (ties → lower index) and their softmax weights. */
export const routerTopkSpec = defineKernel({
  name: 'router-topk',
  wgsl: [topK, wgsl],
  bindings: [['step', 'uniform'], ['logits', 'read'], ['chosen', 'write'], ['weights', 'write']],
  workgroupSize: 64,
  constants: (p: ExpertCountParams) => ({ EXPERTS: p.experts, TOP_K: p.topK }),
  grid: (s: { tokens: number }) => [Math.ceil(s.tokens / 64), 1, 1],
});
