import { defineKernel } from '../gpu/kernel-spec';
import { expertConstants } from './moe-params';
import mxfp4 from './mxfp4.wgsl?raw';
import { moeTilesWgsl, TILE_LANES, TILE_SLOTS } from './moe-tiles';
import wgsl from './moe-down-grouped.wgsl?raw';

/** Output rows per workgroup: two per lane. */
const ROWS = 2 * TILE_LANES;

/** Many tokens: per expert of this part, 16 of its slots × 256 output rows; each slot's output kept apart. */
export const moeDownGroupedSpec = defineKernel({
  name: 'moe-down-grouped',
  wgsl: [mxfp4, moeTilesWgsl, wgsl],
  bindings: [['step', 'uniform'], ['part', 'uniform'], ['act', 'read'], ['offsets', 'read'], ['slots', 'read'], ['blocks', 'read'], ['scales', 'read'], ['bias', 'read'], ['expertOut', 'write']],
  workgroupSize: TILE_LANES,
  constants: expertConstants,
  grid: (s: { hidden: number; experts: number; slots: number }) => [Math.ceil(s.hidden / ROWS), s.experts, Math.ceil(s.slots / TILE_SLOTS)],
});
