import { defineKernel } from '../gpu/kernel-spec';
import { expertConstants, type ExpertParams } from './moe-params';
import mxfp4 from './mxfp4.wgsl?raw';
import wgsl from './moe-gate-up-grouped.wgsl?raw';

/** Output pairs (64 weight rows) and slots per workgroup: PAIRS and SLOTS in the WGSL. */
const PAIRS = 32;
const SLOTS = 16;

/** Many tokens: per expert of this part, 16 of its slots × 64 gate/up rows, each MXFP4 block decoded once. */
export const moeGateUpGroupedSpec = defineKernel({
  name: 'moe-gate-up-grouped',
  wgsl: [mxfp4, wgsl],
  bindings: [['step', 'uniform'], ['part', 'uniform'], ['x', 'read'], ['offsets', 'read'], ['slots', 'read'], ['blocks', 'read'], ['scales', 'read'], ['bias', 'read'], ['act', 'write']],
  workgroupSize: 256,
  constants: (p: ExpertParams & { limit: number }) => ({ ...expertConstants(p), LIMIT: p.limit }),
  grid: (s: { intermediate: number; experts: number; slots: number }) => [Math.ceil(s.intermediate / PAIRS), s.experts, Math.ceil(s.slots / SLOTS)],
});
