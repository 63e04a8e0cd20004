import { defineKernel } from '../gpu/kernel-spec';
import { expertConstants, type ExpertParams } from './moe-params';
import mxfp4 from './mxfp4.wgsl?raw';
import wgsl from './moe-gate-up.wgsl?raw';
import { GATE_UP_ROWS, GROUPS_PER_WORKGROUP, moeRowsWgsl } from './moe-rows';

export interface GateUpParams extends ExpertParams {
  limit: number;
  /** The post-attention RMSNorm's epsilon: the kernel normalises the residual row itself. */
  eps: number;
}

/** Few tokens: per (token, chosen expert), RMSNorm folded in, gate/up rows from MXFP4 blocks, clamped SwiGLU. */
export const moeGateUpSpec = defineKernel({
  name: 'moe-gate-up',
  wgsl: [mxfp4, moeRowsWgsl, wgsl],
  bindings: [['step', 'uniform'], ['part', 'uniform'], ['x', 'read'], ['norm', 'read'], ['chosen', 'read'], ['blocks', 'read'], ['scales', 'read'], ['bias', 'read'], ['act', 'write']],
  workgroupSize: 128,
  constants: (p: GateUpParams) => ({ ...expertConstants(p), LIMIT: p.limit, EPS: p.eps }),
  // Each group of lanes makes GATE_UP_ROWS / 2 outputs (gate and up rows); one slot (token × TOP_K) per y.
  grid: (s: { intermediate: number; slots: number }) => [Math.ceil(s.intermediate / (GROUPS_PER_WORKGROUP * (GATE_UP_ROWS / 2))), s.slots, 1],
});
