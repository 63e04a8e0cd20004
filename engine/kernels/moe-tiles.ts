import wgsl from './moe-tiles.wgsl?raw';

/** Lanes per workgroup and slots per tile of the grouped expert kernels: moe-tiles.wgsl's TILE_LANES and
 *  TILE_SLOTS (checked by kernel-specs.test.ts). */
export const TILE_LANES = 128;
export const TILE_SLOTS = 16;
export const moeTilesWgsl = wgsl;
