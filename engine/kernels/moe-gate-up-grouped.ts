import { defineKernel } from '../gpu/kernel-spec';
import { expertConstants, type ExpertParams } from './moe-params';
import { mxfp4Wgsl } from './mxfp4';
import { DECODE_TILE_SLOTS, LANE_ROWS, moeTilesWgsl, PROMPT_TILE_SLOTS, TILE_LANES, tilesPerExpert, type TileSlots } from './moe-tiles';
import wgsl from './moe-gate-up-grouped.wgsl?raw';

/** Slots grouped by expert: per expert of this part, a tile of its slots × 128 · LANE_ROWS / 2 gate/up pairs, each MXFP4 value decoded once per tile. */
const groupedGateUp = (tileSlots: TileSlots, name: string) =>
  defineKernel({
    name,
    wgsl: [...moeTilesWgsl(tileSlots), wgsl],
    capabilityWgsl: mxfp4Wgsl,
    bindings: [['step', 'uniform'], ['part', 'uniform'], ['x', 'read'], ['offsets', 'read'], ['slots', 'read'], ['blocks', 'read'], ['scales', 'read'], ['bias', 'read'], ['act', 'write']],
    workgroupSize: TILE_LANES,
    constants: (p: ExpertParams & { limit: number; kParts?: number }) => ({ ...expertConstants(p), LIMIT: p.limit, K_PARTS: p.kParts ?? 1 }),
    // Tiles fastest, so an expert's tiles run side by side and share its weight rows in the L2 cache; z: each
    // expert's K parts (tile-k-parts.ts).
    grid: (s: { intermediate: number; experts: number; tokens: number; kParts?: number }) => [tilesPerExpert(s.tokens, tileSlots), Math.ceil(s.intermediate / ((LANE_ROWS / 2) * TILE_LANES)), s.experts * (s.kParts ?? 1)],
  });

/** Prompts: 16-slot tiles. */
export const moeGateUpGroupedSpec = groupedGateUp(PROMPT_TILE_SLOTS, 'moe-gate-up-grouped');
/** Batched decode: 4-slot tiles. */
export const moeGateUpGrouped4Spec = groupedGateUp(DECODE_TILE_SLOTS, 'moe-gate-up-grouped-4');
