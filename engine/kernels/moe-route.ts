import { defineKernel } from '../gpu/kernel-spec';
import type { ExpertCountParams } from './router-topk';
import wgsl from './moe-route.wgsl?raw';

/** Many tokens: groups the (token, expert) slots by expert (offsets + slot lists), in one workgroup. */
export const moeRouteSpec = defineKernel({
  name: 'moe-route',
  wgsl: [wgsl],
  bindings: [['step', 'uniform'], ['chosen', 'read'], ['offsets', 'write'], ['slots', 'write']],
  workgroupSize: 256,
  constants: (p: ExpertCountParams) => ({ EXPERTS: p.experts, TOP_K: p.topK }),
  grid: (_size: void) => [1, 1, 1],
});
