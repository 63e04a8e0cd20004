import { defineKernel } from '../gpu/kernel-spec';
import { allExpertsConstants, type AllExpertsParams } from './moe-params';
import { mxfp4Wgsl } from './mxfp4';
import { DECODE_TILE_SLOTS, LANE_ROWS, moeTilesWgsl, PROMPT_TILE_SLOTS, TILE_LANES, type TileSlots } from './moe-tiles';
import wgsl from './moe-gate-up-grouped.wgsl?raw';

/** Slots grouped by expert: per tile of an expert's slots (of this part's experts) × 128 · LANE_ROWS / 2 gate/up pairs, each MXFP4 value decoded once per tile. */
const groupedGateUp = (tileSlots: TileSlots, name: string) =>
  defineKernel({
    name,
    wgsl: [...moeTilesWgsl(tileSlots), wgsl],
    capabilityWgsl: mxfp4Wgsl,
    bindings: [['step', 'uniform'], ['part', 'uniform'], ['x', 'read'], ['offsets', 'read'], ['slots', 'read'], ['blocks', 'read'], ['scales', 'read'], ['bias', 'read'], ['act', 'write']],
    workgroupSize: TILE_LANES,
    constants: (p: AllExpertsParams & { limit: number; kParts?: number }) => ({ ...allExpertsConstants(p), LIMIT: p.limit, K_PARTS: p.kParts ?? 1 }),
    // x: the most tiles moe-route can list (memory-plan.ts's expertTileBound), fastest, so an expert's tiles run
    // side by side and share its weight rows in the L2 cache; z: the K parts (tile-k-parts.ts).
    grid: (s: { intermediate: number; tiles: number; kParts?: number }) => [s.tiles, Math.ceil(s.intermediate / ((LANE_ROWS / 2) * TILE_LANES)), s.kParts ?? 1],
  });

/** Prompts: 16-slot tiles. */
export const moeGateUpGroupedSpec = groupedGateUp(PROMPT_TILE_SLOTS, 'moe-gate-up-grouped');
/** Batched decode: 4-slot tiles. */
export const moeGateUpGrouped4Spec = groupedGateUp(DECODE_TILE_SLOTS, 'moe-gate-up-grouped-4');
