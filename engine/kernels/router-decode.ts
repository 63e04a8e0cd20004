import { defineKernel } from '../gpu/kernel-spec';
import wgsl from './router-decode.wgsl?raw';

export interface RouterDecodeParams {
  hidden: number;
  experts: number;
  topK: number;
  eps: number;
}

/** Few tokens: RMSNorm (written to y), router logits, top-k (ties → lower index) and softmax, one workgroup per token. */
export const routerDecodeSpec = defineKernel({
  name: 'router-decode',
  wgsl: [wgsl],
  bindings: [['step', 'uniform'], ['x', 'read'], ['norm', 'read'], ['w', 'read'], ['bias', 'read'], ['chosen', 'write'], ['weights', 'write'], ['y', 'write']],
  workgroupSize: 256,
  constants: (p: RouterDecodeParams) => ({ HIDDEN: p.hidden, EXPERTS: p.experts, TOP_K: p.topK, EPS: p.eps }),
  grid: (s: { tokens: number }) => [s.tokens, 1, 1],
});
