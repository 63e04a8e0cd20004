import { defineKernel } from '../gpu/kernel-spec';
import type { ExpertCountParams } from './router-topk';
import topK from './top-k.wgsl?raw';
import wgsl from './moe-route.wgsl?raw';

/** Grouped MoE passes: each token's top-k experts and weights, then the slots grouped by expert (offsets + slot lists) and the list of their tiles of `tileSlots`, in one workgroup. */
export const moeRouteSpec = defineKernel({
  name: 'moe-route',
  wgsl: [topK, wgsl],
  bindings: [['step', 'uniform'], ['logits', 'read'], ['chosen', 'write'], ['weights', 'write'], ['offsets', 'write'], ['slots', 'write']],
  workgroupSize: 256,
  constants: (p: ExpertCountParams & { tileSlots: number }) => {
    // A tile is listed with (its slots << 16) | expert.
    if (p.experts > 1024) throw new Error(`moe-route: ${p.experts} experts; at most 1,024`);
    return { EXPERTS: p.experts, TOP_K: p.topK, TILE_SLOTS: p.tileSlots };
  },
  grid: (_size: void) => [1, 1, 1],
});
