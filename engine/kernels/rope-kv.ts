import { defineKernel } from '../gpu/kernel-spec';
import wgsl from './rope-kv.wgsl?raw';

export interface HeadParams {
  headsQ: number;
  headsKv: number;
  headDim: number;
}
export const headConstants = (p: HeadParams) => ({ HEADS_Q: p.headsQ, HEADS_KV: p.headsKv, HEAD_DIM: p.headDim });

/** RoPE on q and k of the stacked q|k|v rows (cos/sin from the f64 table); q out, k and v stored at each row's slot and pos % capacity in the layer's KV cache. */
export const ropeKvSpec = defineKernel({
  name: 'rope-kv',
  wgsl: [wgsl],
  bindings: [['step', 'uniform'], ['layer', 'uniform'], ['rows', 'read'], ['rope', 'read'], ['qkv', 'read'], ['q', 'write'], ['kCache', 'write'], ['vCache', 'write']],
  workgroupSize: 64,
  constants: headConstants,
  // One invocation per rotated pair; y covers the q heads then the kv heads.
  grid: (s: HeadParams & { tokens: number }) => [Math.ceil(s.headDim / 2 / 64), s.headsQ + s.headsKv, s.tokens],
});
