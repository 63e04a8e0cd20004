import { defineKernel } from '../gpu/kernel-spec';
import { allExpertsConstants, type AllExpertsParams } from './moe-params';
import { mxfp4Wgsl } from './mxfp4';
import pick from './route-pick.wgsl?raw';
import wgsl from './moe-gate-up.wgsl?raw';
import { laneSumsFeatures } from './lane-sums';
import { GATE_UP_ROWS, GROUPS_PER_WORKGROUP, moeRowsStagedWgsl, moeRowsWgsl, moeSumsWgsl } from './moe-rows';

export interface GateUpParams extends AllExpertsParams {
  limit: number;
  /** The post-attention RMSNorm's epsilon: the kernel normalises the residual row itself. */
  eps: number;
  /** Pick each token's experts from the router logits (and write them to `chosen`) instead of reading `chosen`. */
  pick: boolean;
  /** Rounds of GROUPS_PER_WORKGROUP · GATE_UP_ROWS / 2 outputs per workgroup, all from one staged input row. */
  rowSteps: number;
}

/** Few tokens: per (token, chosen expert), RMSNorm folded in, gate/up rows from MXFP4 blocks, clamped SwiGLU; the experts from router-topk or picked from the router logits. */
export const moeGateUpSpec = defineKernel({
  name: 'moe-gate-up',
  wgsl: [pick, moeRowsWgsl, moeRowsStagedWgsl, wgsl],
  capabilityWgsl: (caps) => [...mxfp4Wgsl(caps), ...moeSumsWgsl(caps)],
  features: laneSumsFeatures,
  bindings: [['step', 'uniform'], ['part', 'uniform'], ['x', 'read'], ['norm', 'read'], ['routerLogits', 'read'], ['blocks', 'read'], ['scales', 'read'], ['bias', 'read'], ['act', 'write'], ['chosen', 'write']],
  workgroupSize: 128,
  constants: (p: GateUpParams) => ({ ...allExpertsConstants(p), LIMIT: p.limit, EPS: p.eps, PICK_EXPERTS: p.pick, ROW_STEPS: p.rowSteps }),
  // One slot (token × TOP_K) per x (fastest, see the WGSL); each group of lanes makes GATE_UP_ROWS / 2 outputs (gate and up rows) per round.
  grid: (s: { intermediate: number; slots: number; rowSteps: number }) => [s.slots, Math.ceil(s.intermediate / (GROUPS_PER_WORKGROUP * (GATE_UP_ROWS / 2) * s.rowSteps)), 1],
});
