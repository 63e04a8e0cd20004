import { defineKernel } from '../gpu/kernel-spec';
import pick from './route-pick.wgsl?raw';
import wgsl from './moe-combine.wgsl?raw';

export interface CombineParams {
  hidden: number;
  experts: number;
  topK: number;
  /** Work the weights out from the router logits (no router-topk dispatch ran) instead of reading them. */
  pick: boolean;
  /** Partial sums per slot output (the grouped down kernel's K_PARTS); default 1. */
  parts?: number;
}

/** x[t] += Σ_k weight[t, k] · Σ_p expertOut[p, t·TOP_K + k]. */
export const moeCombineSpec = defineKernel({
  name: 'moe-combine',
  wgsl: [pick, wgsl],
  bindings: [['step', 'uniform'], ['routerLogits', 'read'], ['weights', 'read'], ['expertOut', 'read'], ['x', 'write']],
  workgroupSize: 64,
  constants: (p: CombineParams) => ({ HIDDEN: p.hidden, EXPERTS: p.experts, TOP_K: p.topK, PICK_EXPERTS: p.pick, PARTS: p.parts ?? 1 }),
  grid: (s: { hidden: number; tokens: number }) => [Math.ceil(s.hidden / 64), s.tokens, 1],
});
