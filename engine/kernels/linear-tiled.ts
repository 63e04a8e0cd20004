import { defineKernel } from '../gpu/kernel-spec';
import { LINEAR_BINDINGS, linearConstants } from './linear-params';
import wgsl from './linear-tiled.wgsl?raw';

/** Tile of the tiled kernel: 128 weight rows × 32 tokens per workgroup (TN, TM in the WGSL). */
const TILE_ROWS = 128;
const TILE_TOKENS = 32;

/** y (+)= x·Wᵀ + b for many tokens (prompts): 32-token × 128-row output tiles, K in steps of 16. */
export const linearTiledSpec = defineKernel({
  name: 'linear-tiled',
  wgsl: [wgsl],
  bindings: LINEAR_BINDINGS,
  workgroupSize: 256,
  constants: linearConstants,
  // Token tiles along x (fastest), so the tiles of one block of weight rows run together.
  grid: (s: { rows: number; tokens: number }) => [Math.ceil(s.tokens / TILE_TOKENS), Math.ceil(s.rows / TILE_ROWS), 1],
});
