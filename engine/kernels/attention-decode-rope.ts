import { defineKernel } from '../gpu/kernel-spec';
import { splitConstants, splitGrid, type SplitParams } from './attention-decode';
import type { HeadParams } from './rope-kv';
import tiles from './attention-tiles.wgsl?raw';
import partials from './attention-partials.wgsl?raw';
import wgsl from './attention-decode-rope.wgsl?raw';

/**
 * Decode attention for passes whose rows are each the newest token of their own sequence: RoPE from the stacked
 * q|k|v rows and the new key and value stored into the cache, then as attention-decode (no rope-kv dispatch).
 */
export const attentionDecodeRopeSpec = defineKernel({
  name: 'attention-decode-rope',
  wgsl: [tiles, partials, wgsl],
  bindings: [['step', 'uniform'], ['layer', 'uniform'], ['rows', 'read'], ['rope', 'read'], ['qkv', 'read'], ['kCache', 'write'], ['vCache', 'write'], ['partials', 'write']],
  workgroupSize: 256,
  constants: (p: HeadParams & SplitParams) => {
    // Rotate-half on vec4: a head's two halves must each be whole vec4s.
    if (p.headDim % 8 !== 0) throw new Error(`attention-decode-rope needs a head dimension that is a multiple of 8 (${p.headDim})`);
    return splitConstants(p);
  },
  grid: splitGrid,
});
