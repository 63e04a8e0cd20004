import { defineKernel } from '../gpu/kernel-spec';
import type { ExpertCountParams } from './router-topk';
import topK from './top-k.wgsl?raw';
import wgsl from './moe-route.wgsl?raw';

/** Grouped MoE passes: each token's top-k experts and weights, then the slots grouped by expert (offsets + slot lists), in one workgroup. */
export const moeRouteSpec = defineKernel({
  name: 'moe-route',
  wgsl: [topK, wgsl],
  bindings: [['step', 'uniform'], ['logits', 'read'], ['chosen', 'write'], ['weights', 'write'], ['offsets', 'write'], ['slots', 'write']],
  workgroupSize: 256,
  constants: (p: ExpertCountParams) => ({ EXPERTS: p.experts, TOP_K: p.topK }),
  grid: (_size: void) => [1, 1, 1],
});
