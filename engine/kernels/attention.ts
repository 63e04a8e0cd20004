import { defineKernel } from '../gpu/kernel-spec';
import { headConstants, type HeadParams } from './rope-kv';
import wgsl from './attention.wgsl?raw';

const BINDINGS = [['step', 'uniform'], ['layer', 'uniform'], ['q', 'read'], ['kCache', 'read'], ['vCache', 'read'], ['sinks', 'read'], ['out', 'write'], ['partials', 'write']] as const;

/** Prefill attention with sinks, GQA and the sliding window: one workgroup per (query head, token). */
export const attentionSpec = defineKernel({
  name: 'attention',
  wgsl: [wgsl],
  bindings: BINDINGS,
  workgroupSize: 64,
  constants: headConstants,
  grid: (s: { headsQ: number; tokens: number }) => [s.headsQ, s.tokens, 1],
});

export interface SplitParams {
  /** Keys per workgroup. */
  splitKeys: number;
  /** Most key ranges a context can have (sizes the partials buffer). */
  maxSplits: number;
}

/** Decode attention: each (head, token)'s keys split into ranges of SPLIT_KEYS, one workgroup each (partials). */
export const attentionSplitSpec = defineKernel({
  name: 'attention-split',
  wgsl: [wgsl],
  bindings: BINDINGS,
  workgroupSize: 64,
  constants: (p: HeadParams & SplitParams) => ({ ...headConstants(p), SPLIT_KEYS: p.splitKeys, MAX_SPLITS: p.maxSplits }),
  grid: (s: { headsQ: number; tokens: number; keys: number; splitKeys: number }) => [s.headsQ, s.tokens, Math.ceil(s.keys / s.splitKeys)],
});
