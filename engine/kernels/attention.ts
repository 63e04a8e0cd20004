import { defineKernel } from '../gpu/kernel-spec';
import { headConstants } from './rope-kv';
import wgsl from './attention.wgsl?raw';

/** Prefill attention with sinks, GQA and the sliding window: one workgroup per (query head, token). */
export const attentionSpec = defineKernel({
  name: 'attention',
  wgsl: [wgsl],
  bindings: [['step', 'uniform'], ['layer', 'uniform'], ['rows', 'read'], ['q', 'read'], ['kCache', 'read'], ['vCache', 'read'], ['sinks', 'read'], ['out', 'write']],
  workgroupSize: 64,
  constants: headConstants,
  grid: (s: { headsQ: number; tokens: number }) => [s.headsQ, s.tokens, 1],
});

