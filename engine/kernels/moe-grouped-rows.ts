import { defineKernel } from '../gpu/kernel-spec';
import { expertConstants, type ExpertParams } from './moe-params';
import { DECODE_TILE_SLOTS, tilesPerExpert } from './moe-tiles';
import mxfp4 from './mxfp4.wgsl?raw';
import list from './moe-list.wgsl?raw';
import helpers from './moe-grouped-rows.wgsl?raw';
import gateUpWgsl from './moe-gate-up-grouped-rows.wgsl?raw';
import downWgsl from './moe-down-grouped-rows.wgsl?raw';

/** Weight rows per group of 32 lanes (even: gate/up pairs), slots per tile, groups per workgroup (ROWS, SLOTS, WARPS in the WGSL). */
export const GROUPED_ROWS = 4;
export const GROUPED_ROWS_SLOTS = DECODE_TILE_SLOTS;
const WARPS = 4;
export const GROUPED_ROWS_WARPS = WARPS;
const ROWS_PER_WORKGROUP = WARPS * GROUPED_ROWS;

const wgsl = (kernel: string) => [mxfp4, `const ROWS = ${GROUPED_ROWS}u;\nconst SLOTS = ${GROUPED_ROWS_SLOTS}u;`, list, helpers, kernel];

/** Slots grouped by expert, a few per expert: per expert of this part, 4-slot tiles × 8 gate/up pairs per workgroup, lanes splitting each row. */
export const moeGateUpGroupedRowsSpec = defineKernel({
  name: 'moe-gate-up-grouped-rows',
  wgsl: wgsl(gateUpWgsl),
  bindings: [['step', 'uniform'], ['part', 'uniform'], ['x', 'read'], ['offsets', 'read'], ['slots', 'read'], ['blocks', 'read'], ['scales', 'read'], ['bias', 'read'], ['act', 'write']],
  workgroupSize: 32 * WARPS,
  constants: (p: ExpertParams & { limit: number }) => ({ ...expertConstants(p), LIMIT: p.limit }),
  grid: (s: { intermediate: number; experts: number; tokens: number }) => [Math.ceil((2 * s.intermediate) / ROWS_PER_WORKGROUP), s.experts, tilesPerExpert(s.tokens, GROUPED_ROWS_SLOTS)],
});

/** Slots grouped by expert, a few per expert: per expert of this part, 4-slot tiles × 16 output rows per workgroup, lanes splitting each row. */
export const moeDownGroupedRowsSpec = defineKernel({
  name: 'moe-down-grouped-rows',
  wgsl: wgsl(downWgsl),
  bindings: [['step', 'uniform'], ['part', 'uniform'], ['act', 'read'], ['offsets', 'read'], ['slots', 'read'], ['blocks', 'read'], ['scales', 'read'], ['bias', 'read'], ['expertOut', 'write']],
  workgroupSize: 32 * WARPS,
  constants: expertConstants,
  grid: (s: { hidden: number; experts: number; tokens: number }) => [Math.ceil(s.hidden / ROWS_PER_WORKGROUP), s.experts, tilesPerExpert(s.tokens, GROUPED_ROWS_SLOTS)],
});
