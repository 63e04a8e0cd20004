import wgsl from './moe-tiles.wgsl?raw';

/** Lanes per workgroup of the grouped expert kernels: moe-tiles.wgsl's TILE_LANES (checked by kernel-specs.test.ts). */
export const TILE_LANES = 128;
/** Slots per tile: 16 for prompts; 4 for batched decode, where each expert has only a few of the pass's slots. */
export type TileSlots = 4 | 16;
export const PROMPT_TILE_SLOTS: TileSlots = 16;
export const DECODE_TILE_SLOTS: TileSlots = 4;

/** Weight rows each lane owns: moe-tiles.wgsl's LANE_ROWS (checked by kernel-specs.test.ts). Each staged input feeds LANE_ROWS · TILE_SLOTS multiply-adds. */
export const LANE_ROWS = 2;

/** moe-tiles.wgsl with its tile size. */
export const moeTilesWgsl = (tileSlots: TileSlots): string[] => [`const TILE_SLOTS = ${tileSlots}u;`, wgsl];

