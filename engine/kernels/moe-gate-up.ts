import { defineKernel } from '../gpu/kernel-spec';
import { expertConstants, type ExpertParams } from './moe-params';
import mxfp4 from './mxfp4.wgsl?raw';
import wgsl from './moe-gate-up.wgsl?raw';

/** Few tokens: per (token, chosen expert), gate/up rows from MXFP4 blocks and the clamped SwiGLU. */
export const moeGateUpSpec = defineKernel({
  name: 'moe-gate-up',
  wgsl: [mxfp4, wgsl],
  bindings: [['step', 'uniform'], ['part', 'uniform'], ['x', 'read'], ['chosen', 'read'], ['blocks', 'read'], ['scales', 'read'], ['bias', 'read'], ['act', 'write']],
  workgroupSize: 64,
  constants: (p: ExpertParams & { limit: number }) => ({ ...expertConstants(p), LIMIT: p.limit }),
  // Two outputs per workgroup (32 lanes each) and one slot (token × TOP_K) per y.
  grid: (s: { intermediate: number; slots: number }) => [Math.ceil(s.intermediate / 2), s.slots, 1],
});
