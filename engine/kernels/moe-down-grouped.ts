import { defineKernel } from '../gpu/kernel-spec';
import { allExpertsConstants, type AllExpertsParams } from './moe-params';
import { mxfp4Wgsl } from './mxfp4';
import { DECODE_TILE_SLOTS, LANE_ROWS, moeTilesWgsl, PROMPT_TILE_SLOTS, TILE_LANES, type TileSlots } from './moe-tiles';
import wgsl from './moe-down-grouped.wgsl?raw';

/** Slots grouped by expert: per tile of an expert's slots (of this part's experts) × 128 · LANE_ROWS output rows; each slot's output kept apart. */
const groupedDown = (tileSlots: TileSlots, name: string) =>
  defineKernel({
    name,
    wgsl: [...moeTilesWgsl(tileSlots), wgsl],
    capabilityWgsl: mxfp4Wgsl,
    bindings: [['step', 'uniform'], ['part', 'uniform'], ['act', 'read'], ['offsets', 'read'], ['slots', 'read'], ['blocks', 'read'], ['scales', 'read'], ['bias', 'read'], ['expertOut', 'write']],
    workgroupSize: TILE_LANES,
    constants: (p: AllExpertsParams & { kParts?: number }) => ({ ...allExpertsConstants(p), K_PARTS: p.kParts ?? 1 }),
    // x: the most tiles moe-route can list, fastest (as gate/up): an expert's tiles share its weight rows in the L2
    // cache; z: the K parts.
    grid: (s: { hidden: number; tiles: number; kParts?: number }) => [s.tiles, Math.ceil(s.hidden / (LANE_ROWS * TILE_LANES)), s.kParts ?? 1],
  });

/** Prompts: 16-slot tiles. */
export const moeDownGroupedSpec = groupedDown(PROMPT_TILE_SLOTS, 'moe-down-grouped');
/** Batched decode: 4-slot tiles. */
export const moeDownGrouped4Spec = groupedDown(DECODE_TILE_SLOTS, 'moe-down-grouped-4');
