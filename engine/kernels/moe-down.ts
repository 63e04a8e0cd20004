import { defineKernel } from '../gpu/kernel-spec';
import { expertConstants } from './moe-params';
import mxfp4 from './mxfp4.wgsl?raw';
import wgsl from './moe-down.wgsl?raw';
import { DOWN_ROWS, GROUPS_PER_WORKGROUP, moeRowsWgsl } from './moe-rows';

/** Few tokens: down projection of each chosen expert, weighted sum over experts, added to the residual. */
export const moeDownSpec = defineKernel({
  name: 'moe-down',
  wgsl: [mxfp4, moeRowsWgsl, wgsl],
  bindings: [['step', 'uniform'], ['part', 'uniform'], ['act', 'read'], ['chosen', 'read'], ['weights', 'read'], ['blocks', 'read'], ['scales', 'read'], ['bias', 'read'], ['x', 'write']],
  workgroupSize: 64,
  constants: expertConstants,
  // Each group of lanes makes DOWN_ROWS outputs; one token per y.
  grid: (s: { hidden: number; tokens: number }) => [Math.ceil(s.hidden / (GROUPS_PER_WORKGROUP * DOWN_ROWS)), s.tokens, 1],
});
