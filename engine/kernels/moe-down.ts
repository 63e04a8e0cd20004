import { defineKernel } from '../gpu/kernel-spec';
import { expertConstants, type ExpertParams } from './moe-params';
import { mxfp4Wgsl } from './mxfp4';
import wgsl from './moe-down.wgsl?raw';
import { laneSumsFeatures } from './lane-sums';
import { DOWN_ROWS, GROUPS_PER_WORKGROUP, moeRowsStagedWgsl, moeRowsWgsl, moeSumsWgsl } from './moe-rows';

/** Few tokens: down projection + bias of each chosen expert, per (token, expert) slot; moe-combine adds them up. */
export const moeDownSpec = defineKernel({
  name: 'moe-down',
  wgsl: [moeRowsWgsl, moeRowsStagedWgsl, wgsl],
  capabilityWgsl: (caps) => [...mxfp4Wgsl(caps), ...moeSumsWgsl(caps)],
  features: laneSumsFeatures,
  bindings: [['step', 'uniform'], ['part', 'uniform'], ['act', 'read'], ['chosen', 'read'], ['blocks', 'read'], ['scales', 'read'], ['bias', 'read'], ['expertOut', 'write']],
  workgroupSize: 128,
  // rowSteps: rounds of GROUPS_PER_WORKGROUP · DOWN_ROWS outputs per workgroup, all from one staged input row.
  constants: (p: ExpertParams & { rowSteps: number }) => ({ ...expertConstants(p), ROW_STEPS: p.rowSteps }),
  // One slot (token × TOP_K) per x (fastest); each group of lanes makes DOWN_ROWS outputs per round.
  grid: (s: { hidden: number; slots: number; rowSteps: number }) => [s.slots, Math.ceil(s.hidden / (GROUPS_PER_WORKGROUP * DOWN_ROWS * s.rowSteps)), 1],
});
