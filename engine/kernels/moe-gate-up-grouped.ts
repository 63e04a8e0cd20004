import { defineKernel } from '../gpu/kernel-spec';
import { expertConstants, type ExpertParams } from './moe-params';
import mxfp4 from './mxfp4.wgsl?raw';
import { moeTilesWgsl, TILE_LANES, TILE_SLOTS } from './moe-tiles';
import wgsl from './moe-gate-up-grouped.wgsl?raw';

/** Output pairs per workgroup: one per lane. */
const PAIRS = TILE_LANES;

/** Many tokens: per expert of this part, 16 of its slots × 128 gate/up pairs, each MXFP4 value decoded once per tile. */
export const moeGateUpGroupedSpec = defineKernel({
  name: 'moe-gate-up-grouped',
  wgsl: [mxfp4, moeTilesWgsl, wgsl],
  bindings: [['step', 'uniform'], ['part', 'uniform'], ['x', 'read'], ['offsets', 'read'], ['slots', 'read'], ['blocks', 'read'], ['scales', 'read'], ['bias', 'read'], ['act', 'write']],
  workgroupSize: TILE_LANES,
  constants: (p: ExpertParams & { limit: number }) => ({ ...expertConstants(p), LIMIT: p.limit }),
  grid: (s: { intermediate: number; experts: number; slots: number }) => [Math.ceil(s.intermediate / PAIRS), s.experts, Math.ceil(s.slots / TILE_SLOTS)],
});
