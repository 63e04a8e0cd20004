import { defineKernel } from '../gpu/kernel-spec';
import { attentionTileConstants } from './attention-tiles';
import type { HeadParams } from './rope-kv';
import tiles from './attention-tiles.wgsl?raw';
import partials from './attention-partials.wgsl?raw';
import wgsl from './attention-decode.wgsl?raw';

export interface SplitParams {
  /** Keys per workgroup. */
  splitKeys: number;
  /** Most key ranges a context can have (sizes the partials buffer). */
  maxSplits: number;
}

export const splitConstants = (p: HeadParams & SplitParams) => ({ ...attentionTileConstants(p), SPLIT_KEYS: p.splitKeys, MAX_SPLITS: p.maxSplits });

/** Workgroups of a split-K decode kernel: per KV head, token row and key range of the row with the most keys. */
export const splitGrid = (s: { headsKv: number; tokens: number; keys: number; splitKeys: number }): [number, number, number] => [s.headsKv, s.tokens, Math.ceil(s.keys / s.splitKeys)];

/** Decode attention: per (KV head, token, key range) all query heads of the group, (m, l, acc) partials for attention-combine. */
export const attentionDecodeSpec = defineKernel({
  name: 'attention-decode',
  wgsl: [tiles, partials, wgsl],
  bindings: [['step', 'uniform'], ['layer', 'uniform'], ['rows', 'read'], ['q', 'read'], ['kCache', 'read'], ['vCache', 'read'], ['partials', 'write']],
  workgroupSize: 256,
  constants: splitConstants,
  grid: splitGrid,
});
