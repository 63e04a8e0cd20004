import { defineKernel } from '../gpu/kernel-spec';
import { expertConstants } from './moe-params';
import mxfp4 from './mxfp4.wgsl?raw';
import wgsl from './moe-down-grouped.wgsl?raw';

/** Output rows and slots per workgroup: ROWS and SLOTS in the WGSL. */
const ROWS = 64;
const SLOTS = 16;

/** Many tokens: per expert of this part, 16 of its slots × 64 output rows; each slot's output kept apart. */
export const moeDownGroupedSpec = defineKernel({
  name: 'moe-down-grouped',
  wgsl: [mxfp4, wgsl],
  bindings: [['step', 'uniform'], ['part', 'uniform'], ['act', 'read'], ['offsets', 'read'], ['slots', 'read'], ['blocks', 'read'], ['scales', 'read'], ['bias', 'read'], ['expertOut', 'write']],
  workgroupSize: 256,
  constants: expertConstants,
  grid: (s: { hidden: number; experts: number; slots: number }) => [Math.ceil(s.hidden / ROWS), s.experts, Math.ceil(s.slots / SLOTS)],
});
