import { defineKernel } from '../gpu/kernel-spec';
import type { SplitParams } from './attention-decode';
import wgsl from './attention-combine.wgsl?raw';

/** Merges the key-range partials of split attention (running max, sums) with the sink into the output. */
export const attentionCombineSpec = defineKernel({
  name: 'attention-combine',
  wgsl: [wgsl],
  bindings: [['step', 'uniform'], ['layer', 'uniform'], ['rows', 'read'], ['partials', 'read'], ['sinks', 'read'], ['out', 'write']],
  workgroupSize: 256,
  constants: (p: { headsQ: number; headDim: number } & SplitParams) => {
    if (p.headDim > 256) throw new Error(`attention-combine: head dimension ${p.headDim} is above 256`);
    return { HEADS_Q: p.headsQ, HEAD_DIM: p.headDim, SPLIT_KEYS: p.splitKeys, MAX_SPLITS: p.maxSplits };
  },
  grid: (s: { headsQ: number; tokens: number }) => [s.headsQ, s.tokens, 1],
});
