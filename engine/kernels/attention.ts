import { defineKernel } from '../gpu/kernel-spec';
import { headConstants, type HeadParams } from './rope-kv';
import tiles from './attention-tiles.wgsl?raw';
import wgsl from './attention.wgsl?raw';

/** Constants of the kernels built on attention-tiles.wgsl, whose threads own 4 dimensions of a head each. */
export function attentionTileConstants(p: HeadParams) {
  // gather_outputs reuses the 32 staged key rows (headDim / 4 + 1 vec4 each) for the 256 threads' sums.
  if (p.headDim % 4 !== 0 || p.headDim < 28 || ((p.headsQ / p.headsKv) * p.headDim) / 4 > 256) {
    throw new Error(`attention kernels need a head dimension that is a multiple of 4, at least 28, and at most 1,024 values per KV group (${p.headsQ / p.headsKv} × ${p.headDim})`);
  }
  return headConstants(p);
}

/** Prefill attention with sinks, GQA and the sliding window: one workgroup per (KV head, token) for all its query heads. */
export const attentionSpec = defineKernel({
  name: 'attention',
  wgsl: [tiles, wgsl],
  bindings: [['step', 'uniform'], ['layer', 'uniform'], ['rows', 'read'], ['q', 'read'], ['kCache', 'read'], ['vCache', 'read'], ['sinks', 'read'], ['out', 'write']],
  workgroupSize: 256,
  constants: attentionTileConstants,
  grid: (s: { headsKv: number; tokens: number }) => [s.headsKv, s.tokens, 1],
});

