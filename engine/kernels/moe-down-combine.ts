import { defineKernel } from '../gpu/kernel-spec';
import { laneSumsFeatures } from './lane-sums';
import { allExpertsConstants, type AllExpertsParams } from './moe-params';
import { GROUPS_PER_WORKGROUP, moeRowsWgsl, moeSumsWgsl } from './moe-rows';
import { mxfp4Wgsl } from './mxfp4';
import wgsl from './moe-down-combine.wgsl?raw';

/** Output rows per workgroup round: moe-down-combine.wgsl's R. */
export const DOWN_COMBINE_ROWS = 4;

/** Whether one dispatch can take all of a token's experts: one group of lanes per expert. */
export const downCombineFits = (topK: number) => topK <= GROUPS_PER_WORKGROUP;

/** Few tokens, experts in one weight part: down projection + bias of each chosen expert and the routing-weighted sum into the residual, in one dispatch. */
export const moeDownCombineSpec = defineKernel({
  name: 'moe-down-combine',
  wgsl: [moeRowsWgsl, wgsl],
  capabilityWgsl: (caps) => [...mxfp4Wgsl(caps), ...moeSumsWgsl(caps)],
  features: laneSumsFeatures,
  bindings: [['step', 'uniform'], ['routerLogits', 'read'], ['chosen', 'read'], ['act', 'read'], ['blocks', 'read'], ['scales', 'read'], ['bias', 'read'], ['x', 'write']],
  workgroupSize: 128,
  constants: (p: AllExpertsParams & { rowSteps: number }) => ({ ...allExpertsConstants(p), ROW_STEPS: p.rowSteps }),
  // Tokens along x (fastest); each workgroup makes DOWN_COMBINE_ROWS rows per round.
  grid: (s: { hidden: number; tokens: number; rowSteps: number }) => [s.tokens, Math.ceil(s.hidden / (DOWN_COMBINE_ROWS * s.rowSteps)), 1],
});
